#include "core/store/dashboard_series.h"

#include <algorithm>
#include <array>
#include <filesystem>

#include "core/store/schema.h"
#include "core/store/sqlite_connection.h"
#include "core/store/store_error.h"

namespace dnshound::core::store {

std::int64_t bucketWidthUs(std::int64_t spanUs, int maxBuckets, std::int64_t minUs) {
    constexpr std::array<std::int64_t, 13> kSteps{1,   2,   5,   10,  15,   30,  60,
                                                  120, 180, 360, 720, 1440, 2880};
    const std::int64_t buckets = std::max(1, maxBuckets);
    const std::int64_t span = std::max<std::int64_t>(spanUs, 1);
    for (const std::int64_t step : kSteps) {
        if (span <= step * minUs * buckets) return step * minUs;
    }
    // Beyond the table: whole multiples of the last step.
    const std::int64_t last = kSteps.back() * minUs;
    return ((span / buckets) / last + 1) * last;
}

std::int64_t runBucketWidthUs(std::int64_t spanUs, int maxBuckets) {
    constexpr std::array<std::int64_t, 16> kStepsMs{
        250,   500,    1000,   2000,   5000,   10000,   15000,   30000,
        60000, 120000, 300000, 600000, 900000, 1800000, 3600000, 7200000};
    const std::int64_t buckets = std::max(1, maxBuckets);
    const std::int64_t span = std::max<std::int64_t>(spanUs, 1);
    for (const std::int64_t step : kStepsMs) {
        if (span <= step * 1000 * buckets) return step * 1000;
    }
    const std::int64_t hour = 3'600'000'000;
    return ((span / buckets) / hour + 1) * hour;
}

SqliteConnection openAnalysisReadOnly(const std::string& path) {
    if (!std::filesystem::exists(path)) throw StoreError("no such analysis file: " + path);
    SqliteConnection db(path, SqliteConnection::Mode::ReadOnly);
    const int version = schemaVersion(db);
    if (version == 0) throw StoreError(path + " is not a DNS Hound analysis file");
    if (version > kSchemaVersion) {
        throw StoreError(path + " was written by a newer DNS Hound (schema " +
                         std::to_string(version) + ")");
    }
    return db;
}

}  // namespace dnshound::core::store
