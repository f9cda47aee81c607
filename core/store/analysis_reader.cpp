#include "core/store/analysis_reader.h"

#include <filesystem>
#include <variant>

#include "core/search/sql_filter.h"

#include "core/store/client_list_query.h"
#include "core/store/query_row_reader.h"
#include "core/store/schema.h"
#include "core/store/sqlite_connection.h"
#include "core/store/store_error.h"

namespace dnshound::core::store {

struct AnalysisReader::Impl {
    explicit Impl(const std::string& path) : db(path, SqliteConnection::Mode::ReadOnly) {}
    SqliteConnection db;
};

namespace {
// Evidence is stored as a JSON array of strings written by StoreWriter; this reads exactly that.
std::vector<std::string> parseStringArray(const std::string& json) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < json.size()) {
        if (json[i] != '"') {
            ++i;
            continue;
        }
        std::string s;
        for (++i; i < json.size() && json[i] != '"'; ++i) {
            if (json[i] == '\\' && i + 1 < json.size()) {
                char c = json[++i];
                if (c == 'n')
                    s.push_back('\n');
                else if (c == 't')
                    s.push_back('\t');
                else if (c == 'r')
                    s.push_back('\r');
                else if (c == 'u' && i + 4 < json.size()) {
                    s.push_back(static_cast<char>(std::stoi(json.substr(i + 1, 4), nullptr, 16)));
                    i += 4;
                } else
                    s.push_back(c);
            } else {
                s.push_back(json[i]);
            }
        }
        ++i;
        out.push_back(std::move(s));
    }
    return out;
}
}  // namespace

AnalysisReader::AnalysisReader(const std::string& path) {
    if (!std::filesystem::exists(path)) throw StoreError("no such analysis file: " + path);
    m_impl = std::make_unique<Impl>(path);
    const int version = schemaVersion(m_impl->db);
    if (version == 0) throw StoreError(path + " is not a DNS Hound analysis file");
    if (version > kSchemaVersion)
        throw StoreError(path + " was written by a newer DNS Hound (schema " +
                         std::to_string(version) + ")");
    if (version < kSchemaVersion) {
        // An analysis from an older DNS Hound: bring it up to date once (the migrations only
        // add tables and columns), then read it as usual.
        m_impl.reset();
        try {
            SqliteConnection upgrade(path, SqliteConnection::Mode::ReadWriteCreate);
            migrate(upgrade);
        } catch (const StoreError& error) {
            throw StoreError(path + " was written by an older DNS Hound (schema " +
                             std::to_string(version) + ") and cannot be upgraded: " + error.what());
        }
        m_impl = std::make_unique<Impl>(path);
    }
}

AnalysisReader::~AnalysisReader() = default;

std::vector<AlertRecord> AnalysisReader::alerts() const {
    auto st = m_impl->db.prepare(
        "SELECT id, kind, client, domain, score, first_seen_us, last_seen_us, count, evidence, "
        "state, scope, reason, details FROM alerts ORDER BY id");
    std::vector<AlertRecord> out;
    while (st.step()) {
        AlertRecord a;
        a.id = st.int64(0);
        a.kind = st.text(1);
        a.client = st.text(2);
        a.domain = st.text(3);
        a.score = st.real(4);
        a.firstSeenUs = st.int64(5);
        a.lastSeenUs = st.int64(6);
        a.count = st.int64(7);
        a.evidence = parseStringArray(st.text(8));
        a.state = st.text(9);
        a.scope = st.text(10);
        a.reason = st.text(11);
        a.details = st.text(12);
        out.push_back(std::move(a));
    }
    return out;
}

std::vector<VolumeBucket> AnalysisReader::volumes() const {
    auto st = m_impl->db.prepare(
        "SELECT minute_us, queries, nxdomain, alerts FROM volumes ORDER BY minute_us");
    std::vector<VolumeBucket> out;
    while (st.step()) out.push_back({st.int64(0), st.int64(1), st.int64(2), st.int64(3)});
    return out;
}

std::vector<SourceSummary> AnalysisReader::sources() const {
    auto st = m_impl->db.prepare(
        "SELECT path, format, lines_total, lines_valid, lines_rejected, lines_skipped, events "
        "FROM sources ORDER BY id");
    std::vector<SourceSummary> out;
    while (st.step())
        out.push_back({st.text(0), st.text(1), st.int64(2), st.int64(3), st.int64(4), st.int64(5),
                       st.int64(6)});
    return out;
}

std::vector<RejectSample> AnalysisReader::rejectSamples(std::size_t limit) const {
    auto st = m_impl->db.prepare(
        "SELECT source_id, line, reason, text FROM rejected_lines ORDER BY source_id, line "
        "LIMIT ?");
    st.bind(1, static_cast<std::int64_t>(limit));
    std::vector<RejectSample> out;
    while (st.step()) out.push_back({st.int64(0), st.int64(1), st.text(2), st.text(3)});
    return out;
}

