#include <QtTest>

#include <filesystem>
#include <numeric>

#include "core/search/search_query.h"
#include "core/search/sql_filter.h"
#include "core/store/alert_stats_query.h"
#include "core/store/analysis_reader.h"
#include "core/store/latency_query.h"
#include "core/store/log_volume_query.h"
#include "core/store/overview_query.h"
#include "core/store/store_writer.h"

using namespace dnshound::core;

namespace {

constexpr std::int64_t kStartUs = 1'700'000'040'000'000LL - 1'700'000'040'000'000LL % 60'000'000;
constexpr std::int64_t kMinuteUs = 60'000'000;
constexpr int kMinutes = 30;

}  // namespace

// A small analysis written with the real StoreWriter: 3 clients over 30 minutes, known counts.
class TestDashboardQueries : public QObject {
    Q_OBJECT
private:
    std::filesystem::path m_dir;
    std::string m_path;
    std::int64_t m_queries = 0;
    std::int64_t m_nxdomain = 0;

private Q_SLOTS:
    void initTestCase() {
        m_dir = std::filesystem::temp_directory_path() /
                ("dnshound-dash-test-" + std::to_string(QRandomGenerator::global()->generate()));
        std::filesystem::create_directories(m_dir);
        m_path = (m_dir / "a.sqlite").string();
        event::NameTable names;
        const auto common = names.intern("www.example.com");
        const auto rare = names.intern("rare.example.org");
        const auto dga = names.intern("qxkzvbnw.net");
        config::StoreConfig cfg;
        cfg.transactionRows = 50;
        store::StoreWriter w(m_path, cfg, names);
        const char* ips[] = {"10.0.0.1", "10.0.0.2", "10.0.0.3"};
        std::vector<store::ClientTotals> clients;
        for (std::uint32_t id = 0; id < 3; ++id) {
            w.addClient(id, *event::IpAddress::parse(ips[id]), "10.0.0.0/24");
            clients.push_back({id, ips[id], "10.0.0.0/24", 0, 0, 0, 0, 0, 0});
        }
        std::vector<store::VolumeBucket> volumes;
        // Client i sends (i + 1) queries a minute; client 2 also sends one NXDOMAIN DGA name.
        for (int minute = 0; minute < kMinutes; ++minute) {
            std::vector<event::DnsEvent> events;
            std::vector<std::uint32_t> ids;
            store::VolumeBucket bucket{kStartUs + minute * kMinuteUs, 0, 0, 0};
            for (std::uint32_t id = 0; id < 3; ++id) {
                for (std::uint32_t k = 0; k <= id; ++k) {
                    event::DnsEvent e;
                    e.client = *event::IpAddress::parse(ips[id]);
                    e.timeUs = bucket.minuteUs + (k + 1) * 1'000'000;
                    e.name = k == 2 ? rare : common;
                    e.qtype = 1;
                    events.push_back(e);
                    ids.push_back(id);
                }
                if (id == 2) {
                    event::DnsEvent e;
                    e.client = *event::IpAddress::parse(ips[id]);
                    e.timeUs = bucket.minuteUs + 30'000'000;
                    e.name = dga;
                    e.qtype = 1;
                    e.rcode = event::kRcodeNxDomain;
                    events.push_back(e);
                    ids.push_back(id);
                    ++clients[id].nxdomain;
                    ++bucket.nxdomain;
                }
            }
            for (std::size_t i = 0; i < events.size(); ++i) ++clients[ids[i]].queries;
            bucket.queries = static_cast<std::int64_t>(events.size());
            m_queries += bucket.queries;
            m_nxdomain += bucket.nxdomain;
            w.addEvents(events, ids);
            volumes.push_back(bucket);
            w.commitIfDue();
        }
        w.setScore(dga, 0.99f);
        // Alerts: two kinds, first seen at minutes 5, 5, 20; scores in three histogram bins.
        const std::pair<const char*, int> alerts[] = {{"dga", 5}, {"tunnel", 5}, {"dga", 20}};
        for (int i = 0; i < 3; ++i) {
            store::AlertRecord a;
            a.id = i + 1;
            a.kind = alerts[i].first;
            a.client = ips[i == 2 ? 2 : 1];
            a.domain = i == 1 ? "t.tunnel.net" : "qxkzvbnw.net";
            a.score = 0.5 + 0.2 * i;  // 0.5, 0.7, 0.9
            a.firstSeenUs = kStartUs + alerts[i].second * kMinuteUs + 1;
            a.lastSeenUs = a.firstSeenUs + kMinuteUs;
            a.count = 10 * (i + 1);
            w.upsertAlert(a);
        }
        // Stage samples: collector with rising latency, prefilter constant; wall clock 0.25 s
        // apart.
        for (int i = 0; i < 40; ++i) {
            const std::int64_t wall = 1'800'000'000'000'000LL + i * 250'000;
            w.addStageSample(
                {"collector", wall, 4, 1000, 1000, 4 * (100 + i), 100 + i + 5, 0.1 * (i % 10)});
            w.addStageSample({"prefilter", wall, 2, 1000, 600, 2 * 50, 60, 0.5});
        }
        store::SourceTotals source;
        source.summary = {"in.log", "heidgaf", m_queries + 7, m_queries, 5, 2, m_queries};
        w.finish(std::vector<store::SourceTotals>{source}, clients, volumes);
    }
    void cleanupTestCase() { std::filesystem::remove_all(m_dir); }

