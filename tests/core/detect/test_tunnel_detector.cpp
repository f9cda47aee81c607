#include <sys/resource.h>

#include <QtTest/QtTest>

#include "core/config/config.h"
#include "core/detect/tunnel_detector.h"
#include "core/event/dns_types.h"
#include "core/event/ip_address_index.h"
#include "core/features/label_encoding.h"
#include "core/features/tunnel_label_profile.h"
#include "tests/core/detect/tunnel_traffic.h"

using namespace dnshound::core;
using dnshound::tests::GenQuery;

namespace {

constexpr std::int64_t kT0 = 1'700'000'000'000'000;

struct Outcome {
    std::vector<store::AlertRecord> alerts;              // final state, tunnel and exfil only
    std::vector<store::TunnelSeriesPoint> series;        // every point sent, in order
    std::map<std::string, std::size_t> firstAlertQuery;  // scope -> 1-based query index of key
};

// Feeds the queries in time order, `batch` events at a time, and notes after how many queries
// of its (client, registered domain) each alert was first raised.
// With `callerIds`, the events' client ids come from the caller (as the pipeline's tally gives
// them) instead of the detector's own numbering.
Outcome run(std::vector<GenQuery> queries, const config::TunnelConfig& cfg, std::size_t batch = 64,
            bool callerIds = false) {
    std::stable_sort(queries.begin(), queries.end(),
                     [](const GenQuery& a, const GenQuery& b) { return a.timeUs < b.timeUs; });
    event::NameTable names;
    detect::TunnelDetector detector(cfg);
    store::AlertIdSequence ids;
    Outcome out;
    std::map<std::string, std::size_t> perKey;
    std::vector<event::DnsEvent> events;
    std::vector<std::string> keys;
    std::vector<store::AlertRecord> changed;
    std::vector<store::TunnelSeriesPoint> series;
    event::IpAddressIndex clients;
    std::vector<std::uint32_t> clientIds;
    auto flush = [&] {
        changed.clear();
        series.clear();
        clientIds.clear();
        for (const auto& e : events) clientIds.push_back(clients.intern(e.client));
        detector.process(events, names, ids, changed, series,
                         callerIds ? std::span<const std::uint32_t>(clientIds)
                                   : std::span<const std::uint32_t>());
        out.series.insert(out.series.end(), series.begin(), series.end());
        for (const auto& a : changed) {
            const std::string key = a.client + "|" + a.scope;
            if (!out.firstAlertQuery.count(a.scope)) out.firstAlertQuery[a.scope] = perKey[key];
        }
        events.clear();
    };
    for (const GenQuery& q : queries) {
        event::DnsEvent e;
        e.timeUs = q.timeUs;
        e.client = *event::IpAddress::parse(q.client);
        e.name = names.intern(q.name);
        e.qtype = *event::qtypeFromName(q.qtype);
        e.rcode = *event::rcodeFromName(q.rcode);
        e.responseBytes = q.size;
        const auto& p = detector.profile(e.name, names);
        const std::string key =
            q.client + "|" + std::string(names.name(e.name).substr(p.registrableOffset));
        ++perKey[key];
        events.push_back(e);
        if (events.size() >= batch) flush();
        // Per-key counts at alert time are only exact when each batch is one event: the
        // early-alert tests use batch = 1.
    }
    flush();
    out.alerts = detector.alerts();
    return out;
}

std::string describe(const std::vector<store::AlertRecord>& alerts) {
    std::string s;
    for (const auto& a : alerts)
        s += a.kind + " " + a.client + " " + a.scope + ": " + a.reason + "\n";
    return s;
}

}  // namespace

