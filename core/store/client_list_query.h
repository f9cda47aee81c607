#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/store/sqlite_connection.h"
#include "core/store/store_records.h"

namespace dnshound::core::store {

// Reads a ClientSummary from a statement whose columns are, in order: ip, subnet, queries,
// nxdomain, distinct_names, dga_names, first_seen_us, last_seen_us, max_score, alert_kinds.
ClientSummary readClientSummary(const Statement& st);

// The client list: every client of an analysis with its per-run aggregates (queries, distinct
// names, NXDOMAIN, first/last seen, highest DGA score, alert kinds), sorted by any of them. Reads
// the clients table only (one row per client, written at the end of a run): never the queries.
class ClientListQuery final {
public:
    enum class Order {
        Ip,
        Queries,
        DistinctNames,
        NxDomain,
        DgaNames,
        FirstSeen,
        LastSeen,
        MaxScore,
        AlertKinds
    };

    // Throws StoreError when the file is missing or not an analysis (older ones are upgraded).
    explicit ClientListQuery(const std::string& path);

    std::int64_t count();
    // Rows [offset, offset + limit) in `order` (ties by ip).
    std::vector<ClientSummary> page(Order order, bool descending, std::int64_t offset,
                                    std::int64_t limit);

private:
    SqliteConnection m_db;
};

}  // namespace dnshound::core::store
