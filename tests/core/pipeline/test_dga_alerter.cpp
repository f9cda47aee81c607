#include <QtTest>

#include <string>
#include <unordered_map>

#include "core/config/allowlist.h"
#include "core/pipeline/dga_alerter.h"

using namespace dnshound::core;

namespace {
class FixedScores final : public detect::NameScores {
public:
    std::unordered_map<event::NameId, float> scores;
    std::unordered_map<event::NameId, std::string> families;
    float scoreOf(event::NameId n) const override {
        auto it = scores.find(n);
        return it == scores.end() ? -1.0f : it->second;
    }
    std::string_view familyOf(event::NameId n) const override {
        auto it = families.find(n);
        return it == families.end() ? std::string_view() : std::string_view(it->second);
    }
};

struct Fixture {
    event::NameTable names;
    FixedScores scores;
    pipeline::SubnetBatch batch;
    std::vector<store::AlertRecord> changed;  // what the alerter raised or updated, in order

    void add(const char* client, const char* name, std::int64_t secs, float score,
             std::uint16_t rcode = event::kRcodeNxDomain, const char* family = nullptr) {
        const auto id = names.intern(name);
        scores.scores[id] = score;
        if (family) scores.families[id] = family;
        event::DnsEvent e;
        e.client = *event::IpAddress::parse(client);
        e.name = id;
        e.timeUs = secs * 1'000'000;
        e.rcode = rcode;
        batch.relevant.push_back(static_cast<std::uint32_t>(batch.events.size()));
        batch.events.push_back(e);
        batch.forwarded = true;
    }

    // Feeds the batch built so far to `alerter`.
    void feed(pipeline::DgaAlerter& alerter) { alerter.process(batch, scores, names, changed); }
};
}  // namespace