    void overviewVolumesSumToTotals() {
        store::OverviewQuery q(m_path);
        const auto span = q.span();
        QCOMPARE(span.firstUs, kStartUs);
        QCOMPARE(span.lastUs, kStartUs + kMinutes * kMinuteUs);
        const auto all = q.volumes({}, 1000);
        QCOMPARE(all.bucketUs, kMinuteUs);
        QCOMPARE(all.buckets.size(), std::size_t(kMinutes));
        QCOMPARE(all.queries, m_queries);
        QCOMPARE(all.nxdomain, m_nxdomain);
        QCOMPARE(all.alerts, std::int64_t(3));
        // Sized to the plot: 30 minutes in at most 8 buckets -> 5-minute buckets.
        const auto coarse = q.volumes({}, 8);
        QCOMPARE(coarse.bucketUs, 5 * kMinuteUs);
        QCOMPARE(coarse.buckets.size(), std::size_t(6));
        QCOMPARE(coarse.buckets[1].alerts, std::int64_t(2));
        QCOMPARE(coarse.buckets[4].alerts, std::int64_t(1));
        const auto sum =
            std::accumulate(coarse.buckets.begin(), coarse.buckets.end(), std::int64_t(0),
                            [](std::int64_t s, const auto& b) { return s + b.queries; });
        QCOMPARE(sum, m_queries);
        // A window of minutes [10, 20).
        const store::TimeWindow window{kStartUs + 10 * kMinuteUs, kStartUs + 20 * kMinuteUs};
        const auto part = q.volumes(window, 1000);
        QCOMPARE(part.buckets.size(), std::size_t(10));
        QCOMPARE(part.queries, std::int64_t(10 * 7));
        QCOMPARE(part.alerts, std::int64_t(0));
    }

    void overviewTopLists() {
        store::OverviewQuery q(m_path);
        const auto clients = q.topClients({}, 2);
        QCOMPARE(clients.size(), std::size_t(2));
        QCOMPARE(clients[0].name, std::string("10.0.0.3"));
        QCOMPARE(clients[0].count, std::int64_t(4 * kMinutes));
        QCOMPARE(clients[0].secondary, std::int64_t(kMinutes));
        const store::TimeWindow window{kStartUs, kStartUs + 2 * kMinuteUs};
        const auto inWindow = q.topClients(window, 5);
        QCOMPARE(inWindow.size(), std::size_t(3));
        QCOMPARE(inWindow[0].count, std::int64_t(8));
        QCOMPARE(inWindow[2].name, std::string("10.0.0.1"));
        QCOMPARE(inWindow[2].count, std::int64_t(2));
        QCOMPARE(inWindow[0].secondary, std::int64_t(2));  // NXDOMAIN answers
        const auto domains = q.topDomains({}, 5);
        QCOMPARE(domains.size(), std::size_t(3));
        QCOMPARE(domains[0].name, std::string("www.example.com"));
        QCOMPARE(domains[0].count, std::int64_t(5 * kMinutes));
        QCOMPARE(domains[1].name, std::string("qxkzvbnw.net"));  // ties: by name
        QCOMPARE(domains[1].count, std::int64_t(kMinutes));
        const auto lateDomains = q.topDomains({kStartUs + 29 * kMinuteUs + 5, 0}, 5);
        QCOMPARE(lateDomains[0].count, std::int64_t(5));  // the whole last minute
        const auto health = q.health();
        QCOMPARE(health.linesRejected, std::int64_t(5));
        QCOMPARE(health.stages.size(), std::size_t(2));
        QCOMPARE(health.stages[1].stage, std::string("prefilter"));
        QCOMPARE(health.stages[1].eventsOut, std::int64_t(40 * 600));
    }

