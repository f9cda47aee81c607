#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "app/cli/command_line.h"
#include "app/cli/commands.h"
#include "app/cli/result_json.h"
#include "core/config/config.h"
#include "core/pipeline/analysis_runner.h"
#include "core/sample/bench_log_writer.h"
#include "core/text/json_writer.h"

namespace dnshound::app::cli {

namespace {

// Peak resident set size of this process so far, in MiB.
double peakRssMib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

double secondsSince(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

// Generates a realistic log with the deterministic bench generator, then runs the full pipeline
// (parse, batch, filter, inspect, score, alert, write SQLite) over it and reports throughput and
// peak memory. The log is generated first and its size reported, so the figure is the analysis
// alone.
int runBench(const std::vector<std::string>& args) {
    const CommandLine cl(args, {"--lines", "--seed", "--keep", "--json", "--workdir"},
                         {"--no-queries"});
    const double linesArg = cl.number("--lines", 5'000'000);
    if (linesArg < 1) throw UsageError("--lines must be at least 1");
    const auto lines = static_cast<std::uint64_t>(linesArg);
    const auto seed = static_cast<std::uint64_t>(cl.number("--seed", 20261127));
    const std::filesystem::path dir = cl.value("--workdir")
                                          ? std::filesystem::path(*cl.value("--workdir"))
                                          : std::filesystem::temp_directory_path() /
                                                ("dnshound-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string logPath = cl.value("--keep").value_or((dir / "bench.log").string());
    const std::string dbPath = (dir / "bench.sqlite").string();

    std::printf("generating %llu lines (seed %llu) into %s ...\n",
                static_cast<unsigned long long>(lines), static_cast<unsigned long long>(seed),
                logPath.c_str());
    std::fflush(stdout);
    auto t0 = std::chrono::steady_clock::now();
    const auto truth = core::sample::writeBenchLog(logPath, lines, seed);
    const double genSecs = secondsSince(t0);
    const auto bytes = std::filesystem::file_size(logPath);
    const double rssBefore = peakRssMib();

    core::pipeline::AnalysisRequest request;
    request.inputs = {logPath};
    request.format = core::formats::InputFormat::Heidgaf;
    request.config = core::config::defaultConfig();
    request.config.store.storeQueries = !cl.flag("--no-queries");
    request.dbPath = dbPath;
    request.writeMode = core::store::StoreWriter::WriteMode::Private;
    std::atomic<bool> cancel{false};
    const auto result = core::pipeline::runAnalysis(request, {}, cancel);
    const double peak = peakRssMib();
    const auto dbBytes = std::filesystem::file_size(dbPath);

    std::string json;
    core::text::JsonObjectWriter w(json);
    w.field("lines", result.linesTotal)
        .field("log_bytes", static_cast<std::uint64_t>(bytes))
        .field("generate_s", genSecs)
        .field("analyze_s", result.elapsedSecs)
        .field("lines_per_s", static_cast<double>(result.linesTotal) / result.elapsedSecs)
        .field("mb_per_s", static_cast<double>(bytes) / 1e6 / result.elapsedSecs)
        .field("peak_rss_mib", peak)
        .field("rss_before_analysis_mib", rssBefore)
        .field("db_bytes", static_cast<std::uint64_t>(dbBytes))
        .field("store_queries", request.config.store.storeQueries)
        .field("distinct_names", result.distinctNames)
        .field("names_scored", result.namesScored)
        .field("alerts", static_cast<std::uint64_t>(result.alerts.size()))
        .field("infected_clients", static_cast<std::uint64_t>(truth.infected.size()))
        .field("lines_rejected", result.linesRejected);
    w.rawField("stages", stagesJson(result.stages));
    w.finish();

    std::printf("analysed %llu lines (%.0f MB) in %.2f s: %.0f lines/s, peak RSS %.0f MiB\n",
                static_cast<unsigned long long>(result.linesTotal),
                static_cast<double>(bytes) / 1e6, result.elapsedSecs,
                static_cast<double>(result.linesTotal) / result.elapsedSecs, peak);
    std::printf("%llu distinct names, %llu scored, %zu alerts (%zu infected clients in the log)\n",
                static_cast<unsigned long long>(result.distinctNames),
                static_cast<unsigned long long>(result.namesScored), result.alerts.size(),
                truth.infected.size());
    for (const auto& s : result.stages)
        std::printf("  %-10s busy %7.2f s over %llu batches\n", s.stage.c_str(), s.busySecs,
                    static_cast<unsigned long long>(s.batches));
    std::printf("%s\n", json.c_str());
    if (auto path = cl.value("--json")) {
        std::ofstream(*path) << json << "\n";
    }
    if (!cl.value("--keep")) std::filesystem::remove(logPath);
    std::filesystem::remove(dbPath);
    std::filesystem::remove(dbPath + "-wal");
    std::filesystem::remove(dbPath + "-shm");
    if (!cl.value("--workdir")) std::filesystem::remove(dir);
    return 0;
}

}  // namespace dnshound::app::cli