class TestTunnelDetector : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void encodings() {
        using features::classifyEncoding;
        using features::LabelEncoding;
        auto enc = [](std::string_view s) {
            features::CharInventory inv;
            inv.add(s);
            return classifyEncoding(inv.encodingMask());
        };
        QCOMPARE(enc("6dde0175375169c68f"), LabelEncoding::Hex);
        QCOMPARE(enc("mfrggzdfmztwq2lknnwg23tpobyxe"), LabelEncoding::Base32);
        QCOMPARE(enc("d3ag4hukkh62yn9x"), LabelEncoding::Base36);
        QCOMPARE(enc("brabgaab_aei4ndm3ruu2m0y3rd"), LabelEncoding::Base64);
        QCOMPARE(enc("0iiac3?e??kzi?????zfwma?o??j?p????cf?r?h???h??6c"), LabelEncoding::Base128);
        QCOMPARE(enc("0iaab82\\195x\\200kp"), LabelEncoding::Base128);
        QCOMPARE(enc("1.2.3.4"), LabelEncoding::Numeric);
        QCOMPARE(enc("www"), LabelEncoding::None);
    }

    void lexicalScore() {
        auto score = [](std::string_view n) { return features::profileTunnelName(n).score; };
        QVERIFY(score("mfrggzdfmztwq2lknnwg23tpobyxe4dtmrzxk5lwm5ytsmbrgiz.t.example.net") > 0.7f);
        QCOMPARE(score("www.example.com"), 0.0f);
        QCOMPARE(score("mail.google.com"), 0.0f);
        QVERIFY(score("windows10update.example.com") < 0.4f);
        QCOMPARE(score("4.3.2.1.zen.spamhaus.org"), 0.0f);
        QVERIFY(!features::profileTunnelName("4.3.2.1.in-addr.arpa").candidate);
        QVERIFY(features::profileTunnelName(std::string(40, 'a') + "0.x.sophosxl.net").candidate);
        QVERIFY(features::profileTunnelName("0123456789abcdef0123456789abcdef.avcloud.example.com")
                    .digestShaped);
    }

    void falsePositiveTrapsNeverAlert() {
        const auto traps = dnshound::tests::falsePositiveTraps(kT0);
        const Outcome withDefaults = run(traps, config::defaultConfig().tunnel);
        QVERIFY2(withDefaults.alerts.empty(), describe(withDefaults.alerts).c_str());
        // Without the allowlist too: the rules themselves must hold on these.
        config::TunnelConfig bare = config::defaultConfig().tunnel;
        bare.allowDomains.clear();
        const Outcome withoutList = run(traps, bare);
        QVERIFY2(withoutList.alerts.empty(), describe(withoutList.alerts).c_str());
        qInfo("FP traps: %zu queries, 0 tunnel/exfil alerts (with and without allow_domains)",
              traps.size());
    }

    void encodedSessionAlertsWithinFiftyQueries() {
        auto queries = dnshound::tests::falsePositiveTraps(kT0);
        const auto session =
            dnshound::tests::encodedTunnelSession(kT0 + 600'000'000, "10.9.0.5", 400);
        queries.insert(queries.end(), session.begin(), session.end());
        const Outcome out = run(queries, config::defaultConfig().tunnel, 1);
        QCOMPARE(out.alerts.size(), std::size_t(1));
        const auto& a = out.alerts[0];
        QCOMPARE(a.kind, std::string("tunnel"));
        QCOMPARE(a.client, std::string("10.9.0.5"));
        QCOMPARE(a.scope, std::string("update-cache.net"));
        QCOMPARE(a.domain, std::string("t.update-cache.net"));
        QVERIFY2(a.reason.find("base32") != std::string::npos, a.reason.c_str());
        QVERIFY2(a.reason.find("via TXT") != std::string::npos, a.reason.c_str());
        QVERIFY(a.details.find("\"bytes_sent\":") != std::string::npos);
        QVERIFY(!a.evidence.empty());
        const std::size_t first = out.firstAlertQuery.at("update-cache.net");
        qInfo("encoded session: alerted at query %zu: %s", first, a.reason.c_str());
        QVERIFY2(first <= 50, std::to_string(first).c_str());
    }

    void slowExfilOverAnHourAlerts() {
        auto queries = dnshound::tests::falsePositiveTraps(kT0);
        const auto exfil = dnshound::tests::slowExfil(kT0 + 300'000'000, "10.2.0.11");
        queries.insert(queries.end(), exfil.begin(), exfil.end());
        const Outcome out = run(queries, config::defaultConfig().tunnel, 1);
        QCOMPARE(out.alerts.size(), std::size_t(1));
        const auto& a = out.alerts[0];
        QCOMPARE(a.kind, std::string("exfil"));
        QCOMPARE(a.client, std::string("10.2.0.11"));
        QCOMPARE(a.scope, std::string("cdn-metrics-io.com"));
        // The whole hour's kilobyte is accounted for, give or take the encoding's estimate.
        const auto pos = a.details.find("\"bytes_sent\":");
        QVERIFY(pos != std::string::npos);
        const double bytes = std::stod(a.details.substr(pos + 13));
        QVERIFY2(bytes >= 900 && bytes <= 1300, a.details.c_str());
        QVERIFY2(a.lastSeenUs - a.firstSeenUs > 3'000'000'000, a.reason.c_str());
        qInfo("slow exfil: %zu queries, alerted at query %zu: %s", exfil.size(),
              out.firstAlertQuery.at("cdn-metrics-io.com"), a.reason.c_str());
    }

    // The pipeline hands the detector its own client ids: alerts and series are the same as
    // with the detector's numbering, on traffic with many clients and both kinds of alert.
    void callerClientIdsChangeNothing() {
        auto queries = dnshound::tests::falsePositiveTraps(kT0);
        for (const auto& extra :
             {dnshound::tests::encodedTunnelSession(kT0 + 600'000'000, "10.9.0.5", 400),
              dnshound::tests::slowExfil(kT0 + 300'000'000, "10.2.0.11")})
            queries.insert(queries.end(), extra.begin(), extra.end());
        const Outcome own = run(queries, config::defaultConfig().tunnel, 64, false);
        const Outcome given = run(queries, config::defaultConfig().tunnel, 64, true);
        QCOMPARE(own.alerts.size(), std::size_t(2));
        QCOMPARE(given.alerts.size(), own.alerts.size());
        for (std::size_t i = 0; i < own.alerts.size(); ++i) {
            const auto& a = own.alerts[i];
            const auto& b = given.alerts[i];
            QCOMPARE(b.id, a.id);
            QCOMPARE(b.kind, a.kind);
            QCOMPARE(b.client, a.client);
            QCOMPARE(b.scope, a.scope);
            QCOMPARE(b.domain, a.domain);
            QCOMPARE(b.count, a.count);
            QCOMPARE(b.reason, a.reason);
            QCOMPARE(b.details, a.details);
            QCOMPARE(b.evidence, a.evidence);
        }
        QVERIFY(!own.series.empty());
        QCOMPARE(given.series.size(), own.series.size());
        for (std::size_t i = 0; i < own.series.size(); ++i) {
            QCOMPARE(given.series[i].client, own.series[i].client);
            QCOMPARE(given.series[i].domain, own.series[i].domain);
            QCOMPARE(given.series[i].minuteUs, own.series[i].minuteUs);
            QCOMPARE(given.series[i].queries, own.series[i].queries);
            QCOMPARE(given.series[i].bytes, own.series[i].bytes);
        }
    }

    void idleStatesAreEvictedAndCounted() {
        config::TunnelConfig cfg = config::defaultConfig().tunnel;
        cfg.idleUs = 60'000'000;
        std::vector<GenQuery> q;
        for (int i = 0; i < 100; ++i)
            q.push_back({kT0 + i * 1'000'000, "10.0.0.1", "www.site" + std::to_string(i) + ".com",
                         "A", "NOERROR", 60});
        q.push_back({kT0 + 3'600'000'000, "10.0.0.1", "www.late.com", "A", "NOERROR", 60});
        event::NameTable names;
        detect::TunnelDetector detector(cfg);
        store::AlertIdSequence ids;
        std::vector<store::AlertRecord> changed;
        std::vector<store::TunnelSeriesPoint> series;
        std::vector<event::DnsEvent> events;
        for (const auto& g : q) {
            event::DnsEvent e;
            e.timeUs = g.timeUs;
            e.client = *event::IpAddress::parse(g.client);
            e.name = names.intern(g.name);
            e.qtype = 1;
            e.rcode = 0;
            events.push_back(e);
        }
        detector.process(events, names, ids, changed, series);
        QCOMPARE(detector.liveStates(), std::size_t(1));
        QCOMPARE(detector.stateStats().evictedIdle, std::uint64_t(100));
        QCOMPARE(detector.stateStats().evictedCap, std::uint64_t(0));
    }

    void millionKeysStayBounded() {
        const config::TunnelConfig cfg = config::defaultConfig().tunnel;
        event::NameTable names;
        detect::TunnelDetector detector(cfg);
        store::AlertIdSequence ids;
        std::vector<store::AlertRecord> changed;
        std::vector<store::TunnelSeriesPoint> series;
        std::vector<event::DnsEvent> events;
        events.reserve(8192);
        constexpr std::uint32_t kKeys = 1'000'000;
        std::size_t maxLive = 0;
        char buf[64];
        for (std::uint32_t i = 0; i < kKeys; ++i) {
            event::DnsEvent e;
            e.timeUs = kT0 + i * 1000;  // 1,000 s in all: nothing goes idle
            e.client = event::IpAddress::fromV4(0x0a000000u + i % 50'000);
            const int n = std::snprintf(buf, sizeof(buf), "%08x0%07x.cdn%u.com", i * 2654435761u, i,
                                        i / 50'000);
            e.name = names.intern(std::string_view(buf, static_cast<std::size_t>(n)));
            e.qtype = 1;
            e.rcode = 0;
            events.push_back(e);
            if (events.size() == 8192) {
                detector.process(events, names, ids, changed, series);
                events.clear();
                maxLive = std::max(maxLive, detector.liveStates());
            }
        }
        detector.process(events, names, ids, changed, series);
        maxLive = std::max(maxLive, detector.liveStates());
        rusage ru{};
        getrusage(RUSAGE_SELF, &ru);
        qInfo("1M keys: live %zu (cap %zu), peak %zu, evicted by cap %llu, peak RSS %.0f MB",
              detector.liveStates(), cfg.maxKeys, detector.stateStats().peak,
              static_cast<unsigned long long>(detector.stateStats().evictedCap),
              static_cast<double>(ru.ru_maxrss) / 1024.0);
        QCOMPARE(detector.stateStats().created, std::uint64_t(kKeys));
        QCOMPARE(maxLive, cfg.maxKeys);
        QCOMPARE(detector.stateStats().peak, cfg.maxKeys);
        QCOMPARE(detector.stateStats().evictedCap, std::uint64_t(kKeys - cfg.maxKeys));
        QVERIFY(detector.alerts().empty());
    }
};

QTEST_APPLESS_MAIN(TestTunnelDetector)
#include "test_tunnel_detector.moc"
