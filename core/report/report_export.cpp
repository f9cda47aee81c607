#include "core/report/report_export.h"

#include <cstdio>

#include "core/event/dns_types.h"
#include "core/report/report_text.h"
#include "core/text/json_writer.h"

namespace dnshound::core::report {

namespace {

using text::JsonObjectWriter;

constexpr const char* kCsvHeader =
    "record,alert_id,kind,client,domain,score,time,first_seen,last_seen,count,state,qtype,rcode,"
    "response_bytes,source,source_line,model_sha256,config_digest\r\n";

void appendCsvField(std::string& out, std::string_view field) {
    const bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos;
    if (!quote) {
        out += field;
        return;
    }
    out.push_back('"');
    for (const char c : field) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

void appendCsvRow(std::string& out, std::initializer_list<std::string> fields) {
    bool first = true;
    for (const auto& f : fields) {
        if (!first) out.push_back(',');
        first = false;
        appendCsvField(out, f);
    }
    out += "\r\n";
}

std::string number(double value) {
    if (value < 0) return {};
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.6f", value);
    return buf;
}

std::string sourcePath(const IncidentReport& r, std::uint32_t sourceId) {
    return sourceId < r.sources.size() ? r.sources[sourceId].summary.path : std::string();
}

// The alert a listed query belongs to: its client's alert (the first, when it has several).
std::int64_t alertIdFor(const IncidentReport& r, const std::string& client) {
    for (const auto& a : r.alerts)
        if (a.client == client) return a.id;
    return 0;
}

std::string array(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
    return out + "]";
}

std::string alertJson(const IncidentReport& r, std::size_t index) {
    const auto& a = r.alerts[index];
    std::vector<std::string> domains;
    if (index < r.explanations.size()) {
        for (const auto& d : r.explanations[index].domains) {
            std::vector<std::string> contributions;
            for (const auto& c : d.contributions) {
                std::string obj;
                JsonObjectWriter(obj)
                    .field("feature", c.feature)
                    .field("value", c.value)
                    .field("contribution", c.contribution)
                    .finish();
                contributions.push_back(obj);
            }
            std::string obj;
            JsonObjectWriter w(obj);
            w.field("domain", d.domain);
            if (d.score >= 0)
                w.field("score", d.score);
            else
                w.rawField("score", "null");
            w.rawField("contributions", array(contributions)).finish();
            domains.push_back(obj);
        }
    }
    std::vector<std::string> notes;
    for (const auto& n : r.notes) {
        if (n.alertId != a.id) continue;
        std::string obj;
        JsonObjectWriter(obj)
            .field("time", n.timeUs ? isoTime(n.timeUs) : std::string())
            .field("author", n.author)
            .field("text", n.text)
            .finish();
        notes.push_back(obj);
    }
    std::string explanation;
    JsonObjectWriter(explanation)
        .field("reason", index < r.explanations.size() ? r.explanations[index].reason : "")
        .rawField("domains", array(domains))
        .finish();
    std::string out;
    JsonObjectWriter(out)
        .field("id", a.id)
        .field("kind", a.kind)
        .field("client", a.client)
        .field("domain", a.domain)
        .field("score", a.score)
        .field("first_seen", isoTime(a.firstSeenUs))
        .field("last_seen", isoTime(a.lastSeenUs))
        .field("count", a.count)
        .field("state", a.state)
        .field("evidence", a.evidence)
        .rawField("explanation", explanation)
        .rawField("notes", array(notes))
        .finish();
    return out;
}

std::string queryJson(const IncidentReport& r, const store::QueryRow& q) {
    std::string out;
    JsonObjectWriter w(out);
    w.field("alert_id", alertIdFor(r, q.client))
        .field("time", isoTime(q.timeUs))
        .field("client", q.client)
        .field("domain", q.domain);
    if (q.dgaScore >= 0)
        w.field("score", q.dgaScore);
    else
        w.rawField("score", "null");
    w.field("qtype", event::qtypeName(q.qtype))
        .field("rcode", event::rcodeName(q.rcode))
        .field("response_bytes", static_cast<std::int64_t>(q.responseBytes))
        .field("source", sourcePath(r, q.sourceId))
        .field("source_line", static_cast<std::uint64_t>(q.sourceLine))
        .finish();
    return out;
}

}  // namespace

std::string reportCsv(const IncidentReport& r) {
    std::string out = kCsvHeader;
    for (const auto& a : r.alerts) {
        appendCsvRow(out, {"alert", std::to_string(a.id), a.kind, a.client, a.domain,
                           number(a.score), isoTime(a.firstSeenUs), isoTime(a.firstSeenUs),
                           isoTime(a.lastSeenUs), std::to_string(a.count), a.state, "", "", "", "",
                           "", r.run.modelSha256, r.run.configDigest});
    }
    for (const auto& q : r.evidenceQueries) {
        const std::int64_t alertId = alertIdFor(r, q.client);
        appendCsvRow(out, {"query", alertId ? std::to_string(alertId) : std::string(), "", q.client,
                           q.domain, number(q.dgaScore), isoTime(q.timeUs), "", "", "", "",
                           event::qtypeName(q.qtype), event::rcodeName(q.rcode),
                           std::to_string(q.responseBytes), sourcePath(r, q.sourceId),
                           std::to_string(q.sourceLine), r.run.modelSha256, r.run.configDigest});
    }
    return out;
}

std::string reportJson(const IncidentReport& r) {
    std::string facts;
    JsonObjectWriter(facts)
        .field("title", r.title)
        .field("scope", r.scopeText)
        .field("analysis", r.analysisPath)
        .field("generated_at", isoTime(r.generatedAtUs))
        .field("from", isoTime(r.fromUs))
        .field("to", isoTime(r.toUs))
        .field("dnshound_version", r.run.dnshoundVersion)
        .field("model_sha256", r.run.modelSha256)
        .field("model", r.run.modelDescription)
        .field("config_digest", r.run.configDigest)
        .field("config_origin", r.run.configOrigin)
        .field("evidence_min_score", r.evidenceMinScore)
        .field("analysis_cancelled", r.run.cancelled)
        .finish();
    std::vector<std::string> alerts;
    for (std::size_t i = 0; i < r.alerts.size(); ++i) alerts.push_back(alertJson(r, i));
    std::vector<std::string> queries;
    for (const auto& q : r.evidenceQueries) queries.push_back(queryJson(r, q));
    std::vector<std::string> sources;
    for (const auto& s : r.sources) {
        std::string rejects;
        JsonObjectWriter rw(rejects);
        for (const auto& rc : s.rejects) rw.field(rc.reason, rc.count);
        rw.finish();
        std::string obj;
        JsonObjectWriter(obj)
            .field("path", s.summary.path)
            .field("format", s.summary.format)
            .field("lines_total", s.summary.linesTotal)
            .field("lines_valid", s.summary.linesValid)
            .field("lines_rejected", s.summary.linesRejected)
            .field("lines_skipped", s.summary.linesSkipped)
            .field("events", s.summary.events)
            .rawField("rejects_by_reason", rejects)
            .finish();
        sources.push_back(obj);
    }
    std::string glossary;
    JsonObjectWriter gw(glossary);
    for (const auto& g : r.glossary) gw.field(g.term, g.meaning);
    gw.finish();

    std::string out;
    JsonObjectWriter(out)
        .rawField("report", facts)
        .field("summary", r.summary)
        .rawField("alerts", array(alerts))
        .field("evidence_queries_total", r.evidenceQueriesTotal)
        .rawField("evidence_queries", array(queries))
        .rawField("sources", array(sources))
        .rawField("glossary", glossary)
        .finish();
    return out + "\n";
}

}  // namespace dnshound::core::report
