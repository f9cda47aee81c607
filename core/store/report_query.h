#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/store/store_records.h"
#include "core/store/triage_records.h"

namespace dnshound::core::store {

// One bucket of a timeline: queries, NXDOMAIN answers and DGA-flagged queries in
// [startUs, startUs + width).
struct TimelineCount {
    std::int64_t startUs = 0;
    std::int64_t queries = 0;
    std::int64_t nxdomain = 0;
    std::int64_t flagged = 0;  // queries whose name scored at or above the flag threshold
    std::int64_t alerts = 0;   // alerts first raised in the bucket (whole-analysis timelines)
};

struct RejectCount {
    std::int64_t sourceId = 0;  // 0-based, in the order of AnalysisReader::sources()
    std::string reason;
    std::int64_t count = 0;
};

// Which queries an evidence listing or a timeline covers. Empty client: every client.
struct QueryScope {
    std::string client;
    std::int64_t fromUs = 0;
    std::int64_t toUs = 0;   // inclusive
    double minScore = -1.0;  // < 0: every query; else only names scored at least this
};

// The queries behind an incident report, read-only. One instance per thread.
class ReportQuery final {
public:
    // Throws StoreError when the file is missing or not an analysis.
    explicit ReportQuery(const std::string& path);
    ~ReportQuery();
    ReportQuery(const ReportQuery&) = delete;
    ReportQuery& operator=(const ReportQuery&) = delete;

    std::optional<AlertRecord> alert(std::int64_t id) const;
    std::vector<AlertRecord> alertsForClient(std::string_view ip) const;
    // Alerts whose evidence window overlaps [fromUs, toUs].
    std::vector<AlertRecord> alertsOverlapping(std::int64_t fromUs, std::int64_t toUs) const;
    // Earliest and latest event time in the analysis (0, 0 when it holds no queries).
    std::pair<std::int64_t, std::int64_t> timeExtent() const;

    // Queries in time order (then insertion order), at most `limit`.
    std::vector<QueryRow> queries(const QueryScope& scope, std::size_t limit) const;
    std::int64_t countQueries(const QueryScope& scope) const;
    // Per-bucket counts of a client's queries (scope.client set) or, for every client, the
    // per-minute volumes regrouped into buckets of `bucketUs` (a multiple of a minute then).
    std::vector<TimelineCount> timeline(const QueryScope& scope, std::int64_t bucketUs,
                                        double flagScore) const;
    std::vector<RejectCount> rejectCounts() const;
    std::vector<AlertNote> notes(const std::vector<std::int64_t>& alertIds) const;
    std::vector<ClientSummary> clients(const std::vector<std::string>& ips) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace dnshound::core::store
