#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/cli/command_line.h"
#include "app/cli/commands.h"
#include "app/cli/train_options.h"
#include "core/model/dga_trainer.h"

namespace dnshound::app::cli {

std::string commandLineText(std::string_view command, const std::vector<std::string>& args) {
    std::string out = "dnshound-cli " + std::string(command);
    for (const std::string& a : args) {
        out.push_back(' ');
        const bool plain = !a.empty() && a.find_first_of(" \t\"'\\$`*?") == std::string::npos;
        if (plain) {
            out += a;
            continue;
        }
        out.push_back('\'');
        for (char c : a) {
            if (c == '\'')
                out += "'\\''";
            else
                out.push_back(c);
        }
        out.push_back('\'');
    }
    return out;
}

long long wholeNumber(const CommandLine& cl, const char* option, double fallback, double min) {
    const double v = cl.number(option, fallback);
    if (v != std::floor(v) || v < min)
        throw UsageError(std::string(option) + " must be a whole number >= " +
                         std::to_string(static_cast<long long>(min)));
    return static_cast<long long>(v);
}

std::vector<std::string> trainValueOptions() {
    return {"--dga-dir",
            "--benign",
            "--dataset",
            "--per-family",
            "--seed",
            "--rounds",
            "--max-depth",
            "--eta",
            "--scale-pos-weight",
            "--unseen-family-share",
            "--random-string-names",
            "--word-pair-names",
            "--threads",
            "--target-fpr",
            "--out",
            "--model",
            "--forest-trees",
            "--exclude-family",
            "--clean-benign-folds",
            "--clean-benign-threshold",
            "--clean-benign-rounds",
            "--clean-benign-depth"};
}

core::model::TrainOptions trainOptionsFrom(const CommandLine& cl, bool needOut, bool modelIsKind) {
    core::model::TrainOptions o;
    o.dgaDir = cl.value("--dga-dir").value_or("");
    o.benignFiles = cl.values("--benign");
    o.datasetFiles = cl.values("--dataset");
    if (o.dgaDir.empty() && o.benignFiles.empty() && o.datasetFiles.empty())
        throw UsageError("needs --dataset (or --dga-dir/--benign)");
    o.outPath = needOut ? cl.required("--out") : cl.value("--out").value_or("");
    o.perFamilyCap = static_cast<std::size_t>(wholeNumber(cl, "--per-family", 20000, 0));
    o.seed = static_cast<std::uint64_t>(wholeNumber(cl, "--seed", 1, 0));
    o.rounds = static_cast<int>(wholeNumber(cl, "--rounds", 400, 1));
    o.maxDepth = static_cast<int>(wholeNumber(cl, "--max-depth", 8, 1));
    o.threads = static_cast<int>(wholeNumber(cl, "--threads", 2, 1));
    o.forestTrees = static_cast<int>(wholeNumber(cl, "--forest-trees", 300, 1));
    o.eta = cl.number("--eta", 0.2);
    if (!(o.eta > 0 && o.eta <= 1)) throw UsageError("--eta must be in (0, 1]");
    o.scalePosWeight = cl.number("--scale-pos-weight", 1.0);
    if (!(o.scalePosWeight > 0 && o.scalePosWeight <= 100))
        throw UsageError("--scale-pos-weight must be in (0, 100]");
    o.unseenFamilyShare = cl.number("--unseen-family-share", 0.0);
    if (!(o.unseenFamilyShare >= 0 && o.unseenFamilyShare <= 1))
        throw UsageError("--unseen-family-share must be in [0, 1]");
    o.randomStringNames = static_cast<std::size_t>(wholeNumber(cl, "--random-string-names", 0, 0));
    o.wordPairNames = static_cast<std::size_t>(wholeNumber(cl, "--word-pair-names", 0, 0));
    o.targetFpr = cl.number("--target-fpr", 1e-3);
    if (!(o.targetFpr > 0 && o.targetFpr < 1)) throw UsageError("--target-fpr must be in (0, 1)");
    const std::string kind = modelIsKind ? cl.value("--model").value_or("xgboost") : "xgboost";
    if (kind != "xgboost" && kind != "randomforest")
        throw UsageError("--model must be xgboost or randomforest");
    o.randomForest = kind == "randomforest";
    o.excludeFamilies = cl.values("--exclude-family");
    o.cleanBenignFolds = static_cast<int>(wholeNumber(cl, "--clean-benign-folds", 0, 0));
    if (o.cleanBenignFolds == 1) throw UsageError("--clean-benign-folds must be 0 (off) or >= 2");
    o.cleanBenignThreshold = cl.number("--clean-benign-threshold", 0.99);
    if (!(o.cleanBenignThreshold > 0 && o.cleanBenignThreshold <= 1))
        throw UsageError("--clean-benign-threshold must be in (0, 1]");
    o.cleanBenignRounds = static_cast<int>(wholeNumber(cl, "--clean-benign-rounds", 150, 1));
    o.cleanBenignDepth = static_cast<int>(wholeNumber(cl, "--clean-benign-depth", 6, 1));
    return o;
}

int runTrain(const std::vector<std::string>& args) {
    const CommandLine cl(args, trainValueOptions(), {"--quiet"});
    if (!cl.positional().empty()) throw UsageError("train takes no positional arguments");
    core::model::TrainOptions o = trainOptionsFrom(cl, true);
    o.createdBy = commandLineText("train", args);
    const bool quiet = cl.flag("--quiet");

    core::model::DgaTrainer trainer(o);
    const auto r = trainer.run([quiet](std::string_view msg) {
        if (!quiet) std::fprintf(stderr, "train: %.*s\n", static_cast<int>(msg.size()), msg.data());
    });
    std::printf(
        "model %s\nmanifest %s\nreport %s\nrows train/validation/test %zu/%zu/%zu\n"
        "threshold %.6g\ntest ROC AUC %.5f, TPR at FPR 1e-3 %.4f, at 1e-4 %.4f\ntime %.1f s\n",
        r.modelPath.c_str(), r.manifestPath.c_str(), r.reportPath.c_str(), r.trainRows,
        r.validationRows, r.testRows, r.threshold, r.testAuc, r.testTprAt1e3, r.testTprAt1e4,
        r.seconds);
    if (o.cleanBenignFolds > 0)
        std::printf(
            "benign names suspected DGA %zu\ntest without them: ROC AUC %.5f, TPR at FPR 1e-3 "
            "%.4f, at 1e-4 %.4f\n",
            r.benignSuspects, r.cleanTestAuc, r.cleanTestTprAt1e3, r.cleanTestTprAt1e4);
    return 0;
}

}  // namespace dnshound::app::cli
