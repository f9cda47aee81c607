#include "core/explain/domain_explainer.h"

#include <algorithm>
#include <cmath>

#include "core/features/domain_features.h"
#include "core/model/dga_model.h"

namespace dnshound::core::explain {

using features::DomainFeatures;

DomainExplainer::DomainExplainer(std::unique_ptr<model::DgaModel> model, FeatureQuantiles benign)
    : m_model(std::move(model)), m_benign(std::move(benign)) {}

DomainExplainer::~DomainExplainer() = default;

DomainExplanation DomainExplainer::explain(std::string_view domain) const {
    const model::DgaModel::Explanation e = m_model->explain(domain);
    DomainExplanation out;
    out.domain = std::string(domain);
    out.bias = e.bias;
    out.margin = e.margin;
    out.score = e.score;
    out.threshold = m_model->threshold();
    out.benignSampleSize = m_benign.sampleSize();
    out.resemblesFamily = e.resemblance.family;
    out.familyLlr = e.resemblance.llr;
    out.familyMargin = e.resemblance.margin;
    out.familyConfident = e.resemblance.confident();
    const auto& names = DomainFeatures::names();
    const auto& descriptions = DomainFeatures::descriptions();
    out.features.reserve(names.size());
    for (std::size_t f = 0; f < names.size(); ++f) {
        FeatureContribution c;
        c.index = f;
        c.name = names[f];
        c.description = f < descriptions.size() ? descriptions[f] : std::string();
        c.value = e.features[f];
        c.contribution = e.contributions[f];
        c.benignPercentile = m_benign.percentile(f, c.value);
        c.benignLow = m_benign.quantile(f, 0.05);
        c.benignMedian = m_benign.quantile(f, 0.5);
        c.benignHigh = m_benign.quantile(f, 0.95);
        out.features.push_back(std::move(c));
    }
    return out;
}

GlobalImportance DomainExplainer::globalImportance(std::span<const std::string> names) const {
    GlobalImportance g;
    g.names = DomainFeatures::names();
    g.meanAbsContribution.assign(g.names.size(), 0.0);
    std::vector<float> row(DomainFeatures::count());
    for (const std::string& name : names) {
        DomainFeatures::extract(name, row);
        const std::vector<float> c = m_model->contributions(row);
        for (std::size_t f = 0; f < g.names.size(); ++f)
            g.meanAbsContribution[f] += std::fabs(c[f]);
    }
    if (!names.empty()) {
        for (double& v : g.meanAbsContribution) v /= static_cast<double>(names.size());
    }
    g.sampleSize = names.size();
    return g;
}

std::vector<FeatureContribution> DomainExplainer::topContributions(const DomainExplanation& e,
                                                                   std::size_t count) {
    std::vector<FeatureContribution> sorted = e.features;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const FeatureContribution& a, const FeatureContribution& b) {
                         return std::fabs(a.contribution) > std::fabs(b.contribution);
                     });
    if (sorted.size() > count) sorted.resize(count);
    return sorted;
}

}  // namespace dnshound::core::explain
