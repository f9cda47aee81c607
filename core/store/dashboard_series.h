#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dnshound::core::store {

class SqliteConnection;

// A stretch of event time, [fromUs, toUs); 0 at either end leaves that end open.
struct TimeWindow {
    std::int64_t fromUs = 0;
    std::int64_t toUs = 0;
    bool bounded() const { return fromUs != 0 || toUs != 0; }
};

// A named count, for top-N lists (clients, domains).
struct RankedCount {
    std::string name;
    std::int64_t count = 0;
    std::int64_t secondary = 0;  // NXDOMAIN answers (clients) or evidence queries (alerts)
    double maxScore = 0.0;       // alerts only
};

// The first and last event time a series covers (both 0 when there is none).
struct TimeSpan {
    std::int64_t firstUs = 0;
    std::int64_t lastUs = 0;
};

// Orders stage_samples rows by the stage's place in the pipeline (a constant, never user text).
inline constexpr const char* kStageOrderSql =
    "CASE stage WHEN 'collector' THEN 0 WHEN 'batcher' THEN 1 WHEN 'prefilter' THEN 2 "
    "WHEN 'inspector' THEN 3 WHEN 'dga' THEN 4 WHEN 'tunnel' THEN 5 WHEN 'alerter' THEN 6 "
    "WHEN 'store' THEN 7 ELSE 8 END";

// Bucket width for plotting `spanUs` in at most `maxBuckets` bars: a round multiple of `minUs`
// (1, 2, 5, 10, 15, 30 minutes, 1, 2, 3, 6, 12 hours, days when minUs is a minute).
std::int64_t bucketWidthUs(std::int64_t spanUs, int maxBuckets, std::int64_t minUs);

// Bucket width for run-time (wall clock) plots: 0.25 s (one stage sample), 0.5 s, then 1, 2, 5,
// 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min, 1 h and whole hours.
std::int64_t runBucketWidthUs(std::int64_t spanUs, int maxBuckets);

// Opens an analysis file read-only and checks it is one this build understands. Throws StoreError.
SqliteConnection openAnalysisReadOnly(const std::string& path);

}  // namespace dnshound::core::store
