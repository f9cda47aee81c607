#pragma once

#include <cstddef>
#include <span>

namespace dnshound::core::model {

// Binary-classifier measures over scores (higher = more DGA) and labels (true = DGA).

// Area under the ROC curve (Mann-Whitney, ties counted half).
double rocAuc(std::span<const float> scores, std::span<const bool> labels);

// The lowest threshold t such that at most floor(fpr * n) of the n benign scores are >= t.
double thresholdForFpr(std::span<const float> scores, std::span<const bool> labels, double fpr);

struct Confusion {
    std::size_t tp = 0, fp = 0, tn = 0, fn = 0;
    double precision() const;
    double recall() const;  // = TPR
    double fpr() const;
    double f1() const;
};
// Counts with "score >= threshold" called DGA.
Confusion confusionAt(std::span<const float> scores, std::span<const bool> labels,
                      double threshold);

}  // namespace dnshound::core::model
