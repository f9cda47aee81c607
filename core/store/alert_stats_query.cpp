#include "core/store/alert_stats_query.h"

#include <algorithm>
#include <limits>

namespace dnshound::core::store {

namespace {
constexpr std::int64_t kMinuteUs = 60'000'000;

std::int64_t upperBound(const TimeWindow& window) {
    return window.toUs != 0 ? window.toUs : std::numeric_limits<std::int64_t>::max();
}
std::int64_t lowerBound(const TimeWindow& window) {
    return window.fromUs != 0 ? window.fromUs : std::numeric_limits<std::int64_t>::min();
}
}  // namespace

AlertStatsQuery::AlertStatsQuery(const std::string& path) : m_db(openAnalysisReadOnly(path)) {}

TimeSpan AlertStatsQuery::span() {
    auto st = m_db.prepare("SELECT min(first_seen_us), max(first_seen_us) FROM alerts");
    if (!st.step() || st.isNull(0)) return {};
    return {st.int64(0), st.int64(1) + 1};
}

std::pair<std::int64_t, std::int64_t> AlertStatsQuery::counts(const TimeWindow& window) {
    auto st = m_db.prepare(
        "SELECT count(*), count(DISTINCT client) FROM alerts "
        "WHERE first_seen_us >= ? AND first_seen_us < ?");
    st.bind(1, lowerBound(window)).bind(2, upperBound(window));
    if (!st.step()) return {0, 0};
    return {st.int64(0), st.int64(1)};
}

AlertTimeSeries AlertStatsQuery::overTime(const TimeWindow& window, int maxBuckets) {
    AlertTimeSeries series;
    const TimeSpan all = span();
    const std::int64_t from = window.fromUs != 0 ? window.fromUs : all.firstUs;
    const std::int64_t to = window.toUs != 0 ? window.toUs : all.lastUs;
    series.bucketUs = bucketWidthUs(to - from, maxBuckets, kMinuteUs);
    const std::int64_t origin = from - from % kMinuteUs;
    auto st = m_db.prepare(
        "SELECT kind, (first_seen_us - ?1) / ?2 AS b, count(*) FROM alerts "
        "WHERE first_seen_us >= ?3 AND first_seen_us < ?4 GROUP BY kind, b ORDER BY kind, b");
    st.bind(1, origin)
        .bind(2, series.bucketUs)
        .bind(3, lowerBound(window))
        .bind(4, upperBound(window));
    while (st.step()) {
        series.byKind[st.text(0)].emplace_back(origin + st.int64(1) * series.bucketUs, st.int64(2));
        series.total += st.int64(2);
    }
    return series;
}

std::vector<RankedCount> AlertStatsQuery::topClients(const TimeWindow& window, int limit) {
    auto st = m_db.prepare(
        "SELECT client, count(*) AS n, sum(count) AS evidence, max(score) FROM alerts "
        "WHERE first_seen_us >= ? AND first_seen_us < ? GROUP BY client "
        "ORDER BY n DESC, evidence DESC, client LIMIT ?");
    st.bind(1, lowerBound(window))
        .bind(2, upperBound(window))
        .bind(3, static_cast<std::int64_t>(limit));
    std::vector<RankedCount> out;
    while (st.step()) out.push_back({st.text(0), st.int64(1), st.int64(2), st.real(3)});
    return out;
}

std::vector<RankedCount> AlertStatsQuery::topDomains(const TimeWindow& window, int limit) {
    auto st = m_db.prepare(
        "SELECT domain, count(*) AS n, sum(count), max(score) FROM alerts "
        "WHERE first_seen_us >= ? AND first_seen_us < ? GROUP BY domain "
        "ORDER BY n DESC, max(score) DESC, domain LIMIT ?");
    st.bind(1, lowerBound(window))
        .bind(2, upperBound(window))
        .bind(3, static_cast<std::int64_t>(limit));
    std::vector<RankedCount> out;
    while (st.step()) out.push_back({st.text(0), st.int64(1), st.int64(2), st.real(3)});
    return out;
}

std::vector<std::int64_t> AlertStatsQuery::scoreHistogram(const TimeWindow& window) {
    std::vector<std::int64_t> bins(kScoreBins, 0);
    auto st = m_db.prepare(
        "SELECT min(max(CAST(score * ?1 AS INTEGER), 0), ?1 - 1) AS bin, count(*) FROM alerts "
        "WHERE first_seen_us >= ?2 AND first_seen_us < ?3 GROUP BY bin");
    st.bind(1, static_cast<std::int64_t>(kScoreBins))
        .bind(2, lowerBound(window))
        .bind(3, upperBound(window));
    while (st.step()) bins[static_cast<std::size_t>(st.int64(0))] = st.int64(1);
    return bins;
}

}  // namespace dnshound::core::store
