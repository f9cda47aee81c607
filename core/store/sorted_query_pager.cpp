#include "core/store/sorted_query_pager.h"

#include <variant>

#include "core/store/dashboard_series.h"
#include "core/store/query_row_reader.h"

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

SortedQueryPager::SortedQueryPager(const std::string& path) : m_db(openAnalysisReadOnly(path)) {
    auto st = m_db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'");
    while (st.step()) m_indexes.push_back(st.text(0));
}

std::string SortedQueryPager::indexedBy(const std::string& index) const {
    // An analysis written before the sort indexes existed still sorts, only slower.
    for (const std::string& have : m_indexes)
        if (have == index) return " INDEXED BY " + index;
    return {};
}

std::vector<std::int64_t> SortedQueryPager::domainOrder(std::string_view ip, Order order,
                                                        bool descending) {
    const std::string dir = descending ? " DESC" : " ASC";
    const std::string key = order == Order::DgaScore ? "coalesce(s.dga_score, -1)" : "d.name";
    // DISTINCT over (client_id, domain_id) reads the client's index entries only.
    auto st = m_db.prepare("SELECT g.domain_id FROM (SELECT DISTINCT domain_id FROM queries" +
                           indexedBy("queries_by_client_domain") +
                           " WHERE client_id = (SELECT id FROM clients WHERE ip = ?)) g LEFT JOIN "
                           "domains d ON d.id = g.domain_id "
                           "LEFT JOIN domain_scores s ON s.domain_id = g.domain_id ORDER BY " +
                           key + dir + ", g.domain_id" + dir);
    st.bind(1, ip);
    std::vector<std::int64_t> out;
    while (st.step()) out.push_back(st.int64(0));
    return out;
}

std::vector<QueryRow> SortedQueryPager::page(std::string_view ip, Order order, bool descending,
                                             const search::SqlFilter& filter,
                                             const std::vector<std::int64_t>& names,
                                             QueryCursor& cursor, std::size_t limit) {
    auto id = m_db.prepare("SELECT id FROM clients WHERE ip = ?");
    id.bind(1, ip);
    if (!id.step()) return {};
    const std::int64_t client = id.int64(0);
    if (order == Order::Domain || order == Order::DgaScore)
        return namePage(client, descending, filter, names, cursor, limit);
    return scalarPage(client, order, descending, filter, cursor, limit);
}

std::vector<QueryRow> SortedQueryPager::scalarPage(std::int64_t client, Order order,
                                                   bool descending, const search::SqlFilter& filter,
                                                   QueryCursor& cursor, std::size_t limit) {
    const char* gt = descending ? " < " : " > ";
    const char* ge = descending ? " <= " : " >= ";
    const std::string dir = descending ? " DESC" : "";
    std::string index;
    std::string after;
    std::string orderBy;
    if (order == Order::Time) {
        index = "queries_by_client";
        after = std::string(" AND q.rowid") + gt + "?";
        orderBy = "q.rowid" + dir;
    } else if (order == Order::Source) {
        index = "queries_by_client_source";
        after = std::string(" AND q.source_id") + ge + "? AND (q.source_id" + gt +
                "? OR q.source_line" + gt + "? OR (q.source_line = ? AND q.rowid" + gt + "?))";
        orderBy = "q.source_id" + dir + ", q.source_line" + dir + ", q.rowid" + dir;
    } else {
        const std::string column = scalarColumn(order);
        index = order == Order::Type    ? "queries_by_client_qtype"
                : order == Order::Rcode ? "queries_by_client_rcode"
                                        : "queries_by_client_size";
        after = " AND " + column + ge + "? AND (" + column + gt + "? OR q.rowid" + gt + "?)";
        orderBy = column + dir + ", q.rowid" + dir;
    }
    std::string sql = std::string(kRowColumns);
    sql.replace(sql.find("FROM queries q") + 14, 0, indexedBy(index));
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
                                                 QueryCursor& cursor, std::size_t limit) {
    const char* gt = descending ? " < " : " > ";
    std::string sql = std::string(kRowColumns);
    sql.replace(sql.find("FROM queries q") + 14, 0, indexedBy("queries_by_client_domain"));
    sql += std::string("WHERE q.client_id = ? AND q.domain_id = ? AND q.rowid") + gt + "?" +
           filterSql(filter) + " ORDER BY q.rowid" + (descending ? " DESC" : "") + " LIMIT ?";
    auto st = m_db.prepare(sql);
    std::vector<QueryRow> out;
    std::size_t index = cursor.atStart ? 0 : cursor.domainIndex;
    std::int64_t after = cursor.atStart ? (descending ? INT64_MAX : 0) : cursor.rowId;
    while (index < names.size() && out.size() < limit) {
        st.bind(1, client).bind(2, names[index]).bind(3, after);
        const int n = bindFilter(st, 4, filter);
        st.bind(n, static_cast<std::int64_t>(limit - out.size()));
        std::size_t got = 0;
        while (st.step()) {
            out.push_back(readQueryRow(st));
            ++got;
        }
        st.reset();
        if (out.size() >= limit && got > 0) break;  // this name may have more rows
        ++index;
        after = descending ? INT64_MAX : 0;
    }
    if (!out.empty()) {
        cursor.atStart = false;
        cursor.rowId = out.back().rowId;
    }
    cursor.domainIndex = index;
    if (index >= names.size()) cursor.atStart = false;
    return out;
}

}  // namespace dnshound::core::store
