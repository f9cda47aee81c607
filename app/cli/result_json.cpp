#include "app/cli/result_json.h"

#include "core/text/json_writer.h"

namespace dnshound::app::cli {

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
        .field("elapsed_s", r.elapsedSecs)
        .field("lines_per_s",
               r.elapsedSecs > 0 ? static_cast<double>(r.linesTotal) / r.elapsedSecs : 0.0)
        .field("cancelled", r.cancelled)
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
    w.finish();
    return out;
}

}  // namespace dnshound::app::cli
