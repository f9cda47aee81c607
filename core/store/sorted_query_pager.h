#pragma once

#include <cstdint>
#include <memory>
#include <optional>
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
// continues after (column value, rowid) of the last row. Time order is row order and walks the
// writer's queries_by_client. The other orders of a big client walk an index on
// (client_id, column) (query_sort_index.h), built by its first sort of that kind; no page reads
// more rows than it returns (plus the rows a filter rejects). A smaller client's rows are sorted
// in memory, one read of its rows per page. The name and score orders first rank the client's
// distinct names (domainOrder, once per sort), then go one name at a time.
class SortedQueryPager final {
public:
    using Order = DrilldownReader::QueryOrder;

    // Clients with at least this many queries get a sort index; fewer are sorted in memory.
    static constexpr std::int64_t kIndexedSortRows = 20'000;

    // Throws StoreError when the file is missing or not an analysis.
    explicit SortedQueryPager(const std::string& path,
                              std::int64_t indexedSortRows = kIndexedSortRows);

    // The client's distinct name ids in Domain (by name) or DgaScore (unscored first) order,
    // reversed when descending. Empty for an unknown client. Builds the name index for a big
    // client that lacks it.
    std::vector<std::int64_t> domainOrder(std::string_view ip, Order order, bool descending);

    // The next page after `cursor` (updated to the end of the page). `names` is domainOrder's
    // result for the Domain and DgaScore orders and ignored by the others. Builds the order's
    // index for a big client that lacks it.
    std::vector<QueryRow> page(std::string_view ip, Order order, bool descending,
                               const search::SqlFilter& filter,
                               const std::vector<std::int64_t>& names, QueryCursor& cursor,
                               std::size_t limit);

    // Whether the file has the index that serves `order` (true for Time).
    bool hasSortIndex(Order order) const;

private:
    struct Client {
        std::int64_t id = 0;
        std::int64_t queries = 0;  // as counted by the writer (0 while an import runs)
    };
    std::optional<Client> findClient(std::string_view ip);
    // The INDEXED BY clause of `order`'s index, building it first for a big client; "" when
    // the client is sorted in memory instead.
    std::string sortIndexFor(const Client& client, Order order);
    std::vector<QueryRow> scalarPage(std::int64_t client, Order order, bool descending,
                                     const search::SqlFilter& filter, QueryCursor& cursor,
                                     std::size_t limit, const std::string& index);
    std::vector<QueryRow> namePage(std::int64_t client, bool descending,
                                   const search::SqlFilter& filter,
                                   const std::vector<std::int64_t>& names, QueryCursor& cursor,
                                   std::size_t limit, const std::string& index);
    std::vector<QueryRow> memoryPage(std::int64_t client, Order order, bool descending,
                                     const search::SqlFilter& filter,
                                     const std::vector<std::int64_t>& names, QueryCursor& cursor,
                                     std::size_t limit);

    std::string indexedBy(std::string_view index) const;  // "" when the file lacks it
    void readIndexes();

    std::string m_path;
    std::int64_t m_indexedSortRows;
    SqliteConnection m_db;
    std::vector<std::string> m_indexes;
};

}  // namespace dnshound::core::store
