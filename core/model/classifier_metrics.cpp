#include "core/model/classifier_metrics.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <vector>

namespace dnshound::core::model {

double rocAuc(std::span<const float> scores, std::span<const bool> labels) {
    const std::size_t n = std::min(scores.size(), labels.size());
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
    double rankSumPos = 0;
    std::size_t pos = 0;
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i;
        while (j < n && scores[order[j]] == scores[order[i]]) ++j;
        const double avgRank = (static_cast<double>(i) + static_cast<double>(j - 1)) / 2.0 + 1.0;
        for (std::size_t k = i; k < j; ++k)
            if (labels[order[k]]) {
                rankSumPos += avgRank;
                ++pos;
            }
        i = j;
    }
    const std::size_t neg = n - pos;
    if (pos == 0 || neg == 0) return std::nan("");
    const double p = static_cast<double>(pos);
    return (rankSumPos - p * (p + 1) / 2.0) / (p * static_cast<double>(neg));
}

double thresholdForFpr(std::span<const float> scores, std::span<const bool> labels, double fpr) {
    std::vector<float> benign;
    for (std::size_t i = 0; i < std::min(scores.size(), labels.size()); ++i)
        if (!labels[i]) benign.push_back(scores[i]);
    if (benign.empty()) return 0.5;
    std::sort(benign.begin(), benign.end(), std::greater<float>());
    const auto allowed =
        static_cast<std::size_t>(std::floor(fpr * static_cast<double>(benign.size())));
    if (allowed >= benign.size()) return 0.0;
    // Just above the first benign score that must not be called DGA.
    return std::nextafter(benign[allowed], 2.0f);
}

Confusion confusionAt(std::span<const float> scores, std::span<const bool> labels,
                      double threshold) {
    Confusion c;
    for (std::size_t i = 0; i < std::min(scores.size(), labels.size()); ++i) {
        const bool called = scores[i] >= threshold;
        if (labels[i])
            (called ? c.tp : c.fn)++;
        else
            (called ? c.fp : c.tn)++;
    }
    return c;
}

namespace {
double ratio(std::size_t a, std::size_t b) {
    return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b);
}
}  // namespace

double Confusion::precision() const {
    return ratio(tp, tp + fp);
}
double Confusion::recall() const {
    return ratio(tp, tp + fn);
}
double Confusion::fpr() const {
    return ratio(fp, fp + tn);
}
double Confusion::f1() const {
    const double p = precision(), r = recall();
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

}  // namespace dnshound::core::model
