#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/store/dashboard_series.h"
#include "core/store/sqlite_connection.h"

namespace dnshound::core::store {

// One stage's batch latency over one bucket of run time. The store keeps a quarter-second
// sample per stage (busy time, batches, slowest batch); a sample's mean batch latency is
// busy_us / batches, and the median and p95 are taken over the samples in the bucket
// (nearest rank), so they describe typical and bad quarter-seconds, not single batches; the
// slowest single batch is `maxUs`.
struct LatencyPoint {
    std::int64_t startUs = 0;  // run time: microseconds since the first sample
    double medianUs = 0.0;
    double p95Us = 0.0;
    double maxUs = 0.0;
    std::int64_t samples = 0;
};

struct StageLatencySeries {
    std::string stage;
    std::vector<LatencyPoint> points;
};

struct LatencySeries {
    std::int64_t bucketUs = 0;
    std::int64_t runUs = 0;                  // first to last sample
    std::vector<StageLatencySeries> stages;  // in pipeline order
};

// The Latencies dashboard's aggregates (SQL window functions over stage_samples).
class LatencyQuery final {
public:
    explicit LatencyQuery(const std::string& path);

    LatencySeries series(int maxBuckets);
    // The whole run per stage, for the side-by-side comparison (startUs = 0).
    std::vector<StageLatencySeries> comparison();

private:
    std::vector<StageLatencySeries> query(std::int64_t originUs, std::int64_t bucketUs);
    SqliteConnection m_db;
};

}  // namespace dnshound::core::store
