#include "core/model/dga_model.h"

#include <unistd.h>
#include <xgboost/c_api.h>
#include <yaml-cpp/yaml.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <vector>

#include "core/features/char_ngram_model.h"
#include "core/features/domain_features.h"
#include "core/features/public_suffix.h"
#include "core/model/model_paths.h"
#include "core/model/sha256.h"
#include "core/model/synthetic_families.h"
#include "core/model/tree_ensemble.h"
#include "core/model/xgboost_handle.h"

namespace dnshound::core::model {

namespace {

using features::DomainFeatures;

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ModelError("cannot read model manifest " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

ModelManifest parseManifest(const std::string& path) {
    ModelManifest m;
    m.json = readText(path);
    try {
        const YAML::Node root = YAML::Load(m.json);
        if (!root.IsMap()) throw ModelError("model manifest " + path + " is not a JSON object");
        auto need = [&](const char* key) {
            const YAML::Node n = root[key];
            if (!n) throw ModelError("model manifest " + path + ": missing '" + key + "'");
            return n;
        };
        m.modelFile = need("model_file").as<std::string>();
        m.sha256 = need("sha256").as<std::string>();
        m.featureVersion = need("feature_version").as<int>();
        m.threshold = need("threshold").as<double>();
        if (const YAML::Node c = root["created_by"]) m.createdBy = c.as<std::string>();
        if (const YAML::Node n = root["ngrams_file"]) m.ngramsFile = n.as<std::string>();
        if (const YAML::Node n = root["ngrams_sha256"]) m.ngramsSha256 = n.as<std::string>();
    } catch (const YAML::Exception& e) {
        throw ModelError("model manifest " + path + ": " + e.what());
    }
    return m;
}

}  // namespace

struct DgaModel::Impl {
    // XGBoost's copy of the trees: the reference for explanations, importances and dumps, and
    // the predictor when there is no ensemble. Parsing it is most of a model load, so with an
    // ensemble it is loaded on first use.
    Booster booster;
    std::once_flag boosterLoaded;
    std::string modelPath;
    ModelManifest manifest;
    std::string predictConfig;
    // The same trees in flat arrays; predict() uses them, XGBoost stays the reference.
    std::optional<TreeEnsemble> ensemble;
    std::string ensembleError;  // why there is no ensemble (a model kind it does not evaluate)
    // This model's language models (also installed for DomainFeatures::extract).
    std::shared_ptr<const features::LanguageModels> languageModels;
    // The booster, loaded (and its feature count checked) on first call.
    BoosterHandle loadedBooster() {
        std::call_once(boosterLoaded, [this] {
            BoosterHandle b = nullptr;
            checkXgboost(XGBoosterCreate(nullptr, 0, &b), "creating booster");
            Booster owner(b);
            checkXgboost(XGBoosterLoadModel(b, modelPath.c_str()), "loading model");
            checkXgboost(XGBoosterSetParam(b, "nthread", "1"), "setting nthread");
            bst_ulong features = 0;
            checkXgboost(XGBoosterGetNumFeature(b, &features), "reading feature count");
            if (features != DomainFeatures::count())
                throw ModelError("model " + modelPath + " expects " + std::to_string(features) +
                                 " features, this build computes " +
                                 std::to_string(DomainFeatures::count()));
            booster = std::move(owner);
        });
        return booster.get();
    }
};

DgaModel::DgaModel() : m_impl(std::make_unique<Impl>()) {}
DgaModel::~DgaModel() = default;

std::unique_ptr<DgaModel> DgaModel::load(const std::string& modelPath) {
    if (!std::filesystem::is_regular_file(modelPath))
        throw ModelError("model file not found: " + modelPath);
    const std::string manifestPath = manifestPathFor(modelPath);
    if (!std::filesystem::is_regular_file(manifestPath))
        throw ModelError("model manifest not found: " + manifestPath);
    // The constructor is private, so make_unique cannot reach it; ownership is immediate.
    std::unique_ptr<DgaModel> model(new DgaModel());
    Impl& d = *model->m_impl;
    d.manifest = parseManifest(manifestPath);
    std::string actual;
    try {
        actual = Sha256::ofFile(modelPath);
    } catch (const std::runtime_error& e) {
        throw ModelError(e.what());
    }
    if (actual != d.manifest.sha256)
        throw ModelError("model file sha256 mismatch: expected " + d.manifest.sha256 + ", got " +
                         actual);
    if (d.manifest.featureVersion != DomainFeatures::version())
        throw ModelError("model " + modelPath + " needs feature version " +
                         std::to_string(d.manifest.featureVersion) + ", this build computes " +
                         std::to_string(DomainFeatures::version()));
    // The character n-gram models the features need: beside the model, checked like it, and
    // installed for DomainFeatures::extract.
    if (d.manifest.ngramsFile.empty())
        throw ModelError("model manifest " + manifestPath + " names no n-gram model file");
    const std::string ngramsPath =
        (std::filesystem::path(modelPath).parent_path() / d.manifest.ngramsFile).string();
    try {
        const std::string ngramsSha = Sha256::ofFile(ngramsPath);
        if (ngramsSha != d.manifest.ngramsSha256)
            throw ModelError("n-gram model sha256 mismatch: expected " + d.manifest.ngramsSha256 +
                             ", got " + ngramsSha);
        d.languageModels = features::LanguageModels::load(ngramsPath);
        features::LanguageModels::install(d.languageModels);
    } catch (const std::runtime_error& e) {
        throw ModelError(e.what());
    }
    d.modelPath = modelPath;
    if (std::filesystem::path(modelPath).extension() == ".json") {
        try {
            d.ensemble = TreeEnsemble::loadXgboostJson(modelPath);
        } catch (const TreeEnsembleError& e) {
            d.ensemble.reset();
            d.ensembleError = e.what();
        }
    } else {
        d.ensembleError = "not a JSON model file";
    }
    // Without an ensemble XGBoost predicts: load it now, so that a bad file fails here.
    if (!d.ensemble) d.loadedBooster();
    const std::size_t features = d.ensemble ? d.ensemble->featureCount() : DomainFeatures::count();
    if (features != DomainFeatures::count())
        throw ModelError("model " + modelPath + " expects " + std::to_string(features) +
                         " features, this build computes " +
                         std::to_string(DomainFeatures::count()));
    d.predictConfig = R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, )"
                      R"("strict_shape": false, "missing": NaN, "cache_id": 0})";
    return model;
}

std::string DgaModel::defaultModelPath() {
    namespace fs = std::filesystem;
    if (const char* dir = std::getenv("DNSHOUND_MODEL_DIR"); dir && *dir)
        return (fs::path(dir) / "dga.json").string();
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed =
            exe.parent_path() / ".." / "share" / "dnshound" / "models" / "dga.json";
        if (fs::is_regular_file(installed, ec)) return installed.lexically_normal().string();
    }
    return std::string(DNSHOUND_SOURCE_MODELS_DIR) + "/dga.json";
}

