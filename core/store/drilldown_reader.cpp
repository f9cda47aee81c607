#include "core/store/drilldown_reader.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <unordered_map>

#include "core/store/query_row_reader.h"
#include "core/store/schema.h"
#include "core/store/sqlite_connection.h"
#include "core/store/store_error.h"

namespace dnshound::core::store {

struct DrilldownReader::Impl {
    explicit Impl(const std::string& path) : db(path, SqliteConnection::Mode::ReadOnly) {}
    SqliteConnection db;

    std::optional<std::int64_t> clientId(std::string_view ip) {
        auto st = db.prepare("SELECT id FROM clients WHERE ip = ?");
        st.bind(1, ip);
        if (!st.step()) return std::nullopt;
        return st.int64(0);
    }
    std::optional<std::int64_t> domainId(std::string_view name) {
        auto st = db.prepare("SELECT id FROM domains WHERE name = ?");
        st.bind(1, name);
        if (!st.step()) return std::nullopt;
        return st.int64(0);
    }
    // Alert kinds per cited name ("domain" and every evidence name) of one client's alerts.
    std::unordered_map<std::string, std::vector<std::string>> alertKindsByName(std::string_view ip);
};

namespace {

constexpr std::string_view kRowColumns =
    "SELECT q.rowid, q.time_us, c.ip, d.name, q.qtype, q.rcode, q.response_bytes, "
    "s.dga_score, q.source_id, q.source_line FROM queries q "
    "JOIN clients c ON c.id = q.client_id "
    "LEFT JOIN domains d ON d.id = q.domain_id "
    "LEFT JOIN domain_scores s ON s.domain_id = q.domain_id ";

// Evidence is a JSON array of strings (StoreWriter); names never contain quotes or escapes, so
// splitting on quotes is exact for them.
std::vector<std::string> evidenceNames(const std::string& json) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while ((i = json.find('"', i)) != std::string::npos) {
        const std::size_t end = json.find('"', i + 1);
        if (end == std::string::npos) break;
        out.push_back(json.substr(i + 1, end - i - 1));
        i = end + 1;
    }
    return out;
}

void addKind(std::vector<std::string>& kinds, const std::string& kind) {
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) kinds.push_back(kind);
}

RcodeGroup rcodeGroup(std::int64_t rcode) {
    switch (rcode) {
        case 0:
            return RcodeGroup::NoError;
        case 3:
            return RcodeGroup::NxDomain;
        case 2:
            return RcodeGroup::ServFail;
        case 0xffff:
            return RcodeGroup::NoResponse;
        default:
            return RcodeGroup::Other;
    }
}

}  // namespace

std::unordered_map<std::string, std::vector<std::string>> DrilldownReader::Impl::alertKindsByName(
    std::string_view ip) {
    std::unordered_map<std::string, std::vector<std::string>> out;
    auto st = db.prepare("SELECT kind, domain, evidence FROM alerts WHERE client = ? ORDER BY id");
    st.bind(1, ip);
    while (st.step()) {
        const std::string kind = st.text(0);
        addKind(out[st.text(1)], kind);
        for (const std::string& name : evidenceNames(st.text(2))) addKind(out[name], kind);
    }
    return out;
}

DrilldownReader::DrilldownReader(const std::string& path) {
    if (!std::filesystem::exists(path)) throw StoreError("no such analysis file: " + path);
    m_impl = std::make_unique<Impl>(path);
    const int version = schemaVersion(m_impl->db);
    if (version == 0) throw StoreError(path + " is not a DNS Hound analysis file");
    if (version > kSchemaVersion)
        throw StoreError(path + " was written by a newer DNS Hound (schema " +
                         std::to_string(version) + ")");
}

DrilldownReader::~DrilldownReader() = default;

