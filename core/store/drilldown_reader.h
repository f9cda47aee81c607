#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/store/drilldown_records.h"
#include "core/store/store_records.h"

namespace dnshound::core::store {

// The drill-down's queries over one analysis file: a client's timeline, names and related
// clients, a domain's clients, and raw query pages in any order. Aggregates are computed by
// SQLite (never raw rows to the caller); one instance per thread, each with its own connection.
class DrilldownReader final {
public:
    // How the raw query list of a client can be ordered.
    enum class QueryOrder { Time, Domain, Type, Rcode, Size, DgaScore, Source };

    // Throws StoreError when the file is missing or not an analysis.
    explicit DrilldownReader(const std::string& path);
    ~DrilldownReader();
    DrilldownReader(const DrilldownReader&) = delete;
    DrilldownReader& operator=(const DrilldownReader&) = delete;

    // A "round" bucket width (1 s, 10 s, 1 min, 5 min, ...) giving at most `maxBuckets` buckets
    // over `spanUs`.
    static std::int64_t timelineBucketUs(std::int64_t spanUs, int maxBuckets);

    // Queries of one client per time bucket (only buckets with queries), by rcode group and by
    // verdict: DGA when the name scores at or above `dgaThreshold`.
    std::vector<TimelineBucket> clientTimeline(std::string_view ip, std::int64_t bucketUs,
                                               double dgaThreshold) const;
    // The names a client asked for, most suspicious first, at most `limit`.
    std::vector<ClientDomainRow> clientDomains(std::string_view ip, std::size_t limit) const;
    // Other clients that asked for the names this client asked for that score at or above
    // `dgaThreshold`; most shared names first.
    std::vector<RelatedClient> relatedClients(std::string_view ip, double dgaThreshold,
                                              std::size_t limit) const;

    std::optional<DomainSummary> domainSummary(std::string_view domain) const;
    // Every client that asked for `domain`, most queries first, at most `limit`.
    std::vector<DomainClientRow> domainClients(std::string_view domain, std::size_t limit) const;

    // A page of one client's queries in reverse insertion order, before `beforeRowId`
    // (0 for the last page).
    std::vector<QueryRow> clientQueriesDescending(std::string_view ip, std::int64_t beforeRowId,
                                                  std::size_t limit) const;
    // Every query row id of one client in the given order (ties by row id). For the raw query
    // table's sort: built once per sort, then paged with queriesByRowIds.
    std::vector<std::int64_t> sortedClientRowIds(std::string_view ip, QueryOrder order,
                                                 bool descending) const;
    // The rows with these ids, in the order given (ids that do not exist are skipped).
    std::vector<QueryRow> queriesByRowIds(std::span<const std::int64_t> rowIds) const;

    // Up to `limit` distinct names scored below `threshold` (a benign reference sample for
    // feature distributions), in a fixed pseudo-random order so repeated calls agree.
    std::vector<std::string> benignSampleNames(double threshold, std::size_t limit) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace dnshound::core::store