std::vector<StageSample> AnalysisReader::stageSamples() const {
    auto st = m_impl->db.prepare(
        "SELECT stage, wall_us, batches, events_in, events_out, busy_us, max_latency_us, "
        "queue_fill FROM stage_samples ORDER BY rowid");
    std::vector<StageSample> out;
    while (st.step())
        out.push_back({st.text(0), st.int64(1), st.int64(2), st.int64(3), st.int64(4), st.int64(5),
                       st.int64(6), st.real(7)});
    return out;
}

std::optional<ClientSummary> AnalysisReader::client(std::string_view ip) const {
    auto st = m_impl->db.prepare(
        "SELECT ip, subnet, queries, nxdomain, distinct_names, dga_names, first_seen_us, "
        "last_seen_us, max_score, alert_kinds FROM clients WHERE ip = ?");
    st.bind(1, ip);
    if (!st.step()) return std::nullopt;
    return readClientSummary(st);
}

std::int64_t AnalysisReader::clientQueryCount(std::string_view ip) const {
    auto st = m_impl->db.prepare(
        "SELECT count(*) FROM queries WHERE client_id = (SELECT id FROM clients WHERE ip = ?)");
    st.bind(1, ip);
    return st.step() ? st.int64(0) : 0;
}

std::vector<QueryRow> AnalysisReader::clientQueries(std::string_view ip, std::int64_t afterRowId,
                                                    std::size_t limit) const {
    return clientQueries(ip, afterRowId, limit, search::SqlFilter{});
}

std::vector<QueryRow> AnalysisReader::clientQueries(std::string_view ip, std::int64_t afterRowId,
                                                    std::size_t limit,
                                                    const search::SqlFilter& filter) const {
    // Keyset pagination on rowid (insertion order = event order per batch): no OFFSET scans.
    // The filter's text is built from constants and placeholders only; its values are bound.
    auto st = m_impl->db.prepare(
        "SELECT q.rowid, q.time_us, c.ip, d.name, q.qtype, q.rcode, q.response_bytes, "
        "s.dga_score, q.source_id, q.source_line FROM queries q "
        "JOIN clients c ON c.id = q.client_id "
        "LEFT JOIN domains d ON d.id = q.domain_id "
        "LEFT JOIN domain_scores s ON s.domain_id = q.domain_id "
        "WHERE q.client_id = (SELECT id FROM clients WHERE ip = ?) AND q.rowid > ? AND (" +
        (filter.where.empty() ? std::string("1") : filter.where) + ") ORDER BY q.rowid LIMIT ?");
    st.bind(1, ip).bind(2, afterRowId);
    int index = 3;
    for (const search::SqlValue& value : filter.values) {
        std::visit([&](const auto& v) { st.bind(index, v); }, value);
        ++index;
    }
    st.bind(index, static_cast<std::int64_t>(limit));
    std::vector<QueryRow> out;
    while (st.step()) out.push_back(readQueryRow(st));
    return out;
}

std::vector<TunnelSeriesPoint> AnalysisReader::tunnelSeries(std::string_view ip) const {
    auto st = m_impl->db.prepare(
        "SELECT client, domain, minute_us, queries, distinct_labels, bytes FROM tunnel_series "
        "WHERE client = ? ORDER BY domain, minute_us");
    st.bind(1, ip);
    std::vector<TunnelSeriesPoint> out;
    while (st.step())
        out.push_back({st.text(0), st.text(1), st.int64(2), st.int64(3), st.int64(4), st.real(5)});
    return out;
}

std::vector<ConfusionCell> AnalysisReader::confusion() const {
    std::vector<ConfusionCell> out;
    auto st = m_impl->db.prepare(
        "SELECT level, truth, predicted, count FROM confusion ORDER BY level DESC, truth DESC, "
        "predicted DESC");
    while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2), st.int64(3)});
    return out;
}

std::vector<AllowlistRecord> AnalysisReader::allowlist() const {
    std::vector<AllowlistRecord> out;
    auto st = m_impl->db.prepare(
        "SELECT kind, value, reason, expires_us, added_us FROM allowlist ORDER BY rowid");
    while (st.step()) out.push_back({st.text(0), st.text(1), st.text(2), st.int64(3), st.int64(4)});
    return out;
}

std::optional<std::string> AnalysisReader::meta(std::string_view key) const {
    auto st = m_impl->db.prepare("SELECT value FROM meta WHERE key = ?");
    st.bind(1, key);
    if (!st.step()) return std::nullopt;
    return st.text(0);
}

}  // namespace dnshound::core::store
