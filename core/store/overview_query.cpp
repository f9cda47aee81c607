#include "core/store/overview_query.h"

#include <algorithm>
#include <limits>

namespace dnshound::core::store {

namespace {
constexpr std::int64_t kMinuteUs = 60'000'000;

std::int64_t upperBound(const TimeWindow& window) {
    return window.toUs != 0 ? window.toUs : std::numeric_limits<std::int64_t>::max();
}
// The minute holding the window's start (rollups and volumes are per minute).
std::int64_t firstMinute(const TimeWindow& window) {
    return window.fromUs - window.fromUs % kMinuteUs;
}
}  // namespace

OverviewQuery::OverviewQuery(const std::string& path) : m_db(openAnalysisReadOnly(path)) {}

TimeSpan OverviewQuery::span() {
    auto st = m_db.prepare("SELECT min(minute_us), max(minute_us) FROM volumes");
    if (!st.step() || st.isNull(0)) return {};
    return {st.int64(0), st.int64(1) + kMinuteUs};
}

VolumeSeries OverviewQuery::volumes(const TimeWindow& window, int maxBuckets) {
    const TimeSpan all = span();
    const std::int64_t from = window.fromUs != 0 ? window.fromUs : all.firstUs;
    const std::int64_t to = window.toUs != 0 ? window.toUs : all.lastUs;
    VolumeSeries series;
    series.bucketUs = bucketWidthUs(to - from, maxBuckets, kMinuteUs);
    // Buckets start at a whole multiple of their width from the window's first minute.
    const std::int64_t origin = from - from % kMinuteUs;
    auto st = m_db.prepare(
        "SELECT (minute_us - ?1) / ?2 AS b, sum(queries), sum(nxdomain), sum(alerts) "
        "FROM volumes WHERE minute_us >= ?3 AND minute_us < ?4 GROUP BY b ORDER BY b");
    st.bind(1, origin).bind(2, series.bucketUs).bind(3, origin).bind(4, upperBound(window));
    while (st.step()) {
        VolumeBucket bucket{origin + st.int64(0) * series.bucketUs, st.int64(1), st.int64(2),
                            st.int64(3)};
        series.queries += bucket.queries;
        series.nxdomain += bucket.nxdomain;
        series.alerts += bucket.alerts;
        series.buckets.push_back(bucket);
    }
    return series;
}

std::vector<RankedCount> OverviewQuery::topClients(const TimeWindow& window, int limit) {
    std::vector<RankedCount> out;
    if (!window.bounded()) {
        // The run's per-client totals are stored: no scan of the queries.
        auto st = m_db.prepare(
            "SELECT ip, queries, nxdomain FROM clients ORDER BY queries DESC, ip LIMIT ?");
        st.bind(1, static_cast<std::int64_t>(limit));
        while (st.step()) out.push_back({st.text(0), st.int64(1), st.int64(2), 0.0});
        return out;
    }
    // From the per-minute rollup: whole minutes, like the volume series.
    auto st = m_db.prepare(
        "SELECT c.ip, t.n, t.nx FROM (SELECT client_id, sum(queries) AS n, sum(nxdomain) AS nx "
        "FROM client_minutes WHERE minute_us >= ? AND minute_us < ? GROUP BY client_id "
        "ORDER BY n DESC LIMIT ?) t JOIN clients c ON c.id = t.client_id ORDER BY t.n DESC, c.ip");
    st.bind(1, firstMinute(window))
        .bind(2, upperBound(window))
        .bind(3, static_cast<std::int64_t>(limit));
    while (st.step()) out.push_back({st.text(0), st.int64(1), st.int64(2), 0.0});
    return out;
}

std::vector<RankedCount> OverviewQuery::topDomains(const TimeWindow& window, int limit) {
    auto st = m_db.prepare(
        "SELECT d.name, t.n FROM (SELECT domain_id, sum(queries) AS n FROM domain_minutes "
        "WHERE minute_us >= ? AND minute_us < ? GROUP BY domain_id ORDER BY n DESC LIMIT ?) t "
        "JOIN domains d ON d.id = t.domain_id ORDER BY t.n DESC, d.name");
    st.bind(1, firstMinute(window))
        .bind(2, upperBound(window))
        .bind(3, static_cast<std::int64_t>(limit));
    std::vector<RankedCount> out;
    while (st.step()) out.push_back({st.text(0), st.int64(1), 0, 0.0});
    return out;
}

PipelineHealth OverviewQuery::health() {
    PipelineHealth health;
    auto sources = m_db.prepare(
        "SELECT coalesce(sum(lines_total), 0), coalesce(sum(lines_valid), 0), "
        "coalesce(sum(lines_rejected), 0), coalesce(sum(lines_skipped), 0) FROM sources");
    if (sources.step()) {
        health.linesTotal = sources.int64(0);
        health.linesValid = sources.int64(1);
        health.linesRejected = sources.int64(2);
        health.linesSkipped = sources.int64(3);
    }
    auto stages =
        m_db.prepare(std::string("SELECT stage, sum(events_in), sum(events_out), sum(busy_us), "
                                 "max(queue_fill) FROM stage_samples GROUP BY stage ORDER BY ") +
                     kStageOrderSql + ", stage");
    while (stages.step()) {
        health.stages.push_back(
            {stages.text(0), stages.int64(1), stages.int64(2), stages.int64(3), stages.real(4)});
    }
    return health;
}

}  // namespace dnshound::core::store
