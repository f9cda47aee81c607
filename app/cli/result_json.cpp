#include "app/cli/result_json.h"

#include <cstdio>
#include <ctime>
#include <fstream>

#include "app/cli/command_line.h"
#include "app/cli/datatest_output.h"
#include "core/text/json_writer.h"

namespace dnshound::app::cli {

std::string isoTime(std::int64_t us) {
    const std::time_t secs = static_cast<std::time_t>(us / 1'000'000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[80];
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>((us % 1'000'000) / 1000));
    return buf;
}

std::string alertJson(const core::store::AlertRecord& a) {
    std::string out;
    core::text::JsonObjectWriter w(out);
    w.field("id", a.id)
        .field("kind", a.kind)
        .field("client", a.client)
        .field("domain", a.domain)
        .field("score", a.score)
        .field("first_seen", isoTime(a.firstSeenUs))
        .field("last_seen", isoTime(a.lastSeenUs))
        .field("first_seen_us", a.firstSeenUs)
        .field("last_seen_us", a.lastSeenUs)
        .field("count", a.count)
        .field("evidence", a.evidence);
    if (!a.scope.empty()) w.field("scope", a.scope);
    if (!a.reason.empty()) w.field("reason", a.reason);
    if (!a.details.empty()) w.rawField("details", a.details);
    w.finish();
    return out;
}

void writeOutputFile(const std::string& path, const std::string& text) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f) throw UsageError("cannot write " + path);
    f << text;
    if (!f) throw UsageError("cannot write " + path);
}

std::string stagesJson(const std::vector<core::pipeline::StageTotals>& stages) {
    std::string out = "[";
    for (const auto& s : stages) {
        if (out.size() > 1) out.push_back(',');
        core::text::JsonObjectWriter w(out);
        w.field("stage", s.stage)
            .field("batches", s.batches)
            .field("events_in", s.eventsIn)
            .field("events_out", s.eventsOut)
            .field("busy_s", s.busySecs);
        w.finish();
    }
    out.push_back(']');
    return out;
}

std::string summaryJson(const core::pipeline::AnalysisResult& r, const std::string& db) {
    std::string out;
    core::text::JsonObjectWriter w(out);
    w.field("lines_total", r.linesTotal)
        .field("lines_valid", r.linesValid)
        .field("lines_rejected", r.linesRejected)
        .field("events", r.events)
        .field("alerts", static_cast<std::uint64_t>(r.alerts.size()))
        .field("distinct_names", r.distinctNames)
        .field("names_scored", r.namesScored)
        .field("dga_typo_domains", r.dgaTypoDomains)
        .field("elapsed_s", r.elapsedSecs)
        .field("finish_s", r.finishSecs)
        .field("lines_per_s",
               r.elapsedSecs > 0 ? static_cast<double>(r.linesTotal) / r.elapsedSecs : 0.0)
        .field("cancelled", r.cancelled)
        .field("capture_drops", r.captureDrops)
        .field("db", db)
        .field("model_sha256", r.modelSha256)
        .field("config_digest", r.configDigest);
    std::string rejects;
    core::text::JsonObjectWriter rw(rejects);
    for (const auto& [reason, count] : r.rejectsByReason) rw.field(reason, count);
    rw.finish();
    w.rawField("rejects_by_reason", rejects);
    w.rawField("stages", stagesJson(r.stages));
    std::string sources = "[";
    for (const auto& s : r.sources) {
        if (sources.size() > 1) sources.push_back(',');
        core::text::JsonObjectWriter sw(sources);
        sw.field("path", s.path)
            .field("format", s.format)
            .field("lines_total", s.linesTotal)
            .field("lines_valid", s.linesValid)
            .field("lines_rejected", s.linesRejected)
            .field("lines_skipped", s.linesSkipped)
            .field("events", s.events);
        sw.finish();
    }
    sources.push_back(']');
    w.rawField("sources", sources);
    if (r.datatest) w.rawField("datatest", datatestJson(*r.datatest));
    w.rawField("allowlist", allowlistJson(r));
    w.finish();
    return out;
}

}  // namespace dnshound::app::cli
