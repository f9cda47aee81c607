#include <QtTest>

#include "core/pipeline/prefilter.h"

using namespace dnshound::core;

namespace {
event::DnsEvent ev(std::uint16_t rcode, std::uint16_t qtype) {
    event::DnsEvent e;
    e.rcode = rcode;
    e.qtype = qtype;
    return e;
}
config::LogField listItem(std::string name, std::vector<std::string> relevant) {
    config::LogField f;
    f.name = std::move(name);
    f.type = config::FieldType::ListItem;
    f.relevant = std::move(relevant);
    return f;
}
}  // namespace

class TestPrefilter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaultKeepsNxdomainOnly() {
        config::Config cfg;  // no log format: prefilter.relevant_rcodes applies
        pipeline::Prefilter p(cfg);
        QVERIFY(p.isRelevant(ev(event::kRcodeNxDomain, 1)));
        QVERIFY(!p.isRelevant(ev(event::kRcodeNoError, 1)));
        QVERIFY(!p.isRelevant(ev(event::kRcodeNone, 1)));
        pipeline::SubnetBatch b;
        b.events = {ev(0, 1), ev(3, 16), ev(2, 1), ev(3, 1)};
        p.apply(b);
        QCOMPARE(b.relevant, (std::vector<std::uint32_t>{1, 3}));
    }

    void listItemRelevantValuesDriveIt() {
        config::Config cfg;
        cfg.logline = {listItem("status_code", {"NXDOMAIN", "SERVFAIL"}),
                       listItem("record_type", {"TXT", "NULL"})};
        pipeline::Prefilter p(cfg);
        QVERIFY(p.isRelevant(ev(2, 16)));   // SERVFAIL TXT
        QVERIFY(p.isRelevant(ev(3, 10)));   // NXDOMAIN NULL
        QVERIFY(!p.isRelevant(ev(3, 1)));   // NXDOMAIN A: type not relevant
        QVERIFY(!p.isRelevant(ev(0, 16)));  // NOERROR TXT
    }

    void relevantOnlyOffKeepsAll() {
        config::Config cfg;
        cfg.prefilter.relevantOnly = false;
        pipeline::Prefilter p(cfg);
        QVERIFY(p.isRelevant(ev(0, 1)));
        QVERIFY(p.isRelevant(ev(event::kRcodeNone, 0)));
    }

    void unknownRcodeIsAConfigError() {
        config::Config cfg;
        cfg.prefilter.relevantRcodes = {"NXDOMIAN"};
        QVERIFY_THROWS_EXCEPTION(config::ConfigError, pipeline::Prefilter{cfg});
    }
};

QTEST_APPLESS_MAIN(TestPrefilter)
#include "test_prefilter.moc"
