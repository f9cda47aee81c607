#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/store/dashboard_series.h"
#include "core/store/sqlite_connection.h"

namespace dnshound::core::store {

// One stage over one bucket of run time.
struct StageVolumePoint {
    std::int64_t startUs = 0;   // run time: microseconds since the first sample
    double maxQueueFill = 0.0;  // 0..1, the fullest its input queue got
    std::int64_t eventsIn = 0;
    std::int64_t eventsOut = 0;
};

struct StageVolumeSeries {
    std::string stage;
    std::vector<StageVolumePoint> points;
    std::int64_t eventsIn = 0;  // over the run
    std::int64_t eventsOut = 0;
};

struct LogVolumeSeries {
    std::int64_t bucketUs = 0;
    std::int64_t runUs = 0;
    std::vector<StageVolumeSeries> stages;  // in pipeline order
    std::int64_t linesTotal = 0;            // from the sources: lines read
    std::int64_t linesRejected = 0;         // lines that did not parse
    std::int64_t linesSkipped = 0;          // comments, headers
};

// The Log Volumes dashboard's aggregates over stage_samples and sources.
class LogVolumeQuery final {
public:
    explicit LogVolumeQuery(const std::string& path);
    LogVolumeSeries series(int maxBuckets);

private:
    SqliteConnection m_db;
};

}  // namespace dnshound::core::store
