#pragma once

// The reference check of SortedQueryPager shared by the store and command tests: for every sort
// order, both directions, with and without a filter (rcode:NXDOMAIN), the pager's keyset pages
// together must give exactly the rows one ORDER BY over the client's queries gives.

#include <QString>
#include <map>
#include <string>
#include <vector>

#include "core/search/search_query.h"
#include "core/search/sql_filter.h"
#include "core/store/sorted_query_pager.h"
#include "core/store/sqlite_connection.h"

namespace dnshound::test {

// Empty when every page sequence matches; else what differed first. `pageSize` rows a page.
inline QString pagerOrderMismatch(const std::string& dbPath, const std::string& ip,
                                  core::store::SortedQueryPager& pager, std::size_t pageSize) {
    namespace store = core::store;
    namespace search = core::search;
    using Order = store::SortedQueryPager::Order;
    store::SqliteConnection db(dbPath, store::SqliteConnection::Mode::ReadOnly);
    auto id = db.prepare("SELECT id FROM clients WHERE ip = ?");
    id.bind(1, std::string_view(ip));
    if (!id.step()) return QStringLiteral("no client %1").arg(QString::fromStdString(ip));
    const std::int64_t client = id.int64(0);
    const std::map<Order, std::vector<std::string>> keys{
        {Order::Time, {"q.rowid"}},
        {Order::Type, {"q.qtype", "q.rowid"}},
        {Order::Rcode, {"q.rcode", "q.rowid"}},
        {Order::Size, {"q.response_bytes", "q.rowid"}},
        {Order::Source, {"q.source_id", "q.source_line", "q.rowid"}},
        {Order::Domain, {"d.name", "q.domain_id", "q.rowid"}},
        {Order::DgaScore, {"coalesce(s.dga_score, -1)", "q.domain_id", "q.rowid"}}};
    for (const bool filtered : {false, true}) {
        search::SqlFilter filter;
        if (filtered) {
            const auto parsed = search::SearchQuery::parse("rcode:NXDOMAIN");
            if (parsed.error ||
                search::compileSql(parsed.query, search::queryTableColumns(), filter))
                return QStringLiteral("the rcode:NXDOMAIN filter does not compile");
        }
        for (const auto& [order, key] : keys) {
            for (const bool descending : {false, true}) {
                const QString what = QStringLiteral("%1 order %2 %3 %4")
                                         .arg(QString::fromStdString(ip))
                                         .arg(static_cast<int>(order))
                                         .arg(QLatin1String(descending ? "desc" : "asc"))
                                         .arg(QLatin1String(filtered ? "filtered" : "all"));
                std::string by;
                for (const std::string& term : key)
                    by += (by.empty() ? "" : ", ") + term + (descending ? " DESC" : "");
                auto ref = db.prepare(
                    "SELECT q.rowid FROM queries q LEFT JOIN domains d ON d.id = q.domain_id "
                    "LEFT JOIN domain_scores s ON s.domain_id = q.domain_id WHERE q.client_id = "
                    "?" +
                    std::string(filtered ? " AND q.rcode = 3" : "") + " ORDER BY " + by);
                ref.bind(1, client);
                std::vector<std::int64_t> expected;
                while (ref.step()) expected.push_back(ref.int64(0));
                if (expected.size() <= 50)
                    return what + QStringLiteral(": only %1 rows to page").arg(expected.size());
                const auto names = pager.domainOrder(ip, order, descending);
                store::QueryCursor cursor;
                std::vector<std::int64_t> got;
                // At most one page past the rows: a pager that never ends a sequence fails.
                for (std::size_t pages = 0; pages <= expected.size() / pageSize + 1; ++pages) {
                    const auto page =
                        pager.page(ip, order, descending, filter, names, cursor, pageSize);
                    for (const auto& row : page) got.push_back(row.rowId);
                    if (page.size() < pageSize) break;
                }
                if (got != expected)
                    return what +
                           QStringLiteral(": %1 vs %2 rows").arg(got.size()).arg(expected.size());
            }
        }
    }
    return {};
}

}  // namespace dnshound::test
