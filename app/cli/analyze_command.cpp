#include <unistd.h>

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>

#include "app/cli/analysis_io.h"
#include "app/cli/command_line.h"
#include "app/cli/commands.h"
#include "app/cli/datatest_output.h"
#include "app/cli/result_json.h"
#include "core/config/config.h"
#include "core/pipeline/analysis_runner.h"

namespace dnshound::app::cli {

namespace {

std::atomic<bool> g_cancel{false};

void onSignal(int) {
    g_cancel.store(true);
}

}  // namespace

int runAnalyze(const std::vector<std::string>& args) {
    const CommandLine cl(args,
                         {"--input", "--format", "--config", "--db", "--alerts", "--summary",
                          "--allowlist", "--truth"},
                         {"--quiet", "--no-queries", "--datatest"});
    if (!cl.positional().empty())
        throw UsageError("unexpected argument '" + cl.positional().front() + "' (use --input)");
    core::pipeline::AnalysisRequest request;
    request.inputs = cl.values("--input");
    if (request.inputs.empty()) throw UsageError("analyze needs at least one --input PATH");
    for (const auto& in : request.inputs)
        if (!std::filesystem::is_regular_file(in)) throw UsageError("no such input file: " + in);
    try {
        request.format = core::formats::inputFormatFromName(cl.value("--format").value_or("auto"));
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    prepareRequest(cl, request, "dnshound-");
    // Nothing reads the file before the run ends: bulk-loaded, renamed into place when complete.
    request.writeMode = core::store::StoreWriter::WriteMode::Private;
    // Alerts, scores and aggregates only: no per-event rows (no query drill-down in the file).
    if (cl.flag("--no-queries")) request.config.store.storeQueries = false;
    prepareTruth(cl, request);
    const bool quiet = cl.flag("--quiet");
    const bool tty = ::isatty(STDERR_FILENO);

    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    core::pipeline::AnalysisObserver observer;
    if (!quiet && tty) {
        observer.onProgress = [](const core::pipeline::AnalysisProgress& p) {
            std::fprintf(stderr, "\r%5.1f%%  %llu lines  %.0f lines/s  %llu alerts   ",
                         100.0 * p.fraction, static_cast<unsigned long long>(p.lines),
                         p.linesPerSec, static_cast<unsigned long long>(p.alerts));
        };
    }
    const auto result = core::pipeline::runAnalysis(request, observer, g_cancel);
    if (!quiet && tty) std::fputs("\n", stderr);

    if (!quiet) {
        std::printf("analysed %llu lines (%llu valid, %llu rejected) in %.2f s, %.0f lines/s\n",
                    static_cast<unsigned long long>(result.linesTotal),
                    static_cast<unsigned long long>(result.linesValid),
                    static_cast<unsigned long long>(result.linesRejected), result.elapsedSecs,
                    result.elapsedSecs > 0
                        ? static_cast<double>(result.linesTotal) / result.elapsedSecs
                        : 0.0);
        for (const auto& [reason, count] : result.rejectsByReason)
            std::printf("  rejected: %-28s %llu\n", reason.c_str(),
                        static_cast<unsigned long long>(count));
    }
    finishOutputs(cl, request, result, quiet);
    return result.cancelled ? 130 : 0;
}

}  // namespace dnshound::app::cli
