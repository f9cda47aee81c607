#include <QtTest>

#include <unordered_map>

#include "core/pipeline/dga_alerter.h"

using namespace dnshound::core;

namespace {
class FixedScores final : public detect::NameScores {
public:
    std::unordered_map<event::NameId, float> scores;
    float scoreOf(event::NameId n) const override {
        auto it = scores.find(n);
        return it == scores.end() ? -1.0f : it->second;
    }
};

struct Fixture {
    event::NameTable names;
    FixedScores scores;
    pipeline::SubnetBatch batch;

    void add(const char* client, const char* name, std::int64_t secs, float score) {
        const auto id = names.intern(name);
        scores.scores[id] = score;
        event::DnsEvent e;
        e.client = *event::IpAddress::parse(client);
        e.name = id;
        e.timeUs = secs * 1'000'000;
        e.rcode = event::kRcodeNxDomain;
        batch.relevant.push_back(static_cast<std::uint32_t>(batch.events.size()));
        batch.events.push_back(e);
        batch.forwarded = true;
    }
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
        pipeline::DgaAlerter alerter(cfg, 0.5);
        std::vector<store::AlertRecord> changed;
        alerter.process(f.batch, f.scores, f.names, changed);
        QVERIFY(changed.empty());
        QVERIFY(alerter.alerts().empty());
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
        pipeline::DgaAlerter alerter(cfg, 0.5);
        std::vector<store::AlertRecord> changed;
        alerter.process(f.batch, f.scores, f.names, changed);
        QCOMPARE(alerter.alerts().size(), std::size_t(1));
        QCOMPARE(changed.size(), std::size_t(1));  // raised then updated: reported once
        const auto& a = alerter.alerts().front();
        QCOMPARE(a.kind, std::string("dga"));
        QCOMPARE(a.client, std::string("10.0.0.5"));
        QCOMPARE(a.count, std::int64_t(4));
        QCOMPARE(a.domain, std::string("bbqzkxj.net"));  // highest score
        QCOMPARE(a.firstSeenUs, std::int64_t(100'000'000));
        QCOMPARE(a.lastSeenUs, std::int64_t(130'000'000));
        QCOMPARE(a.evidence.size(), std::size_t(4));
        QCOMPARE(changed.front().count, std::int64_t(4));
    }

    void namesSpreadBeyondTheWindowDoNotAlert() {
        Fixture f;
        f.add("10.0.0.5", "aaqzkxj.com", 0, 0.9f);
        f.add("10.0.0.5", "bbqzkxj.com", 4000, 0.9f);
        f.add("10.0.0.5", "ccqzkxj.com", 8000, 0.9f);
        config::AlerterConfig cfg;
        cfg.dgaWindowUs = 3600LL * 1'000'000;
        pipeline::DgaAlerter alerter(cfg, 0.5);
        std::vector<store::AlertRecord> changed;
        alerter.process(f.batch, f.scores, f.names, changed);
        QVERIFY(alerter.alerts().empty());
    }

    void unforwardedBatchesAreIgnored() {
        Fixture f;
        for (int i = 0; i < 5; ++i)
            f.add("10.0.0.5", ("q" + std::to_string(i) + "zzkxj.com").c_str(), i, 0.9f);
        f.batch.forwarded = false;
        pipeline::DgaAlerter alerter(config::AlerterConfig{}, 0.5);
        std::vector<store::AlertRecord> changed;
        alerter.process(f.batch, f.scores, f.names, changed);
        QVERIFY(alerter.alerts().empty());
    }
};

QTEST_APPLESS_MAIN(TestDgaAlerter)
#include "test_dga_alerter.moc"
