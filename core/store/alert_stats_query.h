#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/store/dashboard_series.h"
#include "core/store/sqlite_connection.h"

namespace dnshound::core::store {

// Alerts raised per bucket of event time, one series per kind.
struct AlertTimeSeries {
    std::int64_t bucketUs = 0;
    std::map<std::string, std::vector<std::pair<std::int64_t, std::int64_t>>> byKind;  // start, n
    std::int64_t total = 0;
};

// The Alerts dashboard's aggregates. An alert belongs to a window when it was first raised in
// it (the same rule the alert table's time filter uses).
class AlertStatsQuery final {
public:
    static constexpr int kScoreBins = 20;  // 0.05 wide

    explicit AlertStatsQuery(const std::string& path);

    TimeSpan span();
    // Alerts raised in the window and the distinct clients they name.
    std::pair<std::int64_t, std::int64_t> counts(const TimeWindow& window);
    AlertTimeSeries overTime(const TimeWindow& window, int maxBuckets);
    // Clients by alerts (count), then evidence (secondary) and top score.
    std::vector<RankedCount> topClients(const TimeWindow& window, int limit);
    // An alert's top domain, by alerts naming it.
    std::vector<RankedCount> topDomains(const TimeWindow& window, int limit);
    // kScoreBins counts: bin i holds scores in [i/kScoreBins, (i+1)/kScoreBins), 1.0 in the last.
    std::vector<std::int64_t> scoreHistogram(const TimeWindow& window);

private:
    SqliteConnection m_db;
};

}  // namespace dnshound::core::store
