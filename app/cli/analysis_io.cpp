#include "app/cli/analysis_io.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "app/cli/datatest_output.h"
#include "app/cli/result_json.h"
#include "core/config/config.h"

namespace dnshound::app::cli {

void prepareRequest(const CommandLine& cl, core::pipeline::AnalysisRequest& request,
                    std::string_view tempPrefix) {
    request.config = cl.value("--config") ? core::config::loadConfigFile(*cl.value("--config"))
                                          : core::config::defaultConfig();
    prepareAllowlist(cl, request);
    request.dbPath = cl.value("--db").value_or(
        (std::filesystem::temp_directory_path() /
         (std::string(tempPrefix) + std::to_string(::getpid()) + ".sqlite"))
            .string());
}

void finishOutputs(const CommandLine& cl, const core::pipeline::AnalysisRequest& request,
                   const core::pipeline::AnalysisResult& result, bool quiet) {
    const bool keepDb = cl.value("--db").has_value();
    if (auto path = cl.value("--alerts")) {
        std::string text;
        for (const auto& a : result.alerts) text += alertJson(a) + "\n";
        writeOutputFile(*path, text);
    }
    if (auto path = cl.value("--summary"))
        writeOutputFile(*path, summaryJson(result, keepDb ? request.dbPath : "") + "\n");
    if (!quiet) {
        std::printf("%zu alert(s)%s\n", result.alerts.size(),
                    result.cancelled ? " (cancelled)" : "");
        for (const auto& a : result.alerts) {
            std::printf("  %-6s %-16s score %.3f  %lld names  %s .. %s  e.g. %s\n", a.kind.c_str(),
                        a.client.c_str(), a.score, static_cast<long long>(a.count),
                        isoTime(a.firstSeenUs).c_str(), isoTime(a.lastSeenUs).c_str(),
                        a.domain.c_str());
        }
        if (result.dgaTypoDomains > 0)
            std::printf(
                "%llu domain(s) one edit from answered domains: their DGA-scored names "
                "set aside as typos\n",
                static_cast<unsigned long long>(result.dgaTypoDomains));
        if (request.allowlist)
            std::printf(
                "allowlist %s: %llu active, %llu expired; suppressed %llu alert(s), %llu "
                "queries\n",
                request.allowlist->origin().c_str(),
                static_cast<unsigned long long>(result.allowlistActive),
                static_cast<unsigned long long>(result.allowlistExpired),
                static_cast<unsigned long long>(result.allowlist.suppressedAlerts),
                static_cast<unsigned long long>(result.allowlist.suppressedQueries));
        if (result.datatest) printDatatest(*result.datatest);
        if (keepDb) std::printf("analysis written to %s\n", request.dbPath.c_str());
    }
    if (!keepDb) {
        std::error_code ec;
        for (const char* suffix : {"", "-wal", "-shm"})
            std::filesystem::remove(request.dbPath + suffix, ec);
    }
}

}  // namespace dnshound::app::cli