    void latencyPercentiles() {
        store::LatencyQuery q(m_path);
        const auto series = q.series(1000);
        QCOMPARE(series.bucketUs, std::int64_t(250'000));
        QCOMPARE(series.stages.size(), std::size_t(2));
        QCOMPARE(series.stages[0].stage, std::string("collector"));
        QCOMPARE(series.stages[0].points.size(), std::size_t(40));
        QCOMPARE(series.stages[0].points[7].medianUs, 107.0);  // busy/batches of one sample
        // Ten one-second buckets of four samples: means 100+4k .. 103+4k.
        const auto coarse = q.series(10);
        QCOMPARE(coarse.bucketUs, std::int64_t(1'000'000));
        QCOMPARE(coarse.stages[0].points.size(), std::size_t(10));
        QCOMPARE(coarse.stages[0].points[2].medianUs, 109.0);  // ranks: 108 109 110 111
        QCOMPARE(coarse.stages[0].points[2].p95Us, 111.0);
        QCOMPARE(coarse.stages[0].points[2].maxUs, 116.0);
        QCOMPARE(coarse.stages[0].points[2].samples, std::int64_t(4));
        const auto whole = q.comparison();
        QCOMPARE(whole.size(), std::size_t(2));
        QCOMPARE(whole[0].points.size(), std::size_t(1));
        QCOMPARE(whole[0].points[0].medianUs, 119.0);  // rank 20 of 100..139
        QCOMPARE(whole[0].points[0].p95Us, 137.0);     // rank 38
        QCOMPARE(whole[1].points[0].medianUs, 50.0);
    }

    void logVolumes() {
        store::LogVolumeQuery q(m_path);
        const auto series = q.series(5);
        QCOMPARE(series.linesTotal, m_queries + 7);
        QCOMPARE(series.linesRejected, std::int64_t(5));
        QCOMPARE(series.stages.size(), std::size_t(2));
        QCOMPARE(series.stages[0].eventsIn, std::int64_t(40 * 1000));
        QCOMPARE(series.stages[1].eventsOut, std::int64_t(40 * 600));
        QCOMPARE(series.bucketUs, std::int64_t(2'000'000));  // 9.75 s in at most 5 buckets
        QCOMPARE(series.stages[0].points.size(), std::size_t(5));
        QCOMPARE(series.stages[0].points[0].maxQueueFill, 0.7);  // samples 0..7
        QCOMPARE(series.stages[1].points[0].eventsOut, std::int64_t(8 * 600));
    }

    void alertStats() {
        store::AlertStatsQuery q(m_path);
        const auto overTime = q.overTime({}, 1000);
        QCOMPARE(overTime.total, std::int64_t(3));
        QCOMPARE(overTime.byKind.size(), std::size_t(2));
        QCOMPARE(overTime.byKind.at("dga").size(), std::size_t(2));
        QCOMPARE(overTime.byKind.at("dga")[1].first, kStartUs + 20 * kMinuteUs);
        const store::TimeWindow early{kStartUs, kStartUs + 10 * kMinuteUs};
        QCOMPARE(q.overTime(early, 1000).total, std::int64_t(2));
        QCOMPARE(q.counts({}), (std::pair<std::int64_t, std::int64_t>(3, 2)));
        QCOMPARE(q.counts(early), (std::pair<std::int64_t, std::int64_t>(2, 1)));
        const auto clients = q.topClients({}, 5);
        QCOMPARE(clients.size(), std::size_t(2));
        QCOMPARE(clients[0].name, std::string("10.0.0.2"));
        QCOMPARE(clients[0].count, std::int64_t(2));
        QCOMPARE(clients[0].secondary, std::int64_t(30));
        const auto domains = q.topDomains({}, 5);
        QCOMPARE(domains[0].name, std::string("qxkzvbnw.net"));
        QCOMPARE(domains[0].count, std::int64_t(2));
        QCOMPARE(domains[0].maxScore, 0.9);
        const auto histogram = q.scoreHistogram({});
        QCOMPARE(histogram.size(), std::size_t(store::AlertStatsQuery::kScoreBins));
        QCOMPARE(histogram[10], std::int64_t(1));
        QCOMPARE(histogram[14], std::int64_t(1));
        QCOMPARE(histogram[18], std::int64_t(1));
        QCOMPARE(std::accumulate(histogram.begin(), histogram.end(), std::int64_t(0)),
                 std::int64_t(3));
        const auto earlyHistogram = q.scoreHistogram(early);
        QCOMPARE(std::accumulate(earlyHistogram.begin(), earlyHistogram.end(), std::int64_t(0)),
                 std::int64_t(2));
    }

    void filteredClientQueries() {
        store::AnalysisReader reader(m_path);
        search::SqlFilter filter;
        QVERIFY(!search::compileSql(search::SearchQuery::parse("rcode:NXDOMAIN score:>0.9").query,
                                    search::queryTableColumns(), filter));
        filter.andTimeWindow("q.time_us", kStartUs, kStartUs + 10 * kMinuteUs);
        const auto rows = reader.clientQueries("10.0.0.3", 0, 1000, filter);
        QCOMPARE(rows.size(), std::size_t(10));
        for (const auto& row : rows) QCOMPARE(row.domain, std::string("qxkzvbnw.net"));
        // Keyset paging works with a filter too.
        const auto page = reader.clientQueries("10.0.0.3", rows[4].rowId, 3, filter);
        QCOMPARE(page.size(), std::size_t(3));
        QCOMPARE(page[0].rowId, rows[5].rowId);
        QCOMPARE(reader.clientQueries("10.0.0.1", 0, 1000, filter).size(), std::size_t(0));
    }
};

QTEST_APPLESS_MAIN(TestDashboardQueries)
#include "test_dashboard_queries.moc"
