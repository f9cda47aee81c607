#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace dnshound::core::explain {

// The distribution of every lexical feature (DomainFeatures order) over a reference sample of
// names, typically benign ones: where does one name's value fall among them?
class FeatureQuantiles final {
public:
    FeatureQuantiles() = default;
    // Extracts the features of every name (normalised: lower case, no trailing dot).
    static FeatureQuantiles fromNames(std::span<const std::string> names);

    std::size_t sampleSize() const { return m_sampleSize; }
    std::size_t featureCount() const { return m_sorted.size(); }
    // Share of the sample whose value is below `value`, counting ties as half (0..1); -1 when
    // the sample is empty.
    double percentile(std::size_t feature, float value) const;
    // The value at quantile q (0..1, nearest rank); NaN when the sample is empty.
    float quantile(std::size_t feature, double q) const;

private:
    std::vector<std::vector<float>> m_sorted;  // per feature, ascending
    std::size_t m_sampleSize = 0;
};

}  // namespace dnshound::core::explain
