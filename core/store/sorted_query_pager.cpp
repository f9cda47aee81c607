#include "core/store/sorted_query_pager.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>
#include <variant>

#include "core/store/dashboard_series.h"
#include "core/store/query_row_reader.h"
#include "core/store/query_sort_index.h"

namespace dnshound::core::store {

namespace {

constexpr std::string_view kRowColumns =
    "SELECT q.rowid, q.time_us, c.ip, d.name, q.qtype, q.rcode, q.response_bytes, "
    "s.dga_score, q.source_id, q.source_line FROM queries q "
    "JOIN clients c ON c.id = q.client_id "
    "LEFT JOIN domains d ON d.id = q.domain_id "
    "LEFT JOIN domain_scores s ON s.domain_id = q.domain_id ";

std::string filterSql(const search::SqlFilter& filter) {
    return " AND (" + (filter.where.empty() ? std::string("1") : filter.where) + ")";
}

int bindFilter(Statement& st, int index, const search::SqlFilter& filter) {
    for (const search::SqlValue& value : filter.values) {
        std::visit([&](const auto& v) { st.bind(index, v); }, value);
        ++index;
    }
    return index;
}

const char* scalarColumn(SortedQueryPager::Order order) {
    switch (order) {
        case SortedQueryPager::Order::Type:
            return "q.qtype";
        case SortedQueryPager::Order::Rcode:
            return "q.rcode";
        case SortedQueryPager::Order::Size:
            return "q.response_bytes";
        default:
            return nullptr;  // Time (rowid) and Source (two columns) are spelled out below
    }
}

std::int64_t scalarKey(SortedQueryPager::Order order, const QueryRow& row) {
    switch (order) {
        case SortedQueryPager::Order::Type:
            return row.qtype;
        case SortedQueryPager::Order::Rcode:
            return row.rcode;
        case SortedQueryPager::Order::Size:
            return row.responseBytes;
        case SortedQueryPager::Order::Source:
            return row.sourceId;
        default:
            return 0;
    }
}

}  // namespace

SortedQueryPager::SortedQueryPager(const std::string& path, std::int64_t indexedSortRows)
    : m_path(path), m_indexedSortRows(indexedSortRows), m_db(openAnalysisReadOnly(path)) {
    readIndexes();
}

void SortedQueryPager::readIndexes() {
    m_indexes.clear();
    auto st = m_db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'");
    while (st.step()) m_indexes.push_back(st.text(0));
}

std::string SortedQueryPager::indexedBy(std::string_view index) const {
    // An analysis written before an index existed still sorts, only slower.
    for (const std::string& have : m_indexes)
        if (have == index) return " INDEXED BY " + have;
    return {};
}

bool SortedQueryPager::hasSortIndex(Order order) const {
    const std::string_view name = querySortIndexName(order);
    return name.empty() || !indexedBy(name).empty();
}

std::optional<SortedQueryPager::Client> SortedQueryPager::findClient(std::string_view ip) {
    auto st = m_db.prepare("SELECT id, queries FROM clients WHERE ip = ?");
    st.bind(1, ip);
    if (!st.step()) return std::nullopt;
    return Client{st.int64(0), st.int64(1)};
}

std::string SortedQueryPager::sortIndexFor(const Client& client, Order order) {
    const std::string_view name = querySortIndexName(order);
    if (name.empty()) return indexedBy("queries_by_client");
    std::string clause = indexedBy(name);
    if (!clause.empty() || client.queries < m_indexedSortRows) return clause;
    // A big client's first sort of this kind: one index for every later page and client.
    if (buildQuerySortIndex(m_path, order)) {
        readIndexes();
        clause = indexedBy(name);
    }
    return clause;
}

std::vector<std::int64_t> SortedQueryPager::domainOrder(std::string_view ip, Order order,
                                                        bool descending) {
    const auto client = findClient(ip);
    if (!client) return {};
    std::string index = sortIndexFor(*client, order);
    if (index.empty()) index = indexedBy("queries_by_client");
    const std::string dir = descending ? " DESC" : " ASC";
    const std::string key = order == Order::DgaScore ? "coalesce(s.dga_score, -1)" : "d.name";
    // DISTINCT over (client_id, domain_id) reads the client's index entries only.
    auto st =
        m_db.prepare("SELECT g.domain_id FROM (SELECT DISTINCT domain_id FROM queries" + index +
                     " WHERE client_id = ?) g LEFT JOIN "
                     "domains d ON d.id = g.domain_id "
                     "LEFT JOIN domain_scores s ON s.domain_id = g.domain_id ORDER BY " +
                     key + dir + ", g.domain_id" + dir);
    st.bind(1, client->id);
    std::vector<std::int64_t> out;
    while (st.step()) out.push_back(st.int64(0));
    return out;
}

std::vector<QueryRow> SortedQueryPager::page(std::string_view ip, Order order, bool descending,
                                             const search::SqlFilter& filter,
                                             const std::vector<std::int64_t>& names,
                                             QueryCursor& cursor, std::size_t limit) {
    const auto client = findClient(ip);
    if (!client) return {};
    const std::string index = sortIndexFor(*client, order);
    const bool byName = order == Order::Domain || order == Order::DgaScore;
    // A small client without the index: its rows sorted here. A big one whose index could not
    // be built (a read-only file), or one not counted yet (an import still running), is sorted
    // by SQLite, in bounded memory.
    const bool small = client->queries > 0 && client->queries < m_indexedSortRows;
    if (index.empty() && small && order != Order::Time)
        return memoryPage(client->id, order, descending, filter, names, cursor, limit);
    if (byName) return namePage(client->id, descending, filter, names, cursor, limit, index);
    return scalarPage(client->id, order, descending, filter, cursor, limit, index);
}

std::vector<QueryRow> SortedQueryPager::scalarPage(std::int64_t client, Order order,
                                                   bool descending, const search::SqlFilter& filter,
                                                   QueryCursor& cursor, std::size_t limit,
                                                   const std::string& index) {
    const char* gt = descending ? " < " : " > ";
    const char* ge = descending ? " <= " : " >= ";
    const std::string dir = descending ? " DESC" : "";
    std::string after;
    std::string orderBy;
    if (order == Order::Time) {
        after = std::string(" AND q.rowid") + gt + "?";
        orderBy = "q.rowid" + dir;
    } else if (order == Order::Source) {
        after = std::string(" AND q.source_id") + ge + "? AND (q.source_id" + gt +
                "? OR q.source_line" + gt + "? OR (q.source_line = ? AND q.rowid" + gt + "?))";
        orderBy = "q.source_id" + dir + ", q.source_line" + dir + ", q.rowid" + dir;
    } else {
        const std::string column = scalarColumn(order);
        after = " AND " + column + ge + "? AND (" + column + gt + "? OR q.rowid" + gt + "?)";
        orderBy = column + dir + ", q.rowid" + dir;
    }
    std::string sql = std::string(kRowColumns);
    sql.replace(sql.find("FROM queries q") + 14, 0, index);
    sql += "WHERE q.client_id = ?" + (cursor.atStart ? std::string() : after) + filterSql(filter) +
           " ORDER BY " + orderBy + " LIMIT ?";
    auto st = m_db.prepare(sql);
    int n = 1;
    st.bind(n++, client);
    if (!cursor.atStart) {
        std::vector<std::int64_t> keys;
        if (order == Order::Time)
            keys = {cursor.rowId};
        else if (order == Order::Source)
            keys = {cursor.key, cursor.key, cursor.line, cursor.line, cursor.rowId};
        else
            keys = {cursor.key, cursor.key, cursor.rowId};
        for (const std::int64_t k : keys) st.bind(n++, k);
    }
    n = bindFilter(st, n, filter);
    st.bind(n, static_cast<std::int64_t>(limit));
    std::vector<QueryRow> out;
    while (st.step()) out.push_back(readQueryRow(st));
    if (!out.empty()) {
        cursor.atStart = false;
        cursor.rowId = out.back().rowId;
        cursor.key = scalarKey(order, out.back());
        cursor.line = static_cast<std::int64_t>(out.back().sourceLine);
    }
    return out;
}

std::vector<QueryRow> SortedQueryPager::namePage(std::int64_t client, bool descending,
                                                 const search::SqlFilter& filter,
                                                 const std::vector<std::int64_t>& names,
                                                 QueryCursor& cursor, std::size_t limit,
                                                 const std::string& index) {
    const char* gt = descending ? " < " : " > ";
    std::string sql = std::string(kRowColumns);
    sql.replace(sql.find("FROM queries q") + 14, 0, index);
    sql += std::string("WHERE q.client_id = ? AND q.domain_id = ? AND q.rowid") + gt + "?" +
           filterSql(filter) + " ORDER BY q.rowid" + (descending ? " DESC" : "") + " LIMIT ?";
    auto st = m_db.prepare(sql);
    std::vector<QueryRow> out;
    std::size_t at = cursor.atStart ? 0 : cursor.domainIndex;
    std::int64_t after = cursor.atStart ? (descending ? INT64_MAX : 0) : cursor.rowId;
    while (at < names.size() && out.size() < limit) {
        st.bind(1, client).bind(2, names[at]).bind(3, after);
        const int n = bindFilter(st, 4, filter);
        st.bind(n, static_cast<std::int64_t>(limit - out.size()));
        std::size_t got = 0;
        while (st.step()) {
            out.push_back(readQueryRow(st));
            ++got;
        }
        st.reset();
        if (out.size() >= limit && got > 0) break;  // this name may have more rows
        ++at;
        after = descending ? INT64_MAX : 0;
    }
    if (!out.empty()) {
        cursor.atStart = false;
        cursor.rowId = out.back().rowId;
    }
    cursor.domainIndex = at;
    if (at >= names.size()) cursor.atStart = false;
    return out;
}

std::vector<QueryRow> SortedQueryPager::memoryPage(std::int64_t client, Order order,
                                                   bool descending, const search::SqlFilter& filter,
                                                   const std::vector<std::int64_t>& names,
                                                   QueryCursor& cursor, std::size_t limit) {
    const bool byName = order == Order::Domain || order == Order::DgaScore;
    std::unordered_map<std::int64_t, std::int64_t> rank;  // name id -> position in `names`
    if (byName) {
        rank.reserve(names.size());
        for (std::size_t i = 0; i < names.size(); ++i)
            rank.emplace(names[i], static_cast<std::int64_t>(i));
    }
    // The ORDER BY of the indexed pages as one ascending tuple: columns and rowid negated when
    // descending, except the name rank (`names` is already in the order asked for).
    using Key = std::tuple<std::int64_t, std::int64_t, std::int64_t>;
    const std::int64_t sign = descending ? -1 : 1;
    const std::int64_t columnSign = byName ? 1 : sign;
    std::string sql =
        "SELECT q.rowid, q.qtype, q.rcode, q.response_bytes, q.source_id, q.source_line, "
        "q.domain_id FROM queries q" +
        indexedBy("queries_by_client") +
        " JOIN clients c ON c.id = q.client_id LEFT JOIN domains d ON d.id = q.domain_id "
        "LEFT JOIN domain_scores s ON s.domain_id = q.domain_id WHERE q.client_id = ?" +
        filterSql(filter);
    auto st = m_db.prepare(sql);
    st.bind(1, client);
    bindFilter(st, 2, filter);
    std::vector<Key> keys;
    while (st.step()) {
        std::int64_t major = 0;
        std::int64_t minor = 0;
        switch (order) {
            case Order::Type:
                major = st.int64(1);
                break;
            case Order::Rcode:
                major = st.int64(2);
                break;
            case Order::Size:
                major = st.int64(3);
                break;
            case Order::Source:
                major = st.int64(4);
                minor = st.int64(5);
                break;
            default: {
                const auto it = rank.find(st.int64(6));
                if (it == rank.end()) continue;  // as the indexed pages: only ranked names
                major = it->second;
            }
        }
        keys.emplace_back(major * columnSign, minor * columnSign, st.int64(0) * sign);
    }
    std::sort(keys.begin(), keys.end());
    auto from = keys.begin();
    if (!cursor.atStart) {
        const Key last =
            byName
                ? Key{static_cast<std::int64_t>(cursor.domainIndex), 0, cursor.rowId * sign}
                : Key{cursor.key * columnSign,
                      (order == Order::Source ? cursor.line : 0) * columnSign, cursor.rowId * sign};
        from = std::upper_bound(keys.begin(), keys.end(), last);
    }
    const auto to = from + static_cast<std::ptrdiff_t>(
                               std::min(limit, static_cast<std::size_t>(keys.end() - from)));
    std::string rowSql = std::string(kRowColumns) + "WHERE q.rowid = ?";
    auto row = m_db.prepare(rowSql);
    std::vector<QueryRow> out;
    out.reserve(static_cast<std::size_t>(to - from));
    for (auto it = from; it != to; ++it) {
        row.bind(1, std::get<2>(*it) * sign);
        if (row.step()) out.push_back(readQueryRow(row));
        row.reset();
    }
    if (!out.empty()) {
        cursor.atStart = false;
        cursor.rowId = out.back().rowId;
        cursor.key = scalarKey(order, out.back());
        cursor.line = static_cast<std::int64_t>(out.back().sourceLine);
        if (byName) cursor.domainIndex = static_cast<std::size_t>(std::get<0>(*(to - 1)));
    } else if (byName) {
        cursor.atStart = false;
        cursor.domainIndex = names.size();
    }
    return out;
}

}  // namespace dnshound::core::store
