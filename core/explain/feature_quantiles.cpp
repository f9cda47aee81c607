#include "core/explain/feature_quantiles.h"

#include <algorithm>
#include <cmath>

#include "core/features/domain_features.h"

namespace dnshound::core::explain {

using features::DomainFeatures;

FeatureQuantiles FeatureQuantiles::fromNames(std::span<const std::string> names) {
    FeatureQuantiles q;
    const std::size_t cols = DomainFeatures::count();
    q.m_sorted.assign(cols, {});
    for (auto& column : q.m_sorted) column.reserve(names.size());
    std::vector<float> row(cols);
    for (const std::string& name : names) {
        DomainFeatures::extract(name, row);
        for (std::size_t f = 0; f < cols; ++f) q.m_sorted[f].push_back(row[f]);
    }
    for (auto& column : q.m_sorted) std::sort(column.begin(), column.end());
    q.m_sampleSize = names.size();
    return q;
}

double FeatureQuantiles::percentile(std::size_t feature, float value) const {
    if (m_sampleSize == 0 || feature >= m_sorted.size()) return -1.0;
    const auto& column = m_sorted[feature];
    const auto [lo, hi] = std::equal_range(column.begin(), column.end(), value);
    const auto below = static_cast<double>(lo - column.begin());
    const auto ties = static_cast<double>(hi - lo);
    return (below + ties / 2.0) / static_cast<double>(column.size());
}

float FeatureQuantiles::quantile(std::size_t feature, double q) const {
    if (m_sampleSize == 0 || feature >= m_sorted.size()) return std::nanf("");
    const auto& column = m_sorted[feature];
    const double clamped = std::clamp(q, 0.0, 1.0);
    const auto index =
        static_cast<std::size_t>(std::lround(clamped * static_cast<double>(column.size() - 1)));
    return column[index];
}

}  // namespace dnshound::core::explain
