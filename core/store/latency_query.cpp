#include "core/store/latency_query.h"

#include <limits>

namespace dnshound::core::store {

LatencyQuery::LatencyQuery(const std::string& path) : m_db(openAnalysisReadOnly(path)) {}

std::vector<StageLatencySeries> LatencyQuery::query(std::int64_t originUs, std::int64_t bucketUs) {
    // Nearest-rank percentiles in SQL: rank the samples of each (stage, bucket) by their mean
    // batch latency and keep the rows at ranks ceil(n/2) and ceil(0.95 n).
    auto st = m_db.prepare(
        std::string(
            "WITH s AS (SELECT stage, (wall_us - ?1) / ?2 AS b, "
            "CAST(busy_us AS REAL) / batches AS mean_us, max_latency_us AS worst "
            "FROM stage_samples WHERE batches > 0), "
            "r AS (SELECT stage, b, mean_us, worst, "
            "row_number() OVER (PARTITION BY stage, b ORDER BY mean_us) AS rn, "
            "count(*) OVER (PARTITION BY stage, b) AS n FROM s) "
            "SELECT stage, b, max(CASE WHEN rn = (n + 1) / 2 THEN mean_us END), "
            "max(CASE WHEN rn = (95 * n + 99) / 100 THEN mean_us END), max(worst), count(*) "
            "FROM r GROUP BY stage, b ORDER BY ") +
        kStageOrderSql + ", stage, b");
    st.bind(1, originUs).bind(2, bucketUs);
    std::vector<StageLatencySeries> out;
    while (st.step()) {
        const std::string stage = st.text(0);
        if (out.empty() || out.back().stage != stage) out.push_back({stage, {}});
        out.back().points.push_back(
            {st.int64(1) * bucketUs, st.real(2), st.real(3), st.real(4), st.int64(5)});
    }
    return out;
}

LatencySeries LatencyQuery::series(int maxBuckets) {
    LatencySeries series;
    auto span = m_db.prepare("SELECT min(wall_us), max(wall_us) FROM stage_samples");
    if (!span.step() || span.isNull(0)) return series;
    const std::int64_t first = span.int64(0);
    series.runUs = span.int64(1) - first;
    series.bucketUs = runBucketWidthUs(series.runUs + 1, maxBuckets);
    series.stages = query(first, series.bucketUs);
    return series;
}

std::vector<StageLatencySeries> LatencyQuery::comparison() {
    return query(0, std::numeric_limits<std::int64_t>::max());
}

}  // namespace dnshound::core::store
