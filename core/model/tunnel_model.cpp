#include "core/model/tunnel_model.h"

#include <yaml-cpp/yaml.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "core/features/tunnel_name_features.h"
#include "core/model/dga_model.h"
#include "core/model/model_paths.h"
#include "core/model/sha256.h"

namespace dnshound::core::model {

using features::TunnelNameFeatures;

std::shared_ptr<const TunnelModel> TunnelModel::load(const std::string& modelPath) {
    const std::string manifestPath = manifestPathFor(modelPath);
    std::ifstream in(manifestPath, std::ios::binary);
    if (!in) throw ModelError("cannot read tunnel model manifest " + manifestPath);
    std::ostringstream text;
    text << in.rdbuf();
    std::string sha;
    double threshold = 0;
    try {
        const YAML::Node root = YAML::Load(text.str());
        if (!root.IsMap() || !root["sha256"] || !root["threshold"] || !root["feature_version"])
            throw ModelError("tunnel model manifest " + manifestPath +
                             ": needs sha256, threshold and feature_version");
        if (!root["feature_set"] || root["feature_set"].as<std::string>() != "tunnel_name")
            throw ModelError("tunnel model manifest " + manifestPath +
                             ": not a tunnel-name model (feature_set)");
        const int version = root["feature_version"].as<int>();
        if (version != TunnelNameFeatures::version())
            throw ModelError("tunnel model " + modelPath + " has feature version " +
                             std::to_string(version) + ", this build computes version " +
                             std::to_string(TunnelNameFeatures::version()));
        sha = root["sha256"].as<std::string>();
        threshold = root["threshold"].as<double>();
    } catch (const YAML::Exception& e) {
        throw ModelError("tunnel model manifest " + manifestPath + ": " + e.what());
    }
    if (Sha256::ofFile(modelPath) != sha)
        throw ModelError("tunnel model " + modelPath + " does not match its manifest's sha256");
    TreeEnsemble ensemble = [&] {
        try {
            return TreeEnsemble::loadXgboostJson(modelPath);
        } catch (const TreeEnsembleError& e) {
            throw ModelError("tunnel model " + modelPath + ": " + e.what());
        }
    }();
    if (ensemble.featureCount() != TunnelNameFeatures::count())
        throw ModelError("tunnel model " + modelPath + " expects " +
                         std::to_string(ensemble.featureCount()) + " features, not " +
                         std::to_string(TunnelNameFeatures::count()));
    auto m = std::make_shared<TunnelModel>(std::move(ensemble));
    m->m_threshold = threshold;
    m->m_sha256 = sha;
    m->m_path = modelPath;
    return m;
}

std::string TunnelModel::defaultModelPath() {
    namespace fs = std::filesystem;
    if (const char* dir = std::getenv("DNSHOUND_MODEL_DIR"); dir && *dir)
        return (fs::path(dir) / "tunnel.json").string();
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed =
            exe.parent_path() / ".." / "share" / "dnshound" / "models" / "tunnel.json";
        if (fs::is_regular_file(installed, ec)) return installed.lexically_normal().string();
    }
    return std::string(DNSHOUND_SOURCE_MODELS_DIR) + "/tunnel.json";
}

std::shared_ptr<const TunnelModel> TunnelModel::shipped(std::string* error) {
    static std::once_flag once;
    static std::shared_ptr<const TunnelModel> model;
    static std::string failure;
    std::call_once(once, [] {
        try {
            model = load(defaultModelPath());
        } catch (const std::exception& e) {
            failure = e.what();
        }
    });
    if (error) *error = failure;
    return model;
}

void TunnelModel::score(std::span<const std::string_view> names, std::vector<float>& features,
                        std::span<float> out) const {
    const std::size_t cols = TunnelNameFeatures::count();
    features.resize(names.size() * cols);
    for (std::size_t i = 0; i < names.size(); ++i)
        TunnelNameFeatures::extract(names[i], std::span<float>(features).subspan(i * cols, cols));
    m_ensemble.predict(features, names.size(), out);
}

float TunnelModel::score(std::string_view name) const {
    std::array<float, TunnelNameFeatures::kCount> row{};
    TunnelNameFeatures::extract(name, row);
    float out = 0;
    m_ensemble.predict(row, 1, std::span<float>(&out, 1));
    return out;
}

}  // namespace dnshound::core::model