class TestDgaAlerter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void oneOddNameIsNotAnAlert() {
        Fixture f;
        f.add("10.0.0.5", "xkqjzvwp.com", 10, 0.99f);
        f.add("10.0.0.5", "xkqjzvwp.com", 11, 0.99f);  // same name again: still one distinct
        f.add("10.0.0.5", "gooogle.com", 12, 0.10f);
        config::AlerterConfig cfg;
        cfg.dgaNameThreshold = -1;  // the detector's threshold (0.5 here)
        pipeline::DgaAlerter alerter(cfg, 0.5);
        f.feed(alerter);
        QVERIFY(f.changed.empty());
        QVERIFY(alerter.alerts().empty());
    }

    // The model scores the registrable domain, so names under one (a tracker's many hosts)
    // are one piece of evidence, however many there are; distinct registrable domains alert.
    void namesUnderOneRegistrableDomainCountOnce() {
        Fixture f;
        f.add("10.0.0.5", "pubads.g.doubleclick.net", 1, 0.95f);
        f.add("10.0.0.5", "10727170.fls.doubleclick.net", 2, 0.95f);
        f.add("10.0.0.5", "STATS.g.DoubleClick.net.", 3, 0.95f);
        f.add("10.0.0.5", "ad.doubleclick.net", 4, 0.95f);
        f.add("10.0.0.5", "www.qzkxjv.co.uk", 5, 0.95f);
        f.add("10.0.0.5", "mail.qzkxjv.co.uk", 6, 0.95f);
        config::AlerterConfig cfg;
        pipeline::DgaAlerter alerter(cfg, 0.5);
        f.feed(alerter);
        QVERIFY(alerter.alerts().empty());  // two registrable domains, three needed

        f.batch = {};
        f.add("10.0.0.5", "a.qzkxjw.co.uk", 7, 0.95f);  // a third registrable domain
        f.feed(alerter);
        QCOMPARE(alerter.alerts().size(), std::size_t{1});
        QCOMPARE(alerter.alerts().front().count, std::int64_t{3});
    }

    void enoughDistinctNamesRaiseOneAlertPerClient() {
        Fixture f;
        f.add("10.0.0.5", "aaqzkxj.com", 100, 0.91f);
        f.add("10.0.0.5", "bbqzkxj.net", 110, 0.97f);
        f.add("10.0.0.9", "ccqzkxj.org", 115, 0.99f);  // another client: its own count
        f.add("10.0.0.5", "ddqzkxj.info", 120, 0.95f);
        f.add("10.0.0.5", "eeqzkxj.biz", 130, 0.93f);
        config::AlerterConfig cfg;
        cfg.dgaMinDistinctNames = 3;
        cfg.dgaNameThreshold = -1;
        pipeline::DgaAlerter alerter(cfg, 0.5);
        f.feed(alerter);
        QCOMPARE(alerter.alerts().size(), std::size_t(1));
        QCOMPARE(f.changed.size(), std::size_t(1));  // raised then updated: reported once
        const auto& a = alerter.alerts().front();
        QCOMPARE(a.kind, std::string("dga"));
        QCOMPARE(a.client, std::string("10.0.0.5"));
        QCOMPARE(a.count, std::int64_t(4));
        QCOMPARE(a.domain, std::string("bbqzkxj.net"));  // highest score
        QCOMPARE(a.firstSeenUs, std::int64_t(100'000'000));
        QCOMPARE(a.lastSeenUs, std::int64_t(130'000'000));
        QCOMPARE(a.evidence.size(), std::size_t(4));
        QCOMPARE(f.changed.front().count, std::int64_t(4));
    }

    void namesSpreadBeyondTheWindowDoNotAlert() {
        Fixture f;
        f.add("10.0.0.5", "aaqzkxj.com", 0, 0.9f);
        f.add("10.0.0.5", "bbqzkxj.com", 4000, 0.9f);
        f.add("10.0.0.5", "ccqzkxj.com", 8000, 0.9f);
        config::AlerterConfig cfg;
        cfg.dgaWindowUs = 3600LL * 1'000'000;
        cfg.dgaNameThreshold = -1;
        pipeline::DgaAlerter alerter(cfg, 0.5);
        f.feed(alerter);
        QVERIFY(alerter.alerts().empty());
    }

    void nameThresholdOverridesTheDetectorThreshold() {
        Fixture f;
        f.add("10.0.0.5", "aaqzkxj.com", 1, 0.95f);
        f.add("10.0.0.5", "bbqzkxj.com", 2, 0.93f);
        f.add("10.0.0.5", "ccqzkxj.com", 3, 0.85f);  // below the evidence threshold
        config::AlerterConfig cfg;
        cfg.dgaNameThreshold = 0.9;
        pipeline::DgaAlerter strict(cfg, 0.99);  // detector threshold not used
        QCOMPARE(strict.evidenceThreshold(), 0.9);
        f.feed(strict);
        QVERIFY(strict.alerts().empty());  // only two names reach 0.9
        f.add("10.0.0.5", "ddqzkxj.com", 4, 0.91f);
        pipeline::DgaAlerter again(cfg, 0.99);
        f.feed(again);
        QCOMPARE(again.alerts().size(), std::size_t(1));
        QCOMPARE(again.alerts().front().count, std::int64_t(3));
    }

    // When most of a client's evidence names resemble one known family, the alert says so.
    void theDominantFamilyIsTheReason() {
        Fixture f;
        const char* suppobox = "suppobox";
        f.add("10.0.0.7", "songtall.net", 1, 0.99f, event::kRcodeNxDomain, suppobox);
        f.add("10.0.0.7", "wellking.net", 2, 0.99f, event::kRcodeNxDomain, suppobox);
        f.add("10.0.0.7", "qxkzvbnw.com", 3, 0.99f);  // no confident family
        f.add("10.0.0.7", "songtall.net", 4, 0.99f, event::kRcodeNxDomain, suppobox);  // again
        f.add("10.0.0.8", "a.example.com", 1, 0.99f, event::kRcodeNxDomain, "conficker");
        f.add("10.0.0.8", "b.example.org", 2, 0.99f, event::kRcodeNxDomain, "locky");
        f.add("10.0.0.8", "c.example.net", 3, 0.99f, event::kRcodeNxDomain, "ramnit");
        config::AlerterConfig cfg;
        cfg.dgaMinDistinctNames = 3;
        pipeline::DgaAlerter alerter(cfg, 0.5);
        f.feed(alerter);
        QCOMPARE(alerter.alerts().size(), std::size_t(2));
        // Two of three is a majority but fewer than three names: no family yet.
        QCOMPARE(alerter.alerts()[0].reason, std::string());
        QCOMPARE(alerter.alerts()[1].reason, std::string());  // three families, one name each
        pipeline::SubnetBatch more;
        f.batch = more;
        f.add("10.0.0.7", "withyesterday.net", 5, 0.99f, event::kRcodeNxDomain, suppobox);
        f.changed.clear();
        f.feed(alerter);
        QCOMPARE(f.changed.size(), std::size_t(1));
        QCOMPARE(f.changed[0].reason, std::string("3 of 4 names resemble the suppobox family"));
    }

    // The inspector held the batch back, so the detector never scored it: its names are no
    // lexical evidence, whatever a stale score says, but their NXDOMAINs still count for the
    // spread rule, which needs no score.
    void unforwardedBatchesFeedOnlyTheSpreadRule() {
        Fixture f;
        for (int i = 0; i < 5; ++i)
            f.add("10.0.0.5", ("q" + std::to_string(i) + "zzkxj.com").c_str(), i, 0.9f);
        f.batch.forwarded = false;
        config::AlerterConfig cfg;
        cfg.nxdomainSpreadDomains = 6;
        pipeline::DgaAlerter alerter(cfg, 0.5);
        f.feed(alerter);
        QVERIFY(alerter.alerts().empty());  // 5 names: neither rule
        QVERIFY(alerter.dgaNamesPerClient().empty());

        f.batch = {};
        f.add("10.0.0.5", "q5zzkxj.com", 5, 0.9f);
        f.add("10.0.0.5", "answered.com", 6, 0.9f, event::kRcodeNoError);  // not NXDOMAIN
        f.batch.forwarded = false;
        f.feed(alerter);
        QCOMPARE(alerter.alerts().size(), std::size_t(1));
        const auto& a = alerter.alerts().front();
        QCOMPARE(a.count, std::int64_t(6));
        QCOMPARE(a.score, 0.0f);  // no name of it was scored
        QVERIFY2(a.reason.ends_with("(a word-list DGA?)"), a.reason.c_str());

        cfg.nxdomainSpreadDomains = 0;  // without the spread rule unforwarded batches do nothing
        pipeline::DgaAlerter off(cfg, 0.5);
        f.feed(off);
        QVERIFY(off.alerts().empty());
    }

    // Reverse lookups and local names are never DGA candidates: the detector scores them 0
    // without the model, and neither rule counts them, however many fail.
    void reverseLookupsAndLocalNamesNeverCount() {
        Fixture f;
        for (int i = 0; i < 30; ++i) {
            const std::string n = std::to_string(i + 1);
            f.add("10.0.0.5", (n + ".0.51." + n + ".in-addr.arpa").c_str(), i, 0.0f);
            f.add("10.0.0.5", ("printer" + n + ".local").c_str(), i, 0.0f);
            f.add("10.0.0.5", ("nas" + n + ".lan").c_str(), i, 0.0f);
        }
        config::AlerterConfig cfg;
        cfg.nxdomainSpreadDomains = 20;
        cfg.dgaNameThreshold = 0.0;  // even a threshold every score reaches
        pipeline::DgaAlerter alerter(cfg, 0.5);
        f.feed(alerter);
        f.batch.forwarded = false;
        f.feed(alerter);
        QVERIFY(alerter.alerts().empty());
    }

    void answeredNamesWeighLess() {
        Fixture f;
        // Four DGA-looking names that all resolve: 4 x 0.5 = 2 < 3, no alert.
        for (int i = 0; i < 4; ++i)
            f.add("10.0.0.5", ("n" + std::to_string(i) + "qzkxj.com").c_str(), i, 0.95f,
                  event::kRcodeNoError);
        config::AlerterConfig cfg;
        pipeline::DgaAlerter alerter(cfg, 0.5);
        f.feed(alerter);
        QVERIFY(alerter.alerts().empty());
        // Two more answered names reach 6 x 0.5 = 3.
        f.add("10.0.0.5", "n4qzkxj.com", 5, 0.95f, event::kRcodeNoError);
        f.add("10.0.0.5", "n5qzkxj.com", 6, 0.95f, event::kRcodeNoError);
        pipeline::DgaAlerter again(cfg, 0.5);
        f.feed(again);
        QCOMPARE(again.alerts().size(), std::size_t(1));
        QCOMPARE(again.alerts().front().count, std::int64_t(6));
    }

    void aNameSeenAnsweredThenNxdomainCountsFully() {
        Fixture f;
        f.add("10.0.0.5", "aqzkxj.com", 1, 0.95f, event::kRcodeNoError);
        f.add("10.0.0.5", "bqzkxj.com", 2, 0.95f);
        f.add("10.0.0.5", "aqzkxj.com", 3, 0.95f);  // now NXDOMAIN: 1 + 1 = 2
        config::AlerterConfig cfg;
        pipeline::DgaAlerter alerter(cfg, 0.5);
        f.feed(alerter);
        QVERIFY(alerter.alerts().empty());
        f.add("10.0.0.5", "cqzkxj.com", 4, 0.95f);
        pipeline::DgaAlerter again(cfg, 0.5);
        f.feed(again);
        QCOMPARE(again.alerts().size(), std::size_t(1));
        const auto& a = again.alerts().front();
        QCOMPARE(a.count, std::int64_t(3));  // distinct names, the upgrade is not a new one
        QCOMPARE(a.evidence.size(), std::size_t(3));
    }

    void weightsAreConfigurable() {
        Fixture f;
        for (int i = 0; i < 3; ++i)
            f.add("10.0.0.5", ("w" + std::to_string(i) + "qzkxj.com").c_str(), i, 0.95f,
                  event::kRcodeNoError);
        config::AlerterConfig cfg;
        cfg.noerrorWeight = 1.0;
        pipeline::DgaAlerter equal(cfg, 0.5);
        f.feed(equal);
        QCOMPARE(equal.alerts().size(), std::size_t(1));
        cfg.noerrorWeight = 0.0;
        cfg.dgaMinDistinctNames = 1;
        pipeline::DgaAlerter nxOnly(cfg, 0.5);
        f.feed(nxOnly);
        QVERIFY(nxOnly.alerts().empty());
    }

    void allowlistedNamesAndClientsAreSuppressedAndCounted() {
        Fixture f;
        // Client .5: two of its four names are under an allowlisted suffix -> 2 < 3.
        f.add("10.0.0.5", "a1.cdn-hash.example", 1, 0.95f);
        f.add("10.0.0.5", "a2.cdn-hash.example", 2, 0.95f);
        f.add("10.0.0.5", "zqzkxj.com", 3, 0.95f);
        f.add("10.0.0.5", "yqzkxj.com", 4, 0.95f);
        f.add("10.0.0.5", "badcdn-hash.example", 5, 0.10f);  // below threshold anyway
        // Client .9 (allowlisted) has three names: would alert.
        f.add("10.0.0.9", "kqzkxj.com", 1, 0.95f);
        f.add("10.0.0.9", "lqzkxj.com", 2, 0.95f);
        f.add("10.0.0.9", "mqzkxj.com", 3, 0.95f);
        // Client .7 alerts despite one allowlisted name.
        f.add("10.0.0.7", "a3.cdn-hash.example", 1, 0.95f);
        f.add("10.0.0.7", "pqzkxj.com", 2, 0.95f);
        f.add("10.0.0.7", "qqzkxj.com", 3, 0.95f);
        f.add("10.0.0.7", "rqzkxj.com", 4, 0.95f);
        const auto allow = config::loadAllowlistText(
            "- suffix: cdn-hash.example\n  reason: CDN\n- client: 10.0.0.9\n  reason: lab\n"
            "- client: 10.0.0.7\n  reason: expired\n  expires: 2000-01-01\n",
            "allow.yaml", 1'795'000'000'000'000);
        config::AlerterConfig cfg;
        pipeline::DgaAlerter alerter(cfg, 0.5, nullptr, &allow);
        f.feed(alerter);
        QCOMPARE(alerter.alerts().size(), std::size_t(1));
        QCOMPARE(alerter.alerts().front().client, std::string("10.0.0.7"));
        QCOMPARE(alerter.alerts().front().count, std::int64_t(3));
        const auto counts = alerter.allowlistCounts();
        QCOMPARE(counts.suppressedQueries, std::uint64_t(6));  // 2 + 3 + 1
        QCOMPARE(counts.suppressedAlerts, std::uint64_t(2));   // .5 and .9
    }

    // The NXDOMAIN spread rule: names that score low (word-list DGAs a model never saw) but do
    // not exist, for many distinct registrable domains in a short time, alert the client.
    void manyNonExistentDomainsAlertWhateverTheyScore() {
        Fixture f;
        const std::string first[] = {"drive", "table", "wife",  "nose",  "well",
                                     "dark",  "song",  "wrong", "piece", "soil"};
        const std::string second[] = {"garden", "start"};
        for (int i = 0; i < 19; ++i)  // 19 distinct word pairs, one every 20 s
            f.add("10.0.0.5", (first[i % 10] + second[i / 10] + ".net").c_str(), i * 20, 0.01f);
        f.add("10.0.0.5", "www.drivegarden.net", 390, 0.01f);  // same registrable domain
        f.add("10.0.0.5", "heavenrecord.net", 391, 0.01f, event::kRcodeNoError);  // it exists
        f.add("10.0.0.5", "1.2.0.10.in-addr.arpa", 392, 0.0f);  // not a candidate: scored 0
        config::AlerterConfig cfg;
        cfg.nxdomainSpreadDomains = 20;
        QCOMPARE(cfg.nxdomainSpreadWindowUs, std::int64_t{600'000'000});
        pipeline::DgaAlerter alerter(cfg, 0.5);
        f.feed(alerter);
        QVERIFY2(alerter.alerts().empty(), "19 distinct non-existent domains: below 20");

        f.batch = {};
        f.add("10.0.0.5", "soildrive.ru", 400, 0.02f);  // the 20th, 400 s after the first
        f.feed(alerter);
        QCOMPARE(alerter.alerts().size(), std::size_t(1));
        const auto& a = alerter.alerts().front();
        QCOMPARE(a.kind, std::string("dga"));
        QCOMPARE(a.client, std::string("10.0.0.5"));
        QCOMPARE(a.count, std::int64_t(20));
        QCOMPARE(a.firstSeenUs, std::int64_t(0));
        QCOMPARE(a.lastSeenUs, std::int64_t(400'000'000));
        QCOMPARE(a.evidence.size(), std::size_t(20));
        QCOMPARE(a.evidence.front(), std::string("drivegarden.net"));
        QCOMPARE(a.domain, std::string("soildrive.ru"));  // the highest score
        QCOMPARE(a.reason, std::string("20 distinct non-existent domains within 7 min, though no "
                                       "name looks generated (a word-list DGA?)"));
        QVERIFY2(alerter.dgaNamesPerClient().empty(), "no name of the client scored as DGA");
    }

    void spreadBeyondItsWindowOrSwitchedOffDoesNotAlert() {
        Fixture f;
        for (int i = 0; i < 25; ++i)  // 25 domains, one a minute: never 20 within 10 minutes
            f.add("10.0.0.5", ("spread" + std::to_string(i) + "word.com").c_str(), i * 60, 0.01f);
        config::AlerterConfig cfg;
        cfg.nxdomainSpreadDomains = 20;
        pipeline::DgaAlerter slow(cfg, 0.5);
        f.feed(slow);
        QVERIFY(slow.alerts().empty());
        cfg.nxdomainSpreadWindowUs = 3600LL * 1'000'000;
        pipeline::DgaAlerter hourly(cfg, 0.5);
        f.feed(hourly);
        QCOMPARE(hourly.alerts().size(), std::size_t(1));
        QCOMPARE(hourly.alerts().front().count, std::int64_t(25));
        cfg.nxdomainSpreadDomains = 0;  // off
        pipeline::DgaAlerter off(cfg, 0.5);
        f.feed(off);
        QVERIFY(off.alerts().empty());
    }

    // Both rules: the scored names' alert also reports the spread, and counts its domains.
    void bothRulesShareOneAlert() {
        Fixture f;
        for (int i = 0; i < 3; ++i)
            f.add("10.0.0.5", ("qzkxjv" + std::to_string(i) + ".com").c_str(), i, 0.95f);
        for (int i = 0; i < 22; ++i)
            f.add("10.0.0.5", ("plainword" + std::to_string(i) + ".com").c_str(), 10 + i, 0.01f);
        config::AlerterConfig cfg;
        cfg.nxdomainSpreadDomains = 20;
        pipeline::DgaAlerter alerter(cfg, 0.5);
        f.feed(alerter);
        QCOMPARE(alerter.alerts().size(), std::size_t(1));
        QCOMPARE(f.changed.size(), std::size_t(1));
        const auto& a = alerter.alerts().front();
        QCOMPARE(a.count, std::int64_t(25));
        QCOMPARE(a.evidence.front(), std::string("qzkxjv0.com"));  // scored names first
        QCOMPARE(a.score, 0.95f);
        QCOMPARE(a.reason, std::string("25 distinct non-existent domains within 1 min"));
    }

    void allowlistedClientsDoNotAlertOnSpreadEither() {
        Fixture f;
        for (int i = 0; i < 20; ++i)
            f.add("10.0.0.9", ("labword" + std::to_string(i) + ".com").c_str(), i, 0.01f);
        const auto allow = config::loadAllowlistText("- client: 10.0.0.9\n  reason: lab\n",
                                                     "allow.yaml", 1'795'000'000'000'000);
        config::AlerterConfig cfg;
        cfg.nxdomainSpreadDomains = 20;
        pipeline::DgaAlerter alerter(cfg, 0.5, nullptr, &allow);
        f.feed(alerter);
        QVERIFY(alerter.alerts().empty());
        QCOMPARE(alerter.allowlistCounts().suppressedAlerts, std::uint64_t(1));
        QCOMPARE(alerter.allowlistCounts().suppressedQueries, std::uint64_t(20));
    }

    // Names one edit from a domain the network resolves are typos, not DGA evidence; the same
    // names with nothing resolved nearby, or with the rule off, still count.
    void typosOfAnsweredDomainsAreNoEvidence() {
        auto run = [](bool ignoreTypos, bool answered) {
            Fixture f;
            if (answered) {
                f.add("10.0.0.7", "d1.cloudfront.net", 1, 0.0f, event::kRcodeNoError);
                f.add("10.0.0.8", "d2.cloudfront.net", 2, 0.0f, event::kRcodeNoError);
                for (int i = 0; i < 3; ++i)  // one client, three answers
                    f.add("10.0.0.7", "occ-0-1.1.nflxso.net", 3 + i, 0.0f, event::kRcodeNoError);
                f.add("10.0.0.9", "assets.akamaized.net", 6, 0.0f, event::kRcodeNoError);
            }
            f.add("10.0.0.5", "dcdf9heqmnmpdp.loudfront.net", 10, 0.97f);
            f.add("10.0.0.5", "d3ufdiosjhypeo.coudfront.net", 11, 0.95f);
            f.add("10.0.0.5", "occ-0-2774-2773.1.nflxsoo.net", 12, 0.93f);
            f.add("10.0.0.5", "assets.akamaizedd.net", 13, 0.92f);  // answered once: not indexed
            config::AlerterConfig cfg;
            cfg.ignoreTypos = ignoreTypos;
            pipeline::DgaAlerter alerter(cfg, 0.5);
            f.feed(alerter);
            return std::make_pair(alerter.alerts().size(), alerter.typoDomains());
        };
        QCOMPARE(run(true, true), std::make_pair(std::size_t{0}, std::uint64_t{3}));
        QCOMPARE(run(true, false), std::make_pair(std::size_t{1}, std::uint64_t{0}));
        QCOMPARE(run(false, true), std::make_pair(std::size_t{1}, std::uint64_t{0}));
    }
};

QTEST_APPLESS_MAIN(TestDgaAlerter)
#include "test_dga_alerter.moc"