const ModelManifest& DgaModel::manifest() const {
    return m_impl->manifest;
}

double DgaModel::threshold() const {
    return m_impl->manifest.threshold;
}

bool DgaModel::usesTreeEnsemble() const {
    return m_impl->ensemble.has_value();
}

const std::string& DgaModel::treeEnsembleError() const {
    return m_impl->ensembleError;
}

void DgaModel::predict(std::span<const float> features, std::size_t rows,
                       std::span<float> scores) const {
    if (!m_impl->ensemble) return predictXgboost(features, rows, scores);
    const std::size_t cols = DomainFeatures::count();
    if (features.size() < rows * cols || scores.size() < rows)
        throw ModelError("predict: buffers smaller than rows x features");
    m_impl->ensemble->predict(features, rows, scores);
}

void DgaModel::predictXgboost(std::span<const float> features, std::size_t rows,
                              std::span<float> scores) const {
    const std::size_t cols = DomainFeatures::count();
    if (features.size() < rows * cols || scores.size() < rows)
        throw ModelError("predict: buffers smaller than rows x features");
    if (rows == 0) return;
    // Inplace prediction over the caller's buffer: no DMatrix copy.
    std::array<char, 256> iface;
    const int n = std::snprintf(
        iface.data(), iface.size(),
        R"({"data": [%llu, true], "shape": [%zu, %zu], "typestr": "<f4", "version": 3})",
        static_cast<unsigned long long>(reinterpret_cast<std::uintptr_t>(features.data())), rows,
        cols);
    if (n <= 0 || static_cast<std::size_t>(n) >= iface.size())
        throw ModelError("predict: array interface too long");
    const bst_ulong* shape = nullptr;
    bst_ulong dim = 0;
    const float* result = nullptr;
    checkXgboost(
        XGBoosterPredictFromDense(m_impl->loadedBooster(), iface.data(),
                                  m_impl->predictConfig.c_str(), nullptr, &shape, &dim, &result),
        "predicting");
    std::memcpy(scores.data(), result, rows * sizeof(float));
}

