#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/tree_ensemble.h"

namespace dnshound::core::model {

// The trained tunnel-name classifier (models/tunnel.json, from `dnshound-cli train-tunnel`):
// XGBoost trees over TunnelNameFeatures of a name's subdomain part, evaluated with the flat
// TreeEnsemble. Immutable after loading; score() may be called from several threads.
class TunnelModel final {
public:
    // Loads the model and the manifest beside it; verifies the sha256, the feature set and its
    // version. Throws ModelError (dga_model.h) naming what is wrong.
    static std::shared_ptr<const TunnelModel> load(const std::string& modelPath);
    // $DNSHOUND_MODEL_DIR/tunnel.json, then <exe>/../share/dnshound/models, then the source
    // tree's models/ folder.
    static std::string defaultModelPath();
    // The shipped model loaded once per process, or null (then `error` says why).
    static std::shared_ptr<const TunnelModel> shipped(std::string* error = nullptr);

    // Probability that the name (normalised, full) is a tunnel query, from its subdomain alone.
    float score(std::string_view name) const;
    // The same for many names at once (the evaluator walks rows in blocks: much cheaper per
    // name than one at a time). `features` is a reusable buffer.
    void score(std::span<const std::string_view> names, std::vector<float>& features,
               std::span<float> out) const;
    double threshold() const { return m_threshold; }
    const std::string& sha256() const { return m_sha256; }
    const std::string& path() const { return m_path; }

    explicit TunnelModel(TreeEnsemble ensemble) : m_ensemble(std::move(ensemble)) {}

private:
    TreeEnsemble m_ensemble;
    double m_threshold = 0.5;
    std::string m_sha256, m_path;
};

}  // namespace dnshound::core::model
