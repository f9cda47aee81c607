#include "core/model/dga_trainer.h"

#include <xgboost/c_api.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>

#include "core/features/char_ngram_model.h"
#include "core/features/domain_features.h"
#include "core/features/public_suffix.h"
#include "core/model/classifier_metrics.h"
#include "core/model/model_paths.h"
#include "core/model/sha256.h"
#include "core/model/training_data.h"
#include "core/text/json_writer.h"

namespace dnshound::core::model {

namespace {

using features::DomainFeatures;
using text::JsonObjectWriter;

constexpr int kLmFolds = 5;

// Cross-fitting fold of a training label (a hash independent of the split's).
int labelFold(std::string_view label) {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (char c : label) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    h ^= h >> 29;
    return static_cast<int>(h % kLmFolds);
}

void check(int rc, const char* what) {
    if (rc != 0) throw std::runtime_error(std::string(what) + ": " + XGBGetLastError());
}

struct DMatrixDeleter {
    void operator()(void* h) const { XGDMatrixFree(h); }
};
struct BoosterDeleter {
    void operator()(void* h) const { XGBoosterFree(h); }
};
using DMatrix = std::unique_ptr<void, DMatrixDeleter>;
using Booster = std::unique_ptr<void, BoosterDeleter>;

// One split's rows: names, labels, families and features.
struct SplitData {
    std::vector<std::string> names;
    std::vector<std::string> families;
    std::vector<bool> labelBits;
    std::vector<float> features;
    std::size_t benign = 0, dga = 0;
};

DMatrix makeDMatrix(const SplitData& d) {
    DMatrixHandle h = nullptr;
    check(XGDMatrixCreateFromMat(d.features.data(), d.names.size(), DomainFeatures::count(),
                                 std::nanf(""), &h),
          "creating DMatrix");
    DMatrix m(h);
    std::vector<float> labels(d.labelBits.begin(), d.labelBits.end());
    check(XGDMatrixSetFloatInfo(h, "label", labels.data(), labels.size()), "setting labels");
    return m;
}

std::vector<float> predictAll(void* booster, void* dmatrix, std::size_t rows) {
    const char* config =
        R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, )"
        R"("strict_shape": false})";
    const bst_ulong* shape = nullptr;
    bst_ulong dim = 0;
    const float* result = nullptr;
    check(XGBoosterPredictFromDMatrix(booster, dmatrix, config, &shape, &dim, &result),
          "predicting");
    return {result, result + rows};
}

std::string xgboostVersion() {
    int major = 0, minor = 0, patch = 0;
    XGBoostVersion(&major, &minor, &patch);
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

std::string fixed(double v, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.*f", digits, v);
    return buf;
}

// Spans over std::vector<bool> are impossible; metrics take bool arrays.
std::unique_ptr<bool[]> boolArray(const std::vector<bool>& v) {
    auto out = std::make_unique<bool[]>(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) out[i] = v[i];
    return out;
}

}  // namespace

DgaTrainer::DgaTrainer(TrainOptions options) : m_options(std::move(options)) {}

std::vector<float> DgaTrainer::featureMatrix(std::span<const std::string> names) {
    return featureMatrix(names, features::LanguageModels::installed());
}

std::vector<float> DgaTrainer::featureMatrix(std::span<const std::string> names,
                                             const features::LanguageModels* models) {
    const std::size_t cols = DomainFeatures::count();
    std::vector<float> m(names.size() * cols);
    for (std::size_t i = 0; i < names.size(); ++i)
        DomainFeatures::extract(names[i], std::span<float>(m).subspan(i * cols, cols), models);
    return m;
}

TrainSummary DgaTrainer::run(const std::function<void(std::string_view)>& log) {
    const auto started = std::chrono::steady_clock::now();
    const TrainOptions& o = m_options;
    if (o.outPath.empty()) throw std::runtime_error("no output model path");
    if (o.rounds < 1 || o.maxDepth < 1) throw std::runtime_error("rounds and depth must be >= 1");

    // 1. Read.
    DatasetSummary summary;
    std::vector<LabelledName> rows;
    std::vector<std::string> sources;
    if (!o.dgaDir.empty())
        for (const std::string& f : dgaFeedFiles(o.dgaDir)) sources.push_back(f);
    for (const std::string& f : o.benignFiles) sources.push_back(f);
    for (const std::string& f : sources) readLabelledCsv(f, rows, summary);
    for (const std::string& d : o.datasetFiles)
        for (const std::string& f : readDataset(d, rows, summary)) sources.push_back(f);
    if (sources.empty()) throw std::runtime_error("no training data given");
    if (!o.excludeFamilies.empty())
        std::erase_if(rows, [&](const LabelledName& r) {
            return r.dga && std::find(o.excludeFamilies.begin(), o.excludeFamilies.end(),
                                      r.family) != o.excludeFamilies.end();
        });
    log("read " + std::to_string(summary.rowsRead) + " rows from " +
        std::to_string(sources.size()) + " files");

    // 2. Clean, cap, split.
    rows = assembleDataset(std::move(rows), o.perFamilyCap, o.seed, summary);
    if (summary.benign == 0 || summary.dga == 0)
        throw std::runtime_error("training needs both benign and DGA names");
    log("kept " + std::to_string(summary.benign) + " benign and " + std::to_string(summary.dga) +
        " DGA names (" + std::to_string(summary.duplicates) + " duplicates, " +
        std::to_string(summary.collisions) + " names in both classes dropped)");
    std::array<SplitData, 3> splits;
    for (LabelledName& r : rows) {
        SplitData& s = splits[static_cast<std::size_t>(splitOf(r.name))];
        (r.dga ? s.dga : s.benign)++;
        s.labelBits.push_back(r.dga);
        s.families.push_back(std::move(r.family));
        s.names.push_back(std::move(r.name));
    }
    rows.clear();
    rows.shrink_to_fit();
    SplitData& train = splits[0];
    SplitData& val = splits[1];
    SplitData& test = splits[2];
    for (SplitData& s : splits)
        if (s.benign == 0 || s.dga == 0)
            throw std::runtime_error("too little data: a split lacks one of the classes");

    // Character n-gram language models of the training split's second-level labels. The shipped
    // pair sees every training label; the training rows' own features come from pairs trained
    // on the other folds (cross-fitting), so the trees learn what the models say about labels
    // they never saw, which is what validation, test and real traffic get.
    std::vector<std::string_view> trainLabels(train.names.size()),
        trainSuffixes(train.names.size());
    std::vector<std::uint8_t> trainFold(train.names.size());
    for (std::size_t i = 0; i < train.names.size(); ++i) {
        const features::DomainSplit parts = features::PublicSuffix::split(train.names[i]);
        trainLabels[i] = parts.secondLevelLabel;
        trainSuffixes[i] = parts.suffix;
        trainFold[i] = static_cast<std::uint8_t>(labelFold(trainLabels[i]));
    }
    auto trainModels = [&](int heldOutFold) {
        std::vector<std::string_view> benign, dga, benignSuffixes, dgaSuffixes;
        for (std::size_t i = 0; i < train.names.size(); ++i) {
            if (trainFold[i] == heldOutFold) continue;
            (train.labelBits[i] ? dga : benign).push_back(trainLabels[i]);
            (train.labelBits[i] ? dgaSuffixes : benignSuffixes).push_back(trainSuffixes[i]);
        }
        auto m = std::make_shared<features::LanguageModels>();
        m->benign = features::CharNgramModel::train(benign);
        m->dga = features::CharNgramModel::train(dga);
        m->benignSuffix = features::CharNgramModel::train(benignSuffixes);
        m->dgaSuffix = features::CharNgramModel::train(dgaSuffixes);
        return m;
    };
    const std::shared_ptr<const features::LanguageModels> shipped = trainModels(-1);
    {
        const std::size_t cols = DomainFeatures::count();
        train.features.resize(train.names.size() * cols);
        for (int fold = 0; fold < kLmFolds; ++fold) {
            const auto models = trainModels(fold);
            for (std::size_t i = 0; i < train.names.size(); ++i)
                if (trainFold[i] == fold)
                    DomainFeatures::extract(
                        train.names[i], std::span<float>(train.features).subspan(i * cols, cols),
                        models.get());
        }
    }
    val.features = featureMatrix(val.names, shipped.get());
    test.features = featureMatrix(test.names, shipped.get());
    log("trained the character n-gram models; features computed");

    // 3. Train.
    DMatrix dtrain = makeDMatrix(train), dval = makeDMatrix(val), dtest = makeDMatrix(test);
    BoosterHandle bh = nullptr;
    DMatrixHandle cache[] = {dtrain.get(), dval.get()};
    check(XGBoosterCreate(cache, 2, &bh), "creating booster");
    Booster booster(bh);
    std::map<std::string, std::string> params = {{"objective", "binary:logistic"},
                                                 {"tree_method", "hist"},
                                                 {"max_depth", std::to_string(o.maxDepth)},
                                                 {"eta", fixed(o.eta, 4)},
                                                 {"nthread", std::to_string(o.threads)},
                                                 {"seed", std::to_string(o.seed)},
                                                 {"eval_metric", "logloss"},
                                                 {"max_bin", "256"},
                                                 {"verbosity", "1"}};
    // A random forest in XGBoost: one boosting round of many trees, each on a row subsample
    // and a feature subsample per split, no shrinkage.
    if (o.randomForest) {
        params["num_parallel_tree"] = std::to_string(o.forestTrees);
        params["subsample"] = "0.632";
        params["colsample_bynode"] = "0.6";
        params["eta"] = "1";
    }
    const int rounds = o.randomForest ? 1 : o.rounds;
    for (const auto& [k, v] : params) check(XGBoosterSetParam(bh, k.c_str(), v.c_str()), "param");
    const char* evalNames[] = {"train", "validation"};
    for (int i = 0; i < rounds; ++i) {
        check(XGBoosterUpdateOneIter(bh, i, dtrain.get()), "training");
        if ((i + 1) % 25 == 0 || i + 1 == rounds) {
            const char* eval = nullptr;
            check(XGBoosterEvalOneIter(bh, i, cache, evalNames, 2, &eval), "evaluating");
            log(eval);
        }
    }

    // 4. Threshold on validation, measures on test.
    const std::vector<float> valScores = predictAll(bh, dval.get(), val.names.size());
    const auto valLabels = boolArray(val.labelBits);
    const double threshold = thresholdForFpr(
        valScores, std::span<const bool>(valLabels.get(), val.names.size()), o.targetFpr);
    const std::vector<float> testScores = predictAll(bh, dtest.get(), test.names.size());
    const auto testLabelArray = boolArray(test.labelBits);
    const std::span<const bool> testLabels(testLabelArray.get(), test.names.size());
    const double auc = rocAuc(testScores, testLabels);
    const Confusion atThreshold = confusionAt(testScores, testLabels, threshold);
    const double tpr3 =
        confusionAt(testScores, testLabels, thresholdForFpr(testScores, testLabels, 1e-3)).recall();
    const double tpr4 =
        confusionAt(testScores, testLabels, thresholdForFpr(testScores, testLabels, 1e-4)).recall();
    std::map<std::string, std::pair<std::size_t, std::size_t>> perFamily;  // detected, total
    for (std::size_t i = 0; i < test.names.size(); ++i) {
        if (!test.labelBits[i]) continue;
        auto& [hit, total] = perFamily[test.families[i]];
        ++total;
        hit += testScores[i] >= threshold;
    }

    // 5. Write model, manifest, report.
    const std::filesystem::path outPath(o.outPath);
    if (outPath.has_parent_path()) std::filesystem::create_directories(outPath.parent_path());
    check(XGBoosterSaveModel(bh, o.outPath.c_str()), "saving model");
    const std::string sha = Sha256::ofFile(o.outPath);
    const std::string ngramsPath = features::ngramPathFor(o.outPath);
    shipped->save(ngramsPath);
    const std::string ngramsSha = Sha256::ofFile(ngramsPath);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    std::string familyJson, familyRateJson, splitJson, json;
    {
        JsonObjectWriter w(familyJson);
        for (const auto& [f, n] : summary.perFamily) w.field(f, static_cast<std::uint64_t>(n));
        w.finish();
    }
    {
        JsonObjectWriter w(familyRateJson);
        for (const auto& [f, ht] : perFamily)
            w.field(f, ht.second ? static_cast<double>(ht.first) / static_cast<double>(ht.second)
                                 : 0.0);
        w.finish();
    }
    {
        JsonObjectWriter w(splitJson);
        const char* names[] = {"train", "validation", "test"};
        for (std::size_t i = 0; i < 3; ++i) {
            std::string one;
            JsonObjectWriter s(one);
            s.field("benign", static_cast<std::uint64_t>(splits[i].benign))
                .field("dga", static_cast<std::uint64_t>(splits[i].dga));
            s.finish();
            w.rawField(names[i], one);
        }
        w.finish();
    }
    std::string dataJson, trainingJson, metricsJson;
    {
        JsonObjectWriter w(dataJson);
        w.field("sources", sources)
            .field("rows_read", static_cast<std::uint64_t>(summary.rowsRead))
            .field("invalid_names", static_cast<std::uint64_t>(summary.invalidNames))
            .field("duplicates", static_cast<std::uint64_t>(summary.duplicates))
            .field("collisions_dropped", static_cast<std::uint64_t>(summary.collisions))
            .field("label_collisions_dropped", static_cast<std::uint64_t>(summary.labelCollisions))
            .field("capped_away", static_cast<std::uint64_t>(summary.cappedAway))
            .field("per_family_cap", static_cast<std::uint64_t>(o.perFamilyCap))
            .field("benign", static_cast<std::uint64_t>(summary.benign))
            .field("dga", static_cast<std::uint64_t>(summary.dga))
            .rawField("dga_per_family", familyJson)
            .rawField("split", splitJson);
        w.finish();
    }
    {
        JsonObjectWriter w(trainingJson);
        w.field("library", "xgboost " + xgboostVersion())
            .field("model", o.randomForest ? "randomforest" : "xgboost")
            .field("forest_trees", o.randomForest ? o.forestTrees : 0)
            .field("excluded_families", o.excludeFamilies)
            .field("objective", "binary:logistic")
            .field("tree_method", "hist")
            .field("rounds", o.rounds)
            .field("max_depth", o.maxDepth)
            .field("eta", o.eta)
            .field("seed", static_cast<std::uint64_t>(o.seed))
            .field("target_fpr", o.targetFpr)
            .field("seconds", seconds);
        w.finish();
    }
    {
        JsonObjectWriter w(metricsJson);
        w.field("split", "test")
            .field("roc_auc", auc)
            .field("threshold", threshold)
            .field("precision", atThreshold.precision())
            .field("recall", atThreshold.recall())
            .field("f1", atThreshold.f1())
            .field("fpr", atThreshold.fpr())
            .field("tpr_at_fpr_1e-3", tpr3)
            .field("tpr_at_fpr_1e-4", tpr4)
            .rawField("detection_rate_per_family", familyRateJson);
        w.finish();
    }
    {
        JsonObjectWriter w(json);
        w.field("model_file", outPath.filename().string())
            .field("sha256", sha)
            .field("ngrams_file", std::filesystem::path(ngramsPath).filename().string())
            .field("ngrams_sha256", ngramsSha)
            .field("feature_version", DomainFeatures::version())
            .field("feature_names", DomainFeatures::names())
            .field("threshold", threshold)
            .field("created_by", o.createdBy)
            .rawField("training", trainingJson)
            .rawField("data", dataJson)
            .rawField("metrics", metricsJson);
        w.finish();
    }
    TrainSummary result;
    result.modelPath = o.outPath;
    result.manifestPath = manifestPathFor(o.outPath);
    result.reportPath = reportPathFor(o.outPath);
    {
        std::ofstream m(result.manifestPath, std::ios::binary | std::ios::trunc);
        m << json << '\n';
        if (!m) throw std::runtime_error("cannot write " + result.manifestPath);
    }

    std::ofstream r(result.reportPath, std::ios::trunc);
    r << "# DGA model training report\n\n"
      << "Command: `" << o.createdBy << "`\n\n"
      << "Model: `" << outPath.filename().string() << "` (sha256 `" << sha << "`), XGBoost "
      << xgboostVersion() << ", "
      << (o.randomForest ? "random forest of " + std::to_string(o.forestTrees) + " trees"
                         : std::to_string(o.rounds) + " boosting rounds")
      << ", depth " << o.maxDepth << ", eta " << o.eta << ", feature version "
      << DomainFeatures::version() << " (" << DomainFeatures::count() << " features). Trained in "
      << fixed(seconds, 1) << " s.\n\n"
      << "## Data\n\n"
      << "| | count |\n|---|---:|\n"
      << "| rows read | " << summary.rowsRead << " |\n"
      << "| invalid names dropped | " << summary.invalidNames << " |\n"
      << "| duplicates dropped | " << summary.duplicates << " |\n"
      << "| names in both classes dropped | " << summary.collisions << " |\n"
      << "| rows whose second-level label is in both classes, dropped | " << summary.labelCollisions
      << " |\n"
      << "| DGA rows left out by the per-family cap (" << o.perFamilyCap << ") | "
      << summary.cappedAway << " |\n"
      << "| benign kept | " << summary.benign << " |\n"
      << "| DGA kept | " << summary.dga << " |\n\n"
      << "Split 80/10/10 by a hash of the second-level label: train " << train.benign
      << " benign / " << train.dga << " DGA, validation " << val.benign << " / " << val.dga
      << ", test " << test.benign << " / " << test.dga << ".\n\n"
      << "## Test split\n\n"
      << "Threshold " << threshold << " (validation benign FPR <= " << o.targetFpr << ").\n\n"
      << "| measure | value |\n|---|---:|\n"
      << "| ROC AUC | " << fixed(auc, 5) << " |\n"
      << "| precision at threshold | " << fixed(atThreshold.precision(), 4) << " |\n"
      << "| recall at threshold | " << fixed(atThreshold.recall(), 4) << " |\n"
      << "| F1 at threshold | " << fixed(atThreshold.f1(), 4) << " |\n"
      << "| benign FPR at threshold | " << fixed(atThreshold.fpr(), 5) << " |\n"
      << "| TPR at FPR 1e-3 | " << fixed(tpr3, 4) << " |\n"
      << "| TPR at FPR 1e-4 | " << fixed(tpr4, 4) << " |\n\n"
      << "## Detection rate per family (test split, at threshold)\n\n"
      << "| family | test names | detected |\n|---|---:|---:|\n";
    for (const auto& [f, ht] : perFamily)
        r << "| " << f << " | " << ht.second << " | "
          << fixed(ht.second ? static_cast<double>(ht.first) / static_cast<double>(ht.second) : 0,
                   4)
          << " |\n";
    r << "\nThe benign names are a top-sites list of registered domains; real traffic has other "
         "benign names (CDN hashes, PTR, telemetry), so judge false positives on real logs too.\n";
    if (!r) throw std::runtime_error("cannot write " + result.reportPath);

    result.seconds = seconds;
    result.threshold = threshold;
    result.testAuc = auc;
    result.testTprAt1e3 = tpr3;
    result.testTprAt1e4 = tpr4;
    result.trainRows = train.names.size();
    result.validationRows = val.names.size();
    result.testRows = test.names.size();
    return result;
}

}  // namespace dnshound::core::model