namespace {

// Prediction of one row through a DMatrix (contributions need one; inplace prediction does not
// support them). `type`: 1 margin, 2 exact SHAP contributions.
std::vector<float> predictOneRow(BoosterHandle booster, std::span<const float> row, int type) {
    const std::size_t cols = DomainFeatures::count();
    if (row.size() < cols) throw ModelError("explain: feature row shorter than the feature count");
    DMatrixHandle h = nullptr;
    checkXgboost(XGDMatrixCreateFromMat(row.data(), 1, cols, std::nanf(""), &h),
                 "creating DMatrix");
    const DMatrix matrix(h);
    const std::string config =
        R"({"type": )" + std::to_string(type) +
        R"(, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false})";
    const bst_ulong* shape = nullptr;
    bst_ulong dim = 0;
    const float* result = nullptr;
    checkXgboost(XGBoosterPredictFromDMatrix(booster, h, config.c_str(), &shape, &dim, &result),
                 "predicting contributions");
    bst_ulong size = 1;
    for (bst_ulong i = 0; i < dim; ++i) size *= shape[i];
    return {result, result + size};
}

}  // namespace

std::vector<float> DgaModel::contributions(std::span<const float> featureRow) const {
    std::vector<float> c = predictOneRow(m_impl->loadedBooster(), featureRow, 2);
    if (c.size() != DomainFeatures::count() + 1)
        throw ModelError("explain: unexpected contribution count " + std::to_string(c.size()));
    return c;
}

float DgaModel::margin(std::span<const float> featureRow) const {
    const std::vector<float> m = predictOneRow(m_impl->loadedBooster(), featureRow, 1);
    if (m.size() != 1) throw ModelError("explain: unexpected margin shape");
    return m[0];
}

DgaModel::Explanation DgaModel::explain(std::string_view name) const {
    Explanation e;
    e.features.resize(DomainFeatures::count());
    DomainFeatures::extract(name, e.features);
    e.contributions = contributions(e.features);
    e.bias = e.contributions.back();
    e.contributions.pop_back();
    e.margin = margin(e.features);
    e.score = 1.0f / (1.0f + std::exp(-e.margin));
    e.resemblance = resemblance(name);
    return e;
}

DgaModel::FamilyResemblance DgaModel::resemblance(std::string_view name) const {
    FamilyResemblance out;
    const features::FamilyProfiles& profiles = m_impl->languageModels->families;
    // The label the family features read (DomainFeatures::extract).
    const std::string_view label =
        features::PublicSuffix::split(name.substr(0, 255)).secondLevelLabel;
    // The synthetic families help the trees but are no families to attribute.
    const features::FamilyProfiles::Resemblance r =
        profiles.resemblance(label, kSyntheticFamilyPrefix);
    if (r.family < 0) return out;
    out.family = profiles.families()[static_cast<std::size_t>(r.family)];
    out.llr = r.llr;
    out.margin = r.margin;
    return out;
}

std::vector<double> DgaModel::featureImportance(const std::string& type) const {
    const std::string config = R"({"importance_type": ")" + type + R"("})";
    bst_ulong nFeatures = 0, dim = 0;
    const char** names = nullptr;
    const bst_ulong* shape = nullptr;
    const float* scores = nullptr;
    checkXgboost(XGBoosterFeatureScore(m_impl->loadedBooster(), config.c_str(), &nFeatures, &names,
                                       &dim, &shape, &scores),
                 "feature importance");
    std::vector<double> out(DomainFeatures::count(), 0.0);
    for (bst_ulong i = 0; i < nFeatures; ++i) {
        const std::string_view n(names[i]);
        if (n.size() < 2 || n[0] != 'f') continue;
        const std::size_t index = std::strtoul(names[i] + 1, nullptr, 10);
        if (index < out.size()) out[index] = scores[i];
    }
    return out;
}

std::vector<std::string> DgaModel::treeDump() const {
    bst_ulong n = 0;
    const char** trees = nullptr;
    checkXgboost(XGBoosterDumpModelEx(m_impl->loadedBooster(), "", 1, "text", &n, &trees),
                 "dumping trees");
    return {trees, trees + n};
}

void DgaModel::scoreNames(std::span<const std::string_view> names, std::span<float> scores) const {
    const std::size_t cols = DomainFeatures::count();
    std::vector<float> matrix(names.size() * cols);
    for (std::size_t i = 0; i < names.size(); ++i)
        DomainFeatures::extract(names[i], std::span<float>(matrix).subspan(i * cols, cols));
    predict(matrix, names.size(), scores);
}

}  // namespace dnshound::core::model
