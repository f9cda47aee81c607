#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "core/model/classifier_metrics.h"

namespace dnshound::core::model {

struct FamilyDetection {
    std::string family;
    std::size_t names = 0;
    std::size_t detectedAtThreshold = 0;  // score >= the evaluation's threshold
    std::size_t detectedAt1e3 = 0;        // score >= the threshold for benign FPR 1e-3
    double rate() const;
    double rateAt1e3() const;
};

// What `dnshound-cli test` reports for one set of scored, labelled names.
struct Evaluation {
    std::size_t benign = 0, dga = 0;
    double rocAuc = 0;
    double threshold = 0;  // the model's (or the given) decision threshold
    Confusion atThreshold;
    double thresholdAt1e3 = 0, thresholdAt1e4 = 0;
    double tprAt1e3 = 0, tprAt1e4 = 0;
    double targetFpr = 0;
    double thresholdForTarget = 0;  // lowest threshold whose benign FPR <= targetFpr
    Confusion atTarget;
    std::vector<FamilyDetection> families;  // DGA families, by name
    double macroTprAt1e3() const;           // mean of the families' rateAt1e3
};

// Measures scores (probability of DGA) against labels (true = DGA); families name each row's
// family (benign rows' family is ignored).
Evaluation evaluate(std::span<const float> scores, std::span<const bool> labels,
                    std::span<const std::string> families, double threshold, double targetFpr);

// Human-readable (Markdown tables) and JSON renderings.
std::string evaluationMarkdown(const Evaluation& e);
std::string evaluationJson(const Evaluation& e);

}  // namespace dnshound::core::model
