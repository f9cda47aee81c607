#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "app/cli/analysis_io.h"
#include "app/cli/command_line.h"
#include "app/cli/commands.h"
#include "app/cli/result_json.h"
#include "core/capture/live_capture.h"
#include "core/config/config.h"
#include "core/pipeline/analysis_runner.h"

namespace dnshound::app::cli {

namespace {

std::atomic<bool> g_stop{false};

void onSignal(int) {
    g_stop.store(true);
}

int listInterfaces() {
    for (const auto& i : core::capture::listInterfaces()) {
        std::string flags;
        if (i.up) flags += " up";
        if (i.running) flags += " running";
        if (i.loopback) flags += " loopback";
        std::printf("%-16s%s%s%s\n", i.name.c_str(), flags.empty() ? " down" : flags.c_str(),
                    i.description.empty() ? "" : "  ", i.description.c_str());
    }
    return 0;
}

}  // namespace

int runCapture(const std::vector<std::string>& args) {
    const CommandLine cl(
        args, {"--interface", "--bpf", "--duration", "--config", "--db", "--alerts", "--summary"},
        {"--list", "--quiet"});
    if (!cl.positional().empty())
        throw UsageError("unexpected argument '" + cl.positional().front() + "'");
    if (cl.flag("--list")) return listInterfaces();

    core::pipeline::AnalysisRequest request;
    request.captureInterface = cl.required("--interface");
    request.bpf = cl.value("--bpf").value_or(core::capture::kDefaultBpf);
    request.durationSecs = cl.number("--duration", 0.0);
    if (!(request.durationSecs >= 0)) throw UsageError("--duration needs seconds >= 0");
    prepareRequest(cl, request, "dnshound-capture-");
    const bool quiet = cl.flag("--quiet");
    const bool tty = ::isatty(STDERR_FILENO);

    // Ctrl-C ends the capture normally: pending queries are emitted and everything is written.
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    core::pipeline::AnalysisObserver observer;
    // The first report means the capture is active: say so once (scripts wait for this line),
    // then keep live counters on a terminal.
    auto announced = std::make_shared<std::atomic<bool>>(false);
    const std::string banner = "dnshound-cli: capturing on " + request.captureInterface +
                               " (filter: " + request.bpf + "), Ctrl-C to stop\n";
    if (!quiet) {
        observer.onProgress = [announced, banner, tty](const core::pipeline::AnalysisProgress& p) {
            if (!announced->exchange(true)) std::fputs(banner.c_str(), stderr);
            if (!tty) return;
            std::fprintf(stderr,
                         "\r%6.1f s  %llu packets  %llu DNS events  %llu drops  %llu alerts ",
                         p.elapsedSecs, static_cast<unsigned long long>(p.lines),
                         static_cast<unsigned long long>(p.events),
                         static_cast<unsigned long long>(p.captureDrops),
                         static_cast<unsigned long long>(p.alerts));
        };
    }
    const auto result = core::pipeline::runAnalysis(request, observer, g_stop);
    if (!quiet && tty) std::fputs("\n", stderr);

    if (!quiet) {
        std::printf(
            "captured %llu packets on %s (%llu DNS, %llu rejected, %llu dropped) in "
            "%.2f s: %llu events\n",
            static_cast<unsigned long long>(result.linesTotal), request.captureInterface.c_str(),
            static_cast<unsigned long long>(result.linesValid),
            static_cast<unsigned long long>(result.linesRejected),
            static_cast<unsigned long long>(result.captureDrops), result.elapsedSecs,
            static_cast<unsigned long long>(result.events));
    }
    finishOutputs(cl, request, result, quiet);
    return 0;
}

}  // namespace dnshound::app::cli
