#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/search/sql_filter.h"
#include "core/store/drilldown_reader.h"
#include "core/store/sqlite_connection.h"
#include "core/store/store_records.h"

namespace dnshound::core::store {

// Where the previous page of a sorted listing ended. Start from a default one.
struct QueryCursor {
    bool atStart = true;
    std::int64_t rowId = 0;
    std::int64_t key = 0;         // the sort column's value (qtype, rcode, bytes, source id)
    std::int64_t line = 0;        // source line (Source order)
    std::size_t domainIndex = 0;  // position in the name order (Domain, DgaScore orders)
};

// One client's raw queries in any column order, optionally filtered, paged by keyset: each page
// continues after (column value, rowid) of the last row, walking an index on (client_id, column)
// that the writer builds at the end of a run; no page reads more rows than it returns (plus the
// rows a filter rejects). Time order is row order (queries_by_client). The name and score
// orders first rank the client's distinct names (domainOrder, once per sort), then walk
// (client_id, domain_id) one name at a time.
class SortedQueryPager final {
public:
    using Order = DrilldownReader::QueryOrder;

    // Throws StoreError when the file is missing or not an analysis.
    explicit SortedQueryPager(const std::string& path);

    // The client's distinct name ids in Domain (by name) or DgaScore (unscored first) order,
    // reversed when descending. Empty for an unknown client.
    std::vector<std::int64_t> domainOrder(std::string_view ip, Order order, bool descending);

    // The next page after `cursor` (updated to the end of the page). `names` is domainOrder's
    // result for the Domain and DgaScore orders and ignored by the others.
    std::vector<QueryRow> page(std::string_view ip, Order order, bool descending,
                               const search::SqlFilter& filter,
                               const std::vector<std::int64_t>& names, QueryCursor& cursor,
                               std::size_t limit);

private:
    std::vector<QueryRow> scalarPage(std::int64_t client, Order order, bool descending,
                                     const search::SqlFilter& filter, QueryCursor& cursor,
                                     std::size_t limit);
    std::vector<QueryRow> namePage(std::int64_t client, bool descending,
                                   const search::SqlFilter& filter,
                                   const std::vector<std::int64_t>& names, QueryCursor& cursor,
                                   std::size_t limit);

    std::string indexedBy(const std::string& index) const;  // "" when the file lacks it

    SqliteConnection m_db;
    std::vector<std::string> m_indexes;
};

}  // namespace dnshound::core::store
