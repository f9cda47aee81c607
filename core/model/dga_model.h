#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dnshound::core::model {

class ModelError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// What the manifest next to a model file says about it (models/dga.json -> dga.manifest.json).
struct ModelManifest {
    std::string modelFile;     // file name, relative to the manifest
    std::string sha256;        // of the model file; load() refuses a mismatch
    int featureVersion = 0;    // DomainFeatures::version() the model was trained with
    double threshold = 0.5;    // score at or above which a name is called DGA
    std::string createdBy;     // the command line that trained it
    std::string ngramsFile;    // the character n-gram language models (feature version >= 3)
    std::string ngramsSha256;  // their sha256; load() refuses a mismatch
    std::string json;          // the whole manifest (data summary, metrics) for reports
};

// A trained XGBoost DGA classifier. Thread-compatible: one instance per thread that predicts.
class DgaModel final {
public:
    // Loads the model and its manifest; verifies the sha256 and the feature version.
    static std::unique_ptr<DgaModel> load(const std::string& modelPath);
    // The shipped model: $DNSHOUND_MODEL_DIR, then <exe>/../share/dnshound/models, then the
    // source tree's models/ folder.
    static std::string defaultModelPath();

    ~DgaModel();
    DgaModel(const DgaModel&) = delete;
    DgaModel& operator=(const DgaModel&) = delete;

    const ModelManifest& manifest() const;
    double threshold() const;

    // Scores `rows` feature vectors laid out row-major (rows x DomainFeatures::count()) into
    // `scores` (probability of DGA, 0..1). One call per batch of distinct names. Uses the flat
    // TreeEnsemble evaluator when the model file is XGBoost JSON of a kind it evaluates, else
    // XGBoost; both give the same scores (to float rounding).
    void predict(std::span<const float> features, std::size_t rows, std::span<float> scores) const;
    // The same through XGBoost's own predictor (the reference; one thread).
    void predictXgboost(std::span<const float> features, std::size_t rows,
                        std::span<float> scores) const;
    // Whether predict() runs the flat evaluator; if not, treeEnsembleError() says why.
    bool usesTreeEnsemble() const;
    const std::string& treeEnsembleError() const;
    // Convenience for a handful of names (CLI score, tests): features + predict.
    void scoreNames(std::span<const std::string_view> names, std::span<float> scores) const;

    // SHAP values (XGBoost pred_contribs, exact TreeSHAP) of one feature row: count() + 1
    // values in log-odds units, one per feature in DomainFeatures::names() order, then the bias
    // (expected margin). They sum to margin(row). For alert drill-downs, not for bulk scoring.
    std::vector<float> contributions(std::span<const float> featureRow) const;
    // The raw model output (log-odds) of one row; score = 1 / (1 + exp(-margin)).
    float margin(std::span<const float> featureRow) const;

    // The DGA family of the training data whose character and length profile the name's
    // second-level label fits best (features::FamilyProfiles::resemblance; never a synthetic
    // training family, see synthetic_families.h): an attribution for
    // analysts, meaningful for names the model calls DGA. `family` is empty when the model has
    // no family profiles. `dnshound-cli test` measures how often it names the right family.
    struct FamilyResemblance {
        // From this margin up the attribution is trusted: on the shipped model's test split,
        // 99.7 % of the names called DGA with a margin of 5-10 nats, and all above, were
        // attributed to their own family (3-5 nats: 88 %, below 3: 38-66 %).
        static constexpr float kConfidentMargin = 5.0f;
        std::string family;
        float llr = 0;     // that family's log-likelihood ratio over benign (nats)
        float margin = 0;  // how much likelier than under the runner-up family (nats)
        bool confident() const { return !family.empty() && margin >= kConfidentMargin; }
    };
    FamilyResemblance resemblance(std::string_view name) const;

    // Everything a drill-down shows for one name.
    struct Explanation {
        std::vector<float> features;       // DomainFeatures::count() values
        std::vector<float> contributions;  // per feature, log-odds
        float bias = 0;                    // expected margin over the training data
        float margin = 0;                  // bias + sum(contributions)
        float score = 0;                   // probability of DGA
        FamilyResemblance resemblance;     // the closest known DGA family
    };
    Explanation explain(std::string_view name) const;

    // Global importance per feature, DomainFeatures order (0 for features no tree uses).
    // `type`: XGBoost's "total_gain", "gain", "weight", "cover" or "total_cover".
    std::vector<double> featureImportance(const std::string& type = "total_gain") const;
    // Text dump of every tree with statistics, features named "f<index>":
    // "0:[f12<0.5] yes=1,no=2,missing=1,gain=...,cover=..." / "3:leaf=0.12,cover=...".
    std::vector<std::string> treeDump() const;

private:
    DgaModel();
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace dnshound::core::model
