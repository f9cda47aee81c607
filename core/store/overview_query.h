#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/store/dashboard_series.h"
#include "core/store/sqlite_connection.h"
#include "core/store/store_records.h"

namespace dnshound::core::store {

// Run totals for the Overview: what came in, what was rejected, what each stage passed on.
struct PipelineHealth {
    std::int64_t linesTotal = 0;
    std::int64_t linesValid = 0;
    std::int64_t linesRejected = 0;
    std::int64_t linesSkipped = 0;
    struct Stage {
        std::string stage;
        std::int64_t eventsIn = 0;
        std::int64_t eventsOut = 0;
        std::int64_t busyUs = 0;
        double maxQueueFill = 0.0;
    };
    std::vector<Stage> stages;  // in pipeline order
};

// Queries per time bucket; each bucket's minuteUs is its start.
struct VolumeSeries {
    std::int64_t bucketUs = 0;
    std::vector<VolumeBucket> buckets;
    std::int64_t queries = 0;  // totals over the window
    std::int64_t nxdomain = 0;
    std::int64_t alerts = 0;
};

// The Overview dashboard's aggregates, each one SQL GROUP BY over the analysis file. Owns a
// read-only connection: create it on the thread that uses it.
class OverviewQuery final {
public:
    explicit OverviewQuery(const std::string& path);

    // Event time the per-minute volumes cover.
    TimeSpan span();
    VolumeSeries volumes(const TimeWindow& window, int maxBuckets);
    // Clients by queries sent in the minutes the window touches (secondary: NXDOMAIN answers).
    std::vector<RankedCount> topClients(const TimeWindow& window, int limit);
    // Names by times asked in the minutes the window touches.
    std::vector<RankedCount> topDomains(const TimeWindow& window, int limit);
    PipelineHealth health();

private:
    SqliteConnection m_db;
};

}  // namespace dnshound::core::store
