#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/store/store_records.h"

namespace dnshound::core::search {
struct SqlFilter;
}

namespace dnshound::core::store {

// Read-only queries over one analysis file. Each instance owns its own SQLite connection: create
// one per thread (the UI creates them on worker threads, never on the GUI thread).
class AnalysisReader final {
public:
    // Throws StoreError (core/store/store_error.h) when the file is missing or not an analysis.
    explicit AnalysisReader(const std::string& path);
    ~AnalysisReader();
    AnalysisReader(const AnalysisReader&) = delete;
    AnalysisReader& operator=(const AnalysisReader&) = delete;

    std::vector<AlertRecord> alerts() const;
    std::vector<VolumeBucket> volumes() const;
    std::vector<SourceSummary> sources() const;
    std::vector<RejectSample> rejectSamples(std::size_t limit) const;
    std::vector<StageSample> stageSamples() const;
    std::optional<ClientSummary> client(std::string_view ip) const;
    std::int64_t clientQueryCount(std::string_view ip) const;
    // A page of one client's queries in time order, after `afterRowId` (0 for the first page).
    std::vector<QueryRow> clientQueries(std::string_view ip, std::int64_t afterRowId,
                                        std::size_t limit) const;
    // Minutes of one client's watched (client, registered domain) pairs, by domain then time.
    std::vector<TunnelSeriesPoint> tunnelSeries(std::string_view ip) const;
    // Datatest confusion matrix cells; empty when the run had no ground truth.
    std::vector<ConfusionCell> confusion() const;
    // Allowlist entries applied to the run or added afterwards, in the order added.
    std::vector<AllowlistRecord> allowlist() const;
    // The same, keeping only rows that pass `filter` (core/search/sql_filter.h; its WHERE
    // fragment uses the aliases q: queries, c: clients, d: domains, s: domain_scores).
    std::vector<QueryRow> clientQueries(std::string_view ip, std::int64_t afterRowId,
                                        std::size_t limit, const search::SqlFilter& filter) const;
    // key/value facts about the run: "model_sha256", "config_digest", "started_at", ...
    std::optional<std::string> meta(std::string_view key) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace dnshound::core::store