std::int64_t DrilldownReader::timelineBucketUs(std::int64_t spanUs, int maxBuckets) {
    static constexpr std::array<std::int64_t, 14> kSteps{
        1, 5, 10, 30, 60, 300, 600, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400};
    const std::int64_t buckets = std::max(1, maxBuckets);
    for (const std::int64_t secs : kSteps) {
        if (spanUs / (secs * 1'000'000) < buckets) return secs * 1'000'000;
    }
    const std::int64_t days = spanUs / (86'400'000'000LL * buckets) + 1;
    return days * 86'400'000'000LL;
}

std::vector<TimelineBucket> DrilldownReader::clientTimeline(std::string_view ip,
                                                            std::int64_t bucketUs,
                                                            double dgaThreshold) const {
    std::vector<TimelineBucket> out;
    const auto client = m_impl->clientId(ip);
    if (!client || bucketUs <= 0) return out;
    auto st = m_impl->db.prepare(
        "SELECT q.time_us / ?1 AS b, q.rcode, "
        "CASE WHEN s.dga_score IS NULL THEN 2 WHEN s.dga_score >= ?2 THEN 1 ELSE 0 END AS v, "
        "count(*) FROM queries q LEFT JOIN domain_scores s ON s.domain_id = q.domain_id "
        "WHERE q.client_id = ?3 GROUP BY b, q.rcode, v ORDER BY b");
    st.bind(1, bucketUs).bind(2, dgaThreshold).bind(3, *client);
    while (st.step()) {
        const std::int64_t start = st.int64(0) * bucketUs;
        if (out.empty() || out.back().startUs != start) {
            out.emplace_back();
            out.back().startUs = start;
        }
        const std::int64_t n = st.int64(3);
        out.back().byRcode[static_cast<int>(rcodeGroup(st.int64(1)))] += n;
        out.back().byVerdict[std::clamp<std::int64_t>(st.int64(2), 0, kVerdictCount - 1)] += n;
    }
    return out;
}

std::vector<ClientDomainRow> DrilldownReader::clientDomains(std::string_view ip,
                                                            std::size_t limit) const {
    std::vector<ClientDomainRow> out;
    const auto client = m_impl->clientId(ip);
    if (!client) return out;
    auto st = m_impl->db.prepare(
        "SELECT d.name, g.n, g.nx, g.first_us, g.last_us, s.dga_score FROM "
        "(SELECT domain_id, count(*) AS n, sum(rcode = 3) AS nx, min(time_us) AS first_us, "
        " max(time_us) AS last_us FROM queries WHERE client_id = ? GROUP BY domain_id) g "
        "LEFT JOIN domains d ON d.id = g.domain_id "
        "LEFT JOIN domain_scores s ON s.domain_id = g.domain_id "
        "ORDER BY s.dga_score DESC NULLS LAST, g.n DESC, d.name LIMIT ?");
    st.bind(1, *client).bind(2, static_cast<std::int64_t>(limit));
    const auto kinds = m_impl->alertKindsByName(ip);
    while (st.step()) {
        ClientDomainRow row;
        row.domain = st.text(0);
        row.queries = st.int64(1);
        row.nxdomain = st.int64(2);
        row.firstSeenUs = st.int64(3);
        row.lastSeenUs = st.int64(4);
        row.dgaScore = st.isNull(5) ? -1.0 : st.real(5);
        if (const auto it = kinds.find(row.domain); it != kinds.end()) row.alertKinds = it->second;
        out.push_back(std::move(row));
    }
    return out;
}

std::vector<RelatedClient> DrilldownReader::relatedClients(std::string_view ip, double dgaThreshold,
                                                           std::size_t limit) const {
    std::vector<RelatedClient> out;
    const auto client = m_impl->clientId(ip);
    if (!client) return out;
    auto st = m_impl->db.prepare(
        "WITH suspicious AS (SELECT DISTINCT q.domain_id FROM queries q "
        "  JOIN domain_scores s ON s.domain_id = q.domain_id "
        "  WHERE q.client_id = ?1 AND s.dga_score >= ?2) "
        "SELECT c.ip, count(DISTINCT q.domain_id), count(*), min(q.time_us), max(q.time_us), "
        "EXISTS(SELECT 1 FROM alerts a WHERE a.client = c.ip) "
        "FROM suspicious x JOIN queries q ON q.domain_id = x.domain_id "
        "JOIN clients c ON c.id = q.client_id WHERE q.client_id != ?1 "
        "GROUP BY q.client_id ORDER BY 2 DESC, 3 DESC, c.ip LIMIT ?3");
    st.bind(1, *client).bind(2, dgaThreshold).bind(3, static_cast<std::int64_t>(limit));
    while (st.step()) {
        out.push_back(
            {st.text(0), st.int64(1), st.int64(2), st.int64(3), st.int64(4), st.int64(5) != 0});
    }
    return out;
}

std::optional<DomainSummary> DrilldownReader::domainSummary(std::string_view domain) const {
    const auto id = m_impl->domainId(domain);
    if (!id) return std::nullopt;
    DomainSummary s;
    s.domain = std::string(domain);
    {
        auto st = m_impl->db.prepare("SELECT dga_score FROM domain_scores WHERE domain_id = ?");
        st.bind(1, *id);
        if (st.step()) s.dgaScore = st.real(0);
    }
    {
        auto st = m_impl->db.prepare(
            "SELECT count(*), count(DISTINCT client_id), min(time_us), max(time_us), "
            "total(response_bytes) FROM queries WHERE domain_id = ?");
        st.bind(1, *id);
        if (st.step()) {
            s.queries = st.int64(0);
            s.clients = st.int64(1);
            s.firstSeenUs = st.int64(2);
            s.lastSeenUs = st.int64(3);
            s.responseBytes = static_cast<std::int64_t>(st.real(4));
        }
    }
    const auto counts = [&](std::string_view column) {
        std::vector<std::pair<std::uint16_t, std::int64_t>> out;
        auto st = m_impl->db.prepare("SELECT " + std::string(column) +
                                     ", count(*) FROM queries WHERE domain_id = ? GROUP BY 1 "
                                     "ORDER BY 2 DESC, 1");
        st.bind(1, *id);
        while (st.step()) out.emplace_back(static_cast<std::uint16_t>(st.int64(0)), st.int64(1));
        return out;
    };
    s.rcodes = counts("rcode");
    s.qtypes = counts("qtype");
    return s;
}

std::vector<DomainClientRow> DrilldownReader::domainClients(std::string_view domain,
                                                            std::size_t limit) const {
    std::vector<DomainClientRow> out;
    const auto id = m_impl->domainId(domain);
    if (!id) return out;
    auto st = m_impl->db.prepare(
        "SELECT c.ip, count(*), sum(q.rcode = 3), sum(q.rcode = 0), "
        "sum(q.rcode NOT IN (0, 3)), total(q.response_bytes), min(q.time_us), max(q.time_us) "
        "FROM queries q JOIN clients c ON c.id = q.client_id WHERE q.domain_id = ? "
        "GROUP BY q.client_id ORDER BY 2 DESC, c.ip LIMIT ?");
    st.bind(1, *id).bind(2, static_cast<std::int64_t>(limit));
    while (st.step()) {
        DomainClientRow row;
        row.ip = st.text(0);
        row.queries = st.int64(1);
        row.nxdomain = st.int64(2);
        row.noError = st.int64(3);
        row.otherRcode = st.int64(4);
        row.responseBytes = static_cast<std::int64_t>(st.real(5));
        row.firstSeenUs = st.int64(6);
        row.lastSeenUs = st.int64(7);
        out.push_back(std::move(row));
    }
    auto kinds = m_impl->db.prepare("SELECT DISTINCT kind FROM alerts WHERE client = ? ORDER BY 1");
    for (DomainClientRow& row : out) {
        kinds.bind(1, std::string_view(row.ip));
        while (kinds.step()) row.alertKinds.push_back(kinds.text(0));
        kinds.reset();
    }
    return out;
}

std::vector<QueryRow> DrilldownReader::clientQueriesDescending(std::string_view ip,
                                                               std::int64_t beforeRowId,
                                                               std::size_t limit) const {
    std::vector<QueryRow> out;
    const auto client = m_impl->clientId(ip);
    if (!client) return out;
    // Keyset on (client_id, rowid) of the queries_by_client index, walked backwards.
    auto st = m_impl->db.prepare(std::string(kRowColumns) +
                                 "WHERE q.client_id = ? AND q.rowid < ? ORDER BY q.rowid DESC "
                                 "LIMIT ?");
    st.bind(1, *client)
        .bind(2, beforeRowId > 0 ? beforeRowId : INT64_MAX)
        .bind(3, static_cast<std::int64_t>(limit));
    while (st.step()) out.push_back(readQueryRow(st));
    return out;
}

std::vector<std::int64_t> DrilldownReader::sortedClientRowIds(std::string_view ip, QueryOrder order,
                                                              bool descending) const {
    std::vector<std::int64_t> out;
    const auto client = m_impl->clientId(ip);
    if (!client) return out;
    std::string column;
    switch (order) {
        case QueryOrder::Time:
            column = "time_us";
            break;
        case QueryOrder::Domain:
        case QueryOrder::DgaScore:
            column = "domain_id";
            break;
        case QueryOrder::Type:
            column = "qtype";
            break;
        case QueryOrder::Rcode:
            column = "rcode";
            break;
        case QueryOrder::Size:
            column = "response_bytes";
            break;
        case QueryOrder::Source:
            column = "(source_id << 40) | source_line";
            break;
    }
    struct Keyed {
        std::int64_t key;
        std::int64_t rowId;
    };
    std::vector<Keyed> keyed;
    {
        auto st =
            m_impl->db.prepare("SELECT rowid, " + column + " FROM queries WHERE client_id = ?");
        st.bind(1, *client);
        while (st.step()) keyed.push_back({st.int64(1), st.int64(0)});
    }
    if (order == QueryOrder::Domain || order == QueryOrder::DgaScore) {
        // Map each distinct name id to its rank (by name or by score) once; rows compare ranks.
        std::vector<std::int64_t> ids;
        ids.reserve(keyed.size() / 4 + 1);
        for (const Keyed& k : keyed) ids.push_back(k.key);
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        std::vector<std::pair<std::string, std::int64_t>> names;  // sort text, id
        std::vector<std::pair<double, std::int64_t>> scores;
        if (order == QueryOrder::Domain) {
            auto st = m_impl->db.prepare("SELECT name FROM domains WHERE id = ?");
            for (const std::int64_t id : ids) {
                st.bind(1, id);
                names.emplace_back(st.step() ? st.text(0) : std::string(), id);
                st.reset();
            }
            std::sort(names.begin(), names.end());
        } else {
            auto st = m_impl->db.prepare("SELECT dga_score FROM domain_scores WHERE domain_id = ?");
            for (const std::int64_t id : ids) {
                st.bind(1, id);
                scores.emplace_back(st.step() ? st.real(0) : -1.0, id);
                st.reset();
            }
            std::sort(scores.begin(), scores.end());
        }
        std::unordered_map<std::int64_t, std::int64_t> rank;
        rank.reserve(ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i) {
            rank[order == QueryOrder::Domain ? names[i].second : scores[i].second] =
                static_cast<std::int64_t>(i);
        }
        for (Keyed& k : keyed) k.key = rank[k.key];
    }
    std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
        return a.key != b.key ? a.key < b.key : a.rowId < b.rowId;
    });
    out.reserve(keyed.size());
    for (const Keyed& k : keyed) out.push_back(k.rowId);
    if (descending) std::reverse(out.begin(), out.end());
    return out;
}

std::vector<QueryRow> DrilldownReader::queriesByRowIds(std::span<const std::int64_t> rowIds) const {
    std::vector<QueryRow> out;
    out.reserve(rowIds.size());
    auto st = m_impl->db.prepare(std::string(kRowColumns) + "WHERE q.rowid = ?");
    for (const std::int64_t id : rowIds) {
        st.bind(1, id);
        if (st.step()) out.push_back(readQueryRow(st));
        st.reset();
    }
    return out;
}

std::vector<std::string> DrilldownReader::benignSampleNames(double threshold,
                                                            std::size_t limit) const {
    // A multiplicative hash of the id spreads the sample over the whole run, not its first names.
    auto st = m_impl->db.prepare(
        "SELECT d.name FROM domain_scores s JOIN domains d ON d.id = s.domain_id "
        "WHERE s.dga_score < ? ORDER BY (s.domain_id * 2654435761) % 4294967296 LIMIT ?");
    st.bind(1, threshold).bind(2, static_cast<std::int64_t>(limit));
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.text(0));
    return out;
}

}  // namespace dnshound::core::store
