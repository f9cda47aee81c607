#include "core/model/dga_trainer.h"

#include <xgboost/c_api.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <unordered_set>

#include "core/features/char_ngram_model.h"
#include "core/features/domain_features.h"
#include "core/features/public_suffix.h"
#include "core/model/benign_cleaning.h"
#include "core/model/benign_suspects.h"
#include "core/model/classifier_metrics.h"
#include "core/model/model_paths.h"
#include "core/model/ngram_cross_fitting.h"
#include "core/model/sha256.h"
#include "core/model/synthetic_families.h"
#include "core/model/training_data.h"
#include "core/model/xgboost_handle.h"
#include "core/text/json_writer.h"
#include "core/text/number_format.h"

namespace dnshound::core::model {

namespace {

using features::DomainFeatures;
using text::JsonObjectWriter;

// One split's rows: names, labels, families and features.
struct SplitData {
    std::vector<std::string> names;
    std::vector<std::string> families;
    std::vector<bool> labelBits;
    std::vector<float> features;
    std::vector<bool> suspect;  // a benign name the cleaning suspected (kept only in test)
    std::size_t benign = 0, dga = 0;
};

// Test-split measures of one set of scores.
struct TestMeasures {
    std::size_t benign = 0, dga = 0;
    double auc = 0, tpr3 = 0, tpr4 = 0;
    Confusion atThreshold;
};

TestMeasures measure(std::span<const float> scores, std::span<const bool> labels,
                     double threshold) {
    TestMeasures m;
    for (bool l : labels) (l ? m.dga : m.benign)++;
    m.auc = rocAuc(scores, labels);
    m.atThreshold = confusionAt(scores, labels, threshold);
    m.tpr3 = confusionAt(scores, labels, thresholdForFpr(scores, labels, 1e-3)).recall();
    m.tpr4 = confusionAt(scores, labels, thresholdForFpr(scores, labels, 1e-4)).recall();
    return m;
}

std::string measuresJson(const TestMeasures& m, double threshold, const char* split) {
    std::string out;
    JsonObjectWriter w(out);
    w.field("split", split)
        .field("benign", static_cast<std::uint64_t>(m.benign))
        .field("dga", static_cast<std::uint64_t>(m.dga))
        .field("roc_auc", m.auc)
        .field("threshold", threshold)
        .field("precision", m.atThreshold.precision())
        .field("recall", m.atThreshold.recall())
        .field("f1", m.atThreshold.f1())
        .field("fpr", m.atThreshold.fpr())
        .field("tpr_at_fpr_1e-3", m.tpr3)
        .field("tpr_at_fpr_1e-4", m.tpr4);
    w.finish();
    return out;
}

struct Suspect {
    std::string name;
    float score = 0;
    Split split = Split::Train;
};

DMatrix makeDMatrix(const SplitData& d) {
    return denseMatrix(d.features, d.names.size(), DomainFeatures::count(), d.labelBits);
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

    // 2b. Optional label-noise cleaning of the benign class: out-of-fold suspects are dropped
    // from training and validation and marked in test (measured with and without them).
    std::vector<bool> suspect(rows.size(), false);
    std::vector<Suspect> suspects;
    std::array<std::size_t, 3> suspectsBySplit{};
    CleaningOptions cleaning;
    cleaning.folds = o.cleanBenignFolds;
    cleaning.threshold = o.cleanBenignThreshold;
    cleaning.rounds = o.cleanBenignRounds;
    cleaning.maxDepth = o.cleanBenignDepth;
    cleaning.eta = o.eta;
    cleaning.threads = o.threads;
    cleaning.seed = o.seed;
    if (o.cleanBenignFolds > 0) {
        const CleaningResult found = findBenignSuspects(rows, cleaning, log);
        for (std::size_t i : found.suspects) {
            suspect[i] = true;
            const Split sp = splitOf(rows[i].name);
            suspects.push_back({rows[i].name, found.scores[i], sp});
            ++suspectsBySplit[static_cast<std::size_t>(sp)];
        }
        log("cleaning: " + std::to_string(suspects.size()) + " benign names suspected DGA (" +
            std::to_string(suspectsBySplit[0]) + " train, " + std::to_string(suspectsBySplit[1]) +
            " validation dropped; " + std::to_string(suspectsBySplit[2]) + " test marked)");
    }

    std::array<SplitData, 3> splits;
    for (std::size_t row = 0; row < rows.size(); ++row) {
        LabelledName& r = rows[row];
        const Split sp = splitOf(r.name);
        if (suspect[row] && sp != Split::Test) continue;
        SplitData& s = splits[static_cast<std::size_t>(sp)];
        (r.dga ? s.dga : s.benign)++;
        s.suspect.push_back(suspect[row]);
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

    // 2c. Optional synthetic families, in the training split only. Both are made before either
    // joins train.names, which `taken` points into.
    std::vector<std::string> randomMade, wordMade;
    if (o.randomStringNames > 0 || o.wordPairNames > 0) {
        std::unordered_set<std::string_view> taken;
        for (const SplitData& s : splits) taken.insert(s.names.begin(), s.names.end());
        const auto isTaken = [&](std::string_view n) { return taken.contains(n); };
        randomMade = randomStringNames(o.randomStringNames, o.seed, train.names, isTaken);
        wordMade = wordPairNames(o.wordPairNames, o.seed, train.names, isTaken);
    }
    const std::size_t randomNames = randomMade.size(), wordNames = wordMade.size();
    for (auto [made, family] :
         {std::pair{&randomMade, kRandomStringFamily}, std::pair{&wordMade, kWordPairFamily}}) {
        if (made->empty()) continue;
        for (std::string& n : *made) {
            train.names.push_back(std::move(n));
            train.families.emplace_back(family);
            train.labelBits.push_back(true);
            train.suspect.push_back(false);
        }
        train.dga += made->size();
        log("added " + std::to_string(made->size()) + " names of the synthetic family " +
            std::string(family) + " to the training split");
    }

    // Character n-gram language models of the training split's second-level labels, cross-fitted
    // (see crossFitFeatures).
    CrossFittedFeatures fitted =
        crossFitFeatures(train.names, train.labelBits, train.families, o.unseenFamilyShare);
    const std::shared_ptr<const features::LanguageModels> shipped = fitted.models;
    train.features = std::move(fitted.features);
    val.features = featureMatrix(val.names, shipped.get());
    test.features = featureMatrix(test.names, shipped.get());
    log("trained the character n-gram models; word lists: " + shipped->wordLists.summary() +
        "; features computed");

    // 3. Train.
    DMatrix dtrain = makeDMatrix(train), dval = makeDMatrix(val), dtest = makeDMatrix(test);
    std::map<std::string, std::string> params = {{"objective", "binary:logistic"},
                                                 {"tree_method", "hist"},
                                                 {"max_depth", std::to_string(o.maxDepth)},
                                                 {"eta", text::fixedDecimals(o.eta, 4)},
                                                 {"nthread", std::to_string(o.threads)},
                                                 {"seed", std::to_string(o.seed)},
                                                 {"eval_metric", "logloss"},
                                                 {"max_bin", "256"},
                                                 {"verbosity", "1"}};
    // Set only when weighted, so unweighted models stay byte-identical to earlier ones.
    if (o.scalePosWeight != 1.0)
        params["scale_pos_weight"] = text::fixedDecimals(o.scalePosWeight, 4);
    // A random forest in XGBoost: one boosting round of many trees, each on a row subsample
    // and a feature subsample per split, no shrinkage.
    if (o.randomForest) {
        params["num_parallel_tree"] = std::to_string(o.forestTrees);
        params["subsample"] = "0.632";
        params["colsample_bynode"] = "0.6";
        params["eta"] = "1";
    }
    const int rounds = o.randomForest ? 1 : o.rounds;
    void* cache[] = {dtrain.get(), dval.get()};
    const Booster booster = createBooster(cache, {params.begin(), params.end()});
    BoosterHandle bh = booster.get();
    const char* evalNames[] = {"train", "validation"};
    for (int i = 0; i < rounds; ++i) {
        checkXgboost(XGBoosterUpdateOneIter(bh, i, dtrain.get()), "training");
        if ((i + 1) % 25 == 0 || i + 1 == rounds) {
            const char* eval = nullptr;
            checkXgboost(XGBoosterEvalOneIter(bh, i, cache, evalNames, 2, &eval), "evaluating");
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
    const TestMeasures raw = measure(testScores, testLabels, threshold);
    const double auc = raw.auc;
    const Confusion atThreshold = raw.atThreshold;
    const double tpr3 = raw.tpr3;
    const double tpr4 = raw.tpr4;
    // The same test split without the names the cleaning suspected.
    std::vector<float> cleanScores;
    std::vector<bool> cleanLabelBits;
    for (std::size_t i = 0; i < test.names.size(); ++i) {
        if (test.suspect[i]) continue;
        cleanScores.push_back(testScores[i]);
        cleanLabelBits.push_back(test.labelBits[i]);
    }
    const auto cleanLabelArray = boolArray(cleanLabelBits);
    const TestMeasures clean = measure(
        cleanScores, std::span<const bool>(cleanLabelArray.get(), cleanScores.size()), threshold);
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
    checkXgboost(XGBoosterSaveModel(bh, o.outPath.c_str()), "saving model");
    const std::string sha = Sha256::ofFile(o.outPath);
    const std::string ngramsPath = features::ngramPathFor(o.outPath);
    shipped->save(ngramsPath);
    const std::string ngramsSha = Sha256::ofFile(ngramsPath);
    const std::string suspectsPath = suspectsPathFor(o.outPath);
    std::string suspectsSha;
    if (o.cleanBenignFolds > 0) {
        BenignSuspects hashes;
        for (const Suspect& s : suspects) hashes.add(s.name);
        hashes.save(suspectsPath,
                    "Benign-list names suspected DGA by the out-of-fold cleaning of " +
                        outPath.filename().string() + " (64-bit FNV-1a of the name).\n" +
                        o.createdBy);
        suspectsSha = Sha256::ofFile(suspectsPath);
    } else {
        std::filesystem::remove(suspectsPath);  // a stale list would mark the wrong names
    }
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
    std::string cleaningJson;
    {
        JsonObjectWriter w(cleaningJson);
        w.field("folds", o.cleanBenignFolds);
        if (o.cleanBenignFolds > 0) {
            std::string bySplit;
            JsonObjectWriter b(bySplit);
            b.field("train_dropped", static_cast<std::uint64_t>(suspectsBySplit[0]))
                .field("validation_dropped", static_cast<std::uint64_t>(suspectsBySplit[1]))
                .field("test_marked", static_cast<std::uint64_t>(suspectsBySplit[2]));
            b.finish();
            w.field("threshold", o.cleanBenignThreshold)
                .field("rounds", o.cleanBenignRounds)
                .field("max_depth", o.cleanBenignDepth)
                .field("suspects", static_cast<std::uint64_t>(suspects.size()))
                .rawField("suspects_by_split", bySplit)
                .field("suspects_file", std::filesystem::path(suspectsPath).filename().string())
                .field("suspects_sha256", suspectsSha);
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
            .rawField("benign_cleaning", cleaningJson)
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
            .field("scale_pos_weight", o.scalePosWeight)
            .field("unseen_family_share", o.unseenFamilyShare)
            .field("synthetic_random_names", static_cast<std::uint64_t>(randomNames))
            .field("synthetic_word_pair_names", static_cast<std::uint64_t>(wordNames))
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
            .rawField("metrics", metricsJson)
            .rawField("metrics_without_benign_suspects", measuresJson(clean, threshold, "test"));
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
      << ", depth " << o.maxDepth << ", eta " << o.eta
      << (o.scalePosWeight != 1.0
              ? ", DGA rows weighted " + text::fixedDecimals(o.scalePosWeight, 4)
              : std::string())
      << ", feature version " << DomainFeatures::version() << " (" << DomainFeatures::count()
      << " features). Trained in " << text::fixedDecimals(seconds, 1) << " s.\n\n"
      << "Word lists learned (word-list DGA families): " << shipped->wordLists.summary() << ".\n\n"
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
      << "| DGA kept | " << summary.dga << " |\n"
      << "| synthetic random-string names added to the training split (" << kRandomStringFamily
      << ") | " << randomNames << " |\n"
      << "| synthetic word-pair names added to the training split (" << kWordPairFamily << ") | "
      << wordNames << " |\n"
      << "| benign names suspected DGA by the cleaning (dropped from train / validation, marked "
         "in test) | "
      << (o.cleanBenignFolds > 0 ? std::to_string(suspects.size()) : std::string("no cleaning"))
      << " |\n\n"
      << "Split 80/10/10 by a hash of the second-level label: train " << train.benign
      << " benign / " << train.dga << " DGA, validation " << val.benign << " / " << val.dga
      << ", test " << test.benign << " / " << test.dga << ".\n\n"
      << "## Test split\n\n"
      << "Threshold " << threshold << " (validation benign FPR <= " << o.targetFpr
      << (o.cleanBenignFolds > 0 ? ", validation without the suspects" : "") << ").\n\n"
      << "| measure | raw test split | without the " << suspectsBySplit[2]
      << " suspects |\n|---|---:|---:|\n"
      << "| benign / DGA names | " << raw.benign << " / " << raw.dga << " | " << clean.benign
      << " / " << clean.dga << " |\n"
      << "| ROC AUC | " << text::fixedDecimals(raw.auc, 5) << " | "
      << text::fixedDecimals(clean.auc, 5) << " |\n"
      << "| precision at threshold | " << text::fixedDecimals(raw.atThreshold.precision(), 4)
      << " | " << text::fixedDecimals(clean.atThreshold.precision(), 4) << " |\n"
      << "| recall at threshold | " << text::fixedDecimals(raw.atThreshold.recall(), 4) << " | "
      << text::fixedDecimals(clean.atThreshold.recall(), 4) << " |\n"
      << "| F1 at threshold | " << text::fixedDecimals(raw.atThreshold.f1(), 4) << " | "
      << text::fixedDecimals(clean.atThreshold.f1(), 4) << " |\n"
      << "| benign FPR at threshold | " << text::fixedDecimals(raw.atThreshold.fpr(), 5) << " | "
      << text::fixedDecimals(clean.atThreshold.fpr(), 5) << " |\n"
      << "| TPR at FPR 1e-3 | " << text::fixedDecimals(raw.tpr3, 4) << " | "
      << text::fixedDecimals(clean.tpr3, 4) << " |\n"
      << "| TPR at FPR 1e-4 | " << text::fixedDecimals(raw.tpr4, 4) << " | "
      << text::fixedDecimals(clean.tpr4, 4) << " |\n\n"
      << "## Detection rate per family (test split, at threshold)\n\n"
      << "| family | test names | detected |\n|---|---:|---:|\n";
    for (const auto& [f, ht] : perFamily)
        r << "| " << f << " | " << ht.second << " | "
          << text::fixedDecimals(
                 ht.second ? static_cast<double>(ht.first) / static_cast<double>(ht.second) : 0, 4)
          << " |\n";
    if (o.cleanBenignFolds > 0) {
        r << "\n## Benign-list cleaning\n\n"
          << "The benign list is built from resolver popularity, so sinkholed DGA names get in. "
             "Every benign name (all splits) was scored out of fold: its second-level label's "
             "split hash puts it in one of "
          << o.cleanBenignFolds
          << " folds; fold k's model (n-gram models and trees) trained on the training split's "
             "DGA names and the benign names of the other folds only ("
          << o.cleanBenignRounds << " rounds, depth " << o.cleanBenignDepth << ", eta " << o.eta
          << ", seed " << o.seed << "). Names scoring >= " << o.cleanBenignThreshold
          << " (threshold fixed before looking at the outcome) are suspects: " << suspects.size()
          << " names, " << suspectsBySplit[0] << " dropped from train, " << suspectsBySplit[1]
          << " dropped from validation, " << suspectsBySplit[2]
          << " kept in the raw test split and left out of its cleaned twin. Their hashes are in `"
          << std::filesystem::path(suspectsPath).filename().string() << "`.\n\n";
        const char* splitNames[] = {"train", "validation", "test"};
        const std::size_t shown = std::min<std::size_t>(30, suspects.size());
        r << shown
          << " of them, evenly spaced from the highest out-of-fold score to the lowest:\n\n"
          << "| name | out-of-fold score | split |\n|---|---:|---|\n";
        for (std::size_t j = 0; j < shown; ++j) {
            const std::size_t i = shown < 2 ? 0 : j * (suspects.size() - 1) / (shown - 1);
            r << "| " << suspects[i].name << " | " << text::fixedDecimals(suspects[i].score, 4)
              << " | " << splitNames[static_cast<std::size_t>(suspects[i].split)] << " |\n";
        }
    }
    r << "\nThe benign names are a top-sites list of registered domains; real traffic has other "
         "benign names (CDN hashes, PTR, telemetry), so judge false positives on real logs too.\n";
    if (!r) throw std::runtime_error("cannot write " + result.reportPath);

    result.seconds = seconds;
    result.threshold = threshold;
    result.testAuc = auc;
    result.testTprAt1e3 = tpr3;
    result.testTprAt1e4 = tpr4;
    result.benignSuspects = suspects.size();
    result.cleanTestAuc = clean.auc;
    result.cleanTestTprAt1e3 = clean.tpr3;
    result.cleanTestTprAt1e4 = clean.tpr4;
    result.trainRows = train.names.size();
    result.validationRows = val.names.size();
    result.testRows = test.names.size();
    return result;
}

}  // namespace dnshound::core::model
