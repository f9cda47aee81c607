#include "core/store/log_volume_query.h"

namespace dnshound::core::store {

LogVolumeQuery::LogVolumeQuery(const std::string& path) : m_db(openAnalysisReadOnly(path)) {}

LogVolumeSeries LogVolumeQuery::series(int maxBuckets) {
    LogVolumeSeries series;
    auto sources = m_db.prepare(
        "SELECT coalesce(sum(lines_total), 0), coalesce(sum(lines_rejected), 0), "
        "coalesce(sum(lines_skipped), 0) FROM sources");
    if (sources.step()) {
        series.linesTotal = sources.int64(0);
        series.linesRejected = sources.int64(1);
        series.linesSkipped = sources.int64(2);
    }
    auto span = m_db.prepare("SELECT min(wall_us), max(wall_us) FROM stage_samples");
    if (!span.step() || span.isNull(0)) return series;
    const std::int64_t first = span.int64(0);
    series.runUs = span.int64(1) - first;
    series.bucketUs = runBucketWidthUs(series.runUs + 1, maxBuckets);
    auto st = m_db.prepare(
        std::string("SELECT stage, (wall_us - ?1) / ?2 AS b, max(queue_fill), sum(events_in), "
                    "sum(events_out) FROM stage_samples GROUP BY stage, b ORDER BY ") +
        kStageOrderSql + ", stage, b");
    st.bind(1, first).bind(2, series.bucketUs);
    while (st.step()) {
        const std::string stage = st.text(0);
        if (series.stages.empty() || series.stages.back().stage != stage) {
            series.stages.push_back({stage, {}, 0, 0});
        }
        StageVolumeSeries& s = series.stages.back();
        s.points.push_back({st.int64(1) * series.bucketUs, st.real(2), st.int64(3), st.int64(4)});
        s.eventsIn += st.int64(3);
        s.eventsOut += st.int64(4);
    }
    return series;
}

}  // namespace dnshound::core::store
