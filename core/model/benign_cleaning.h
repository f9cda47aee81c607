#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/training_data.h"

namespace dnshound::core::model {

// Label-noise cleaning of the benign class (confident-learning style): a top-sites list built
// from resolver popularity contains real DGA names (sinkholed domains resolve a lot). Every
// benign name is scored out of fold by a smaller model that never saw it; names scoring at or
// above the threshold are "suspected DGA in the benign list".
struct CleaningOptions {
    int folds = 4;            // K; the trainer's default is off (0)
    double threshold = 0.99;  // fixed before looking at the outcome
    int rounds = 150;
    int maxDepth = 6;
    double eta = 0.2;
    int threads = 2;
    std::uint64_t seed = 1;
};

// The fold of a benign name: the split's hash of its second-level label (so every variant of a
// label under other suffixes lands in the same fold), digits above the split's decimal bucket.
int cleaningFold(std::string_view name, int folds);

// Fold k's model trains on the DGA rows of the training split and the benign rows (of every
// split) outside fold k, and scores the benign rows of fold k. Indices into `rows`.
struct CleaningFold {
    std::vector<std::size_t> train;
    std::vector<std::size_t> heldOut;
};
std::vector<CleaningFold> cleaningFolds(std::span<const LabelledName> rows, int folds);

// What the fold models saw and scored, for tests: per fold, the names whose rows trained the
// booster and whose second-level labels trained the n-gram models, and the names scored.
struct CleaningTrace {
    std::vector<std::vector<std::string>> trainedOn;
    std::vector<std::vector<std::string>> scored;
};

struct CleaningResult {
    std::vector<float> scores;          // per row of `rows`; NaN for rows not scored (DGA)
    std::vector<std::size_t> suspects;  // benign rows scoring >= threshold, by descending score
};

CleaningResult findBenignSuspects(std::span<const LabelledName> rows, const CleaningOptions& o,
                                  const std::function<void(std::string_view)>& log,
                                  CleaningTrace* trace = nullptr);

}  // namespace dnshound::core::model
