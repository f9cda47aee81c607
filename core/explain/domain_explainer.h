#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/explain/feature_quantiles.h"

namespace dnshound::core::model {
class DgaModel;
}

namespace dnshound::core::explain {

// One feature's part in a name's score.
struct FeatureContribution {
    std::size_t index = 0;  // in DomainFeatures order
    std::string name;
    std::string description;
    float value = 0;
    float contribution = 0;          // SHAP value, log-odds; > 0 pushes towards DGA
    double benignPercentile = -1.0;  // where `value` falls in the benign sample (0..1), -1 unknown
    float benignLow = 0;             // benign 5th, 50th and 95th percentile (NaN unknown)
    float benignMedian = 0;
    float benignHigh = 0;
};

// Why the model scored a name as it did.
struct DomainExplanation {
    std::string domain;
    std::vector<FeatureContribution> features;  // DomainFeatures order
    float bias = 0;                             // expected margin
    float margin = 0;                           // bias + sum of contributions
    float score = 0;                            // probability of DGA
    double threshold = 0.5;                     // the model's DGA threshold
    std::size_t benignSampleSize = 0;
    std::string resemblesFamily;   // closest DGA family profile (DgaModel::resemblance), or empty
    float familyLlr = 0;           // that family over benign, nats
    float familyMargin = 0;        // over the next family, nats
    bool familyConfident = false;  // margin high enough to trust (FamilyResemblance::confident)
};

// Mean |SHAP| of every feature over a sample of names.
struct GlobalImportance {
    std::vector<std::string> names;  // DomainFeatures order
    std::vector<double> meanAbsContribution;
    std::size_t sampleSize = 0;
};

// Explains a model's scores with SHAP contributions and puts each feature value next to a
// benign reference distribution. Thread-compatible: one instance per thread.
class DomainExplainer final {
public:
    DomainExplainer(std::unique_ptr<model::DgaModel> model, FeatureQuantiles benign);
    ~DomainExplainer();
    DomainExplainer(const DomainExplainer&) = delete;
    DomainExplainer& operator=(const DomainExplainer&) = delete;

    const model::DgaModel& model() const { return *m_model; }
    const FeatureQuantiles& benign() const { return m_benign; }

    DomainExplanation explain(std::string_view domain) const;
    GlobalImportance globalImportance(std::span<const std::string> names) const;

    // The features with the largest |contribution|, most first.
    static std::vector<FeatureContribution> topContributions(const DomainExplanation& e,
                                                             std::size_t count);

private:
    std::unique_ptr<model::DgaModel> m_model;
    FeatureQuantiles m_benign;
};

}  // namespace dnshound::core::explain
