#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/features/char_ngram_model.h"

namespace dnshound::core::model {

// Character n-gram language models for a set of training names, cross-fitted: `models` is the
// pair trained on every training name's second-level label (what serving and held-out names
// get); each training row's own features come from a pair trained without its label's fold, so
// the trees learn what the models say about labels they never saw. The DGA families' profiles
// (FamilyProfiles) are cross-fitted the same way.
struct CrossFittedFeatures {
    std::shared_ptr<const features::LanguageModels> models;
    std::vector<float> features;  // names.size() x DomainFeatures::count(), row-major
};

// `families` names each DGA row's family (the family profiles); benign rows' entries are ignored.
// `unseenShare` of each family's training rows (chosen by a hash of the label) stand in for
// families the model will meet unseen: their features come from models trained without their
// family's group of families, so that the trees also learn what a DGA name looks like when no
// family model knows it.
CrossFittedFeatures crossFitFeatures(std::span<const std::string> names,
                                     const std::vector<bool>& dga,
                                     std::span<const std::string> families,
                                     double unseenShare = 0.0);

}  // namespace dnshound::core::model
