#include <cstdio>
#include <string>
#include <vector>

#include "app/cli/command_line.h"
#include "app/cli/commands.h"
#include "app/cli/train_options.h"
#include "core/model/tunnel_trainer.h"

namespace dnshound::app::cli {

int runTrainTunnel(const std::vector<std::string>& args) {
    const CommandLine cl(args,
                         {"--dataset", "--benign", "--logs", "--exclude-zone", "--seed", "--rounds",
                          "--max-depth", "--eta", "--threads", "--target-fpr", "--out"},
                         {"--quiet", "--no-leave-one-out"});
    if (!cl.positional().empty()) throw UsageError("train-tunnel takes no positional arguments");
    core::model::TunnelTrainOptions o;
    o.datasets = cl.values("--dataset");
    if (o.datasets.empty()) throw UsageError("train-tunnel needs --dataset (domurls)");
    o.benign = cl.values("--benign");
    o.logs = cl.values("--logs");
    if (!cl.values("--exclude-zone").empty()) o.excludeZones = cl.values("--exclude-zone");
    o.outPath = cl.required("--out");
    o.seed = static_cast<std::uint64_t>(wholeNumber(cl, "--seed", 1, 0));
    o.rounds = static_cast<int>(wholeNumber(cl, "--rounds", 150, 1));
    o.maxDepth = static_cast<int>(wholeNumber(cl, "--max-depth", 6, 1));
    o.threads = static_cast<int>(wholeNumber(cl, "--threads", 2, 1));
    o.eta = cl.number("--eta", 0.2);
    if (!(o.eta > 0 && o.eta <= 1)) throw UsageError("--eta must be in (0, 1]");
    o.targetFpr = cl.number("--target-fpr", 1e-3);
    if (!(o.targetFpr > 0 && o.targetFpr < 1)) throw UsageError("--target-fpr must be in (0, 1)");
    o.leaveOneToolOut = !cl.flag("--no-leave-one-out");
    o.createdBy = commandLineText("train-tunnel", args);
    const bool quiet = cl.flag("--quiet");

    core::model::TunnelTrainer trainer(o);
    const auto r = trainer.run([quiet](std::string_view msg) {
        if (!quiet)
            std::fprintf(stderr, "train-tunnel: %.*s\n", static_cast<int>(msg.size()), msg.data());
    });
    std::printf(
        "model %s\nmanifest %s\nreport %s\nnames tunnel/negative (of which logs) "
        "%zu/%zu (%zu)\nthreshold %.6g\ntest ROC AUC %.5f\n",
        r.modelPath.c_str(), r.manifestPath.c_str(), r.reportPath.c_str(), r.tunnelNames,
        r.negativeNames, r.logNames, r.threshold, r.testAuc);
    for (const auto& [tool, v] : r.testRecall)
        std::printf("test recall %s %.4f\n", tool.c_str(), v);
    for (const auto& [tool, v] : r.leaveOneOut)
        std::printf("leave-one-tool-out recall %s %.4f\n", tool.c_str(), v);
    std::printf("test FPR benign %.5f, real-log names %.5f\ntime %.1f s\n", r.fprBenign, r.fprLogs,
                r.seconds);
    return 0;
}

}  // namespace dnshound::app::cli
