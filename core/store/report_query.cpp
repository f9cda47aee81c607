#include "core/store/report_query.h"

#include <algorithm>
#include <array>
#include <filesystem>

#include "core/store/analysis_reader.h"
#include "core/store/query_row_reader.h"
#include "core/store/schema.h"
#include "core/store/sqlite_connection.h"
#include "core/store/store_error.h"

namespace dnshound::core::store {

namespace {

constexpr std::int64_t kMinuteUs = 60'000'000;

// The DNS rcode of NXDOMAIN (RFC 1035).
constexpr std::int64_t kRcodeNxdomain = 3;

// WHERE clause shared by queries() and countQueries(); parameters 1..4 are bound by bindScope.
constexpr const char* kScopeWhere =
    "WHERE (?1 = '' OR q.client_id = (SELECT id FROM clients WHERE ip = ?1)) "
    "AND q.time_us BETWEEN ?2 AND ?3 AND (?4 < 0 OR coalesce(s.dga_score, -1) >= ?4) ";

void bindScope(Statement& st, const QueryScope& scope) {
    st.bind(1, std::string_view(scope.client)).bind(2, scope.fromUs).bind(3, scope.toUs);
    st.bind(4, scope.minScore);
}

}  // namespace

struct ReportQuery::Impl {
    explicit Impl(const std::string& path)
        : reader(path), db(path, SqliteConnection::Mode::ReadOnly) {}
    AnalysisReader reader;  // validates the file and reads alerts and sources
    SqliteConnection db;
};

ReportQuery::ReportQuery(const std::string& path) : m_impl(std::make_unique<Impl>(path)) {}

ReportQuery::~ReportQuery() = default;

std::optional<AlertRecord> ReportQuery::alert(std::int64_t id) const {
    for (auto& a : m_impl->reader.alerts())
        if (a.id == id) return std::move(a);
    return std::nullopt;
}

std::vector<AlertRecord> ReportQuery::alertsForClient(std::string_view ip) const {
    std::vector<AlertRecord> out;
    for (auto& a : m_impl->reader.alerts())
        if (a.client == ip) out.push_back(std::move(a));
    return out;
}

std::vector<AlertRecord> ReportQuery::alertsOverlapping(std::int64_t fromUs,
                                                        std::int64_t toUs) const {
    std::vector<AlertRecord> out;
    for (auto& a : m_impl->reader.alerts())
        if (a.firstSeenUs <= toUs && a.lastSeenUs >= fromUs) out.push_back(std::move(a));
    return out;
}

std::pair<std::int64_t, std::int64_t> ReportQuery::timeExtent() const {
    // clients holds per-client first/last seen: far fewer rows than queries.
    auto st = m_impl->db.prepare("SELECT min(first_seen_us), max(last_seen_us) FROM clients");
    if (!st.step() || st.isNull(0)) return {0, 0};
    return {st.int64(0), st.int64(1)};
}

std::vector<QueryRow> ReportQuery::queries(const QueryScope& scope, std::size_t limit) const {
    auto st = m_impl->db.prepare(
        std::string("SELECT q.rowid, q.time_us, c.ip, d.name, q.qtype, q.rcode, "
                    "q.response_bytes, s.dga_score, q.source_id, q.source_line FROM queries q "
                    "JOIN clients c ON c.id = q.client_id "
                    "LEFT JOIN domains d ON d.id = q.domain_id "
                    "LEFT JOIN domain_scores s ON s.domain_id = q.domain_id ") +
        kScopeWhere + "ORDER BY q.time_us, q.rowid LIMIT ?5");
    bindScope(st, scope);
    st.bind(5, static_cast<std::int64_t>(limit));
    std::vector<QueryRow> out;
    while (st.step()) out.push_back(readQueryRow(st));
    return out;
}

std::int64_t ReportQuery::countQueries(const QueryScope& scope) const {
    auto st =
        m_impl->db.prepare(std::string("SELECT count(*) FROM queries q "
                                       "LEFT JOIN domain_scores s ON s.domain_id = q.domain_id ") +
                           kScopeWhere);
    bindScope(st, scope);
    return st.step() ? st.int64(0) : 0;
}

std::vector<TimelineCount> ReportQuery::timeline(const QueryScope& scope, std::int64_t bucketUs,
                                                 double flagScore) const {
    if (bucketUs <= 0) throw StoreError("timeline bucket width must be positive");
    std::vector<TimelineCount> out;
    if (scope.client.empty()) {
        // Every client: the per-minute volumes the writer keeps, never the raw rows.
        auto st = m_impl->db.prepare(
            "SELECT (minute_us - ?1) / ?2, sum(queries), sum(nxdomain), sum(alerts) FROM volumes "
            "WHERE minute_us BETWEEN ?3 AND ?4 GROUP BY 1 ORDER BY 1");
        const std::int64_t origin = scope.fromUs - scope.fromUs % kMinuteUs;
        st.bind(1, origin).bind(2, bucketUs).bind(3, origin).bind(4, scope.toUs);
        while (st.step()) {
            TimelineCount c;
            c.startUs = origin + st.int64(0) * bucketUs;
            c.queries = st.int64(1);
            c.nxdomain = st.int64(2);
            c.alerts = st.int64(3);
            out.push_back(c);
        }
        return out;
    }
    auto st = m_impl->db.prepare(
        "SELECT (q.time_us - ?2) / ?4, count(*), sum(q.rcode = ?5), "
        "sum(coalesce(s.dga_score, -1) >= ?6) FROM queries q "
        "LEFT JOIN domain_scores s ON s.domain_id = q.domain_id "
        "WHERE q.client_id = (SELECT id FROM clients WHERE ip = ?1) "
        "AND q.time_us BETWEEN ?2 AND ?3 GROUP BY 1 ORDER BY 1");
    st.bind(1, std::string_view(scope.client)).bind(2, scope.fromUs).bind(3, scope.toUs);
    st.bind(4, bucketUs).bind(5, kRcodeNxdomain).bind(6, flagScore);
    while (st.step()) {
        TimelineCount c;
        c.startUs = scope.fromUs + st.int64(0) * bucketUs;
        c.queries = st.int64(1);
        c.nxdomain = st.int64(2);
        c.flagged = st.int64(3);
        out.push_back(c);
    }
    return out;
}

std::vector<RejectCount> ReportQuery::rejectCounts() const {
    auto st = m_impl->db.prepare(
        "SELECT source_id, reason, count FROM reject_counts ORDER BY source_id, count DESC");
    std::vector<RejectCount> out;
    while (st.step()) out.push_back({st.int64(0), st.text(1), st.int64(2)});
    return out;
}

std::vector<AlertNote> ReportQuery::notes(const std::vector<std::int64_t>& alertIds) const {
    // Analyses written before triage existed (schema < 5, opened read-only) have no notes.
    auto table = m_impl->db.prepare(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alert_notes'");
    if (!table.step()) return {};
    auto st = m_impl->db.prepare(
        "SELECT id, alert_id, time_us, author, text FROM alert_notes WHERE alert_id = ? "
        "ORDER BY id");
    std::vector<AlertNote> out;
    for (const std::int64_t id : alertIds) {
        st.reset();
        st.bind(1, id);
        while (st.step())
            out.push_back({st.int64(0), st.int64(1), st.int64(2), st.text(3), st.text(4)});
    }
    return out;
}

std::vector<ClientSummary> ReportQuery::clients(const std::vector<std::string>& ips) const {
    std::vector<ClientSummary> out;
    for (const auto& ip : ips)
        if (auto c = m_impl->reader.client(ip)) out.push_back(std::move(*c));
    return out;
}

}  // namespace dnshound::core::store
