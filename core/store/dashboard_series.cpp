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
