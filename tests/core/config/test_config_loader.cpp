#include <QtTest>

#include <string>

#include "core/config/config.h"
#include "core/config/timestamp_format.h"
#include "core/event/dns_types.h"

using namespace dnshound::core::config;

namespace {

// heiDGAF's own collector section, as its config.yaml ships it.
const char* kHeidgafLogline = R"(pipeline:
  log_collection:
    collector:
      logline_format:
        - [ "timestamp", Timestamp, "%Y-%m-%dT%H:%M:%S.%fZ" ]
        - [ "status_code", ListItem, [ "NOERROR", "NXDOMAIN" ], [ "NXDOMAIN" ] ]
        - [ "client_ip", IpAddress ]
        - [ "dns_server_ip", IpAddress ]
        - [ "domain_name", RegEx, '^(?=.{1,253}$)((?!-)[A-Za-z0-9-]{1,63}(?<!-)\.)+[A-Za-z]{2,63}$' ]
        - [ "record_type", ListItem, [ "A", "AAAA" ] ]
        - [ "response_ip", IpAddress ]
        - [ "size", RegEx, '^\d+b$' ]
    batch_handler:
      batch_size: 10000
      batch_timeout: 30.0
      subnet_id:
        ipv4_prefix_length: 24
        ipv6_prefix_length: 64
)";

std::string failureOf(const std::string& yaml) {
    try {
        loadConfigText(yaml, "bad.yaml");
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "<no error>";
}

}  // namespace

class TestConfigLoader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultLoads() {
        const Config c = defaultConfig();
        QCOMPARE(c.origin, std::string("<default>"));
        QCOMPARE(c.logline.size(), std::size_t(8));
        QCOMPARE(c.logline[0].name, std::string("timestamp"));
        QCOMPARE(c.logline[0].type, FieldType::Timestamp);
        // The default widens heiDGAF: every rcode and every RR type is allowed.
        const LogField& status = c.logline[1];
        QCOMPARE(status.type, FieldType::ListItem);
        QVERIFY(status.allowed.size() >= 21);
        QCOMPARE(status.relevant, std::vector<std::string>{"NXDOMAIN"});
        const LogField& types = c.logline[5];
        QCOMPARE(types.name, std::string("record_type"));
        for (const char* t : {"A", "AAAA", "TXT", "NULL", "CNAME", "MX", "SRV", "HTTPS", "ANY"}) {
            QVERIFY2(
                std::find(types.allowed.begin(), types.allowed.end(), t) != types.allowed.end(), t);
        }
        for (const auto& t : types.allowed)
            QVERIFY2(dnshound::core::event::qtypeFromName(t), t.c_str());
        QCOMPARE(c.batch.maxEvents, std::size_t(2000));
        QCOMPARE(c.batch.timeoutUs, std::int64_t(30'000'000));
        QCOMPARE(c.inspector.mode, InspectorMode::ZScore);
        QCOMPARE(c.store.transactionRows, std::size_t(50'000));
        QCOMPARE(configDigest(c), configDigest(defaultConfig()));
    }

    void emptyTextGivesDefaults() {
        const Config c = loadConfigText("", "empty.yaml");
        QCOMPARE(c.origin, std::string("empty.yaml"));
        QCOMPARE(configDigest(c), configDigest(defaultConfig()));
        QCOMPARE(c.logline.size(), defaultConfig().logline.size());
    }

    void heidgafSectionVerbatim() {
        const Config c = loadConfigText(kHeidgafLogline, "heidgaf.yaml");
        QCOMPARE(c.logline.size(), std::size_t(8));
        QCOMPARE(c.logline[5].allowed, (std::vector<std::string>{"A", "AAAA"}));
        QCOMPARE(c.logline[4].pattern.substr(0, 10), std::string("^(?=.{1,25"));
        QCOMPARE(c.batch.maxEvents, std::size_t(10000));
        QCOMPARE(c.batch.timeoutUs, std::int64_t(30'000'000));
        QVERIFY(configDigest(c) != configDigest(defaultConfig()));
    }

    void digestCoversTheAlertEvidenceThreshold() {
        Config c = defaultConfig();
        c.alerter.dgaNameThreshold = 0.8;
        QVERIFY(configDigest(c) != configDigest(defaultConfig()));
    }

    void alertWeightsAndDatatestLoad() {
        const Config d = defaultConfig();
        QCOMPARE(d.alerter.nxdomainWeight, 1.0);
        QCOMPARE(d.alerter.noerrorWeight, 0.5);
        QCOMPARE(d.datatest.labelField, std::string("label"));
        const Config c = loadConfigText(
            "pipeline:\n  alerting:\n    dga: {nxdomain_weight: 0.8, noerror_weight: 0.2}\n"
            "datatest: {label_field: verdict, malicious_labels: [bad]}\n",
            "w.yaml");
        QCOMPARE(c.alerter.nxdomainWeight, 0.8);
        QCOMPARE(c.alerter.noerrorWeight, 0.2);
        QCOMPARE(c.datatest.labelField, std::string("verdict"));
        QCOMPARE(c.datatest.maliciousLabels, std::vector<std::string>{"bad"});
        QVERIFY(configDigest(c) != configDigest(d));
    }

    void nxdomainSpreadLoads() {
        const Config d = defaultConfig();
        QCOMPARE(d.alerter.nxdomainSpreadDomains, 100u);
        QCOMPARE(d.alerter.nxdomainSpreadWindowUs, std::int64_t(600'000'000));
        const Config c = loadConfigText(
            "pipeline:\n  alerting:\n    dga: {nxdomain_spread_domains: 0, "
            "nxdomain_spread_secs: 120}\n",
            "s.yaml");
        QCOMPARE(c.alerter.nxdomainSpreadDomains, 0u);
        QCOMPARE(c.alerter.nxdomainSpreadWindowUs, std::int64_t(120'000'000));
        QVERIFY(configDigest(c) != configDigest(d));
        const std::string why =
            failureOf("pipeline:\n  alerting:\n    dga: {nxdomain_spread_secs: 0}\n");
        QVERIFY2(why.find("nxdomain_spread_secs") != std::string::npos, why.c_str());
    }

    void ignoreTyposLoads() {
        const Config d = defaultConfig();
        QVERIFY(d.alerter.ignoreTypos);
        const Config c =
            loadConfigText("pipeline:\n  alerting:\n    dga: {ignore_typos: false}\n", "t.yaml");
        QVERIFY(!c.alerter.ignoreTypos);
        QVERIFY(configDigest(c) != configDigest(d));
        const std::string why =
            failureOf("pipeline:\n  alerting:\n    dga: {ignore_typos: maybe}\n");
        QVERIFY2(why.find("ignore_typos") != std::string::npos, why.c_str());
    }

    void overridesApply() {
        const Config c = loadConfigText(R"(pipeline:
  data_inspection:
    inspector: {mode: passthrough, bin_secs: 1.5, adapt_after_bins: 4}
  alerting:
    dga: {min_distinct_names: 7, window_secs: 60}
store: {queries: false}
)",
                                        "o.yaml");
        QCOMPARE(c.inspector.mode, InspectorMode::PassThrough);
        QCOMPARE(c.inspector.binSecs, 1.5);
        QCOMPARE(c.inspector.adaptAfterBins, 4u);
        QCOMPARE(c.alerter.dgaMinDistinctNames, 7u);
        QCOMPARE(c.alerter.dgaWindowUs, std::int64_t(60'000'000));
        QCOMPARE(c.store.storeQueries, false);
        QCOMPARE(c.batch.maxEvents, std::size_t(2000));  // untouched default
    }

    void tunnelModelThreshold() {
        QCOMPARE(defaultConfig().tunnel.modelThreshold, 0.9);
        const Config c = loadConfigText(
            "pipeline:\n  alerting:\n    tunnel: {model_threshold: 0.75}\n", "t.yaml");
        QCOMPARE(c.tunnel.modelThreshold, 0.75);
        QVERIFY(configDigest(c) != configDigest(defaultConfig()));
        const std::string message =
            failureOf("pipeline:\n  alerting:\n    tunnel: {model_threshold: 1.5}\n");
        QVERIFY2(message.find("pipeline.alerting.tunnel.model_threshold") != std::string::npos,
                 message.c_str());
    }

    void badConfigsNameKeyAndLine_data() {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown key")
            << QStringLiteral(
                   "pipeline:\n  log_collection:\n    batch_handler:\n      batch_sise: 5\n")
            << QStringLiteral(
                   "bad.yaml:4: pipeline.log_collection.batch_handler.batch_sise: unknown key "
                   "'batch_sise'");
        QTest::newRow("bad type name")
            << QStringLiteral(
                   "pipeline:\n  log_collection:\n    collector:\n      logline_format:\n"
                   "        - [timestamp, Timestamp, \"%Y\"]\n"
                   "        - [client_ip, IpAddress]\n"
                   "        - [domain_name, Regex, 'x']\n")
            << QStringLiteral(
                   "bad.yaml:7: pipeline.log_collection.collector.logline_format[2]: unknown field "
                   "type 'Regex' (expected Timestamp, ListItem, IpAddress or RegEx)");
        QTest::newRow("bad regex")
            << QStringLiteral(
                   "pipeline:\n  log_collection:\n    collector:\n      logline_format:\n"
                   "        - [timestamp, Timestamp, \"%Y\"]\n"
                   "        - [client_ip, IpAddress]\n"
                   "        - [domain_name, RegEx, '^(abc$']\n")
            << QStringLiteral(
                   "bad.yaml:7: pipeline.log_collection.collector.logline_format[2]: bad regular "
                   "expression at offset 6: missing closing parenthesis");
        QTest::newRow("missing client_ip")
            << QStringLiteral(
                   "pipeline:\n  log_collection:\n    collector:\n      logline_format:\n"
                   "        - [timestamp, Timestamp, \"%Y\"]\n"
                   "        - [domain_name, RegEx, 'x']\n")
            << QStringLiteral(
                   "bad.yaml:5: pipeline.log_collection.collector.logline_format: missing required "
                   "field 'client_ip'");
        QTest::newRow("wrong value type")
            << QStringLiteral("store:\n  queries: true\n  transaction_rows: lots\n")
            << QStringLiteral(
                   "bad.yaml:3: store.transaction_rows: expected an integer, got 'lots'");
        QTest::newRow("negative batch size")
            << QStringLiteral(
                   "pipeline:\n  log_collection:\n    batch_handler:\n      batch_size: -5\n")
            << QStringLiteral(
                   "bad.yaml:4: pipeline.log_collection.batch_handler.batch_size: value -5 out of "
                   "range");
        QTest::newRow("unknown rcode in ListItem")
            << QStringLiteral(
                   "pipeline:\n  log_collection:\n    collector:\n      logline_format:\n"
                   "        - [timestamp, Timestamp, \"%Y\"]\n"
                   "        - [client_ip, IpAddress]\n"
                   "        - [domain_name, RegEx, 'x']\n"
                   "        - [status_code, ListItem,\n"
                   "           [NOERROR, NXDOMIAN]]\n")
            << QStringLiteral(
                   "bad.yaml:9: pipeline.log_collection.collector.logline_format[3]: unknown rcode "
                   "'NXDOMIAN'");
        QTest::newRow("unknown record type")
            << QStringLiteral(
                   "pipeline:\n  log_collection:\n    collector:\n      logline_format:\n"
                   "        - [timestamp, Timestamp, \"%Y\"]\n"
                   "        - [client_ip, IpAddress]\n"
                   "        - [domain_name, RegEx, 'x']\n"
                   "        - [record_type, ListItem, [A, AAA]]\n")
            << QStringLiteral(
                   "bad.yaml:8: pipeline.log_collection.collector.logline_format[3]: unknown "
                   "record type 'AAA'");
        QTest::newRow("bad timestamp directive")
            << QStringLiteral(
                   "pipeline:\n  log_collection:\n    collector:\n      logline_format:\n"
                   "        - [timestamp, Timestamp, \"%Y-%Q\"]\n")
            << QStringLiteral(
                   "bad.yaml:5: pipeline.log_collection.collector.logline_format[0]: unsupported "
                   "timestamp directive '%Q'");
        QTest::newRow("bad mode")
            << QStringLiteral("pipeline:\n  data_inspection:\n    inspector:\n      mode: magic\n")
            << QStringLiteral(
                   "bad.yaml:4: pipeline.data_inspection.inspector.mode: unknown mode 'magic'");
        QTest::newRow("relevant not allowed")
            << QStringLiteral(
                   "pipeline:\n  log_collection:\n    collector:\n      logline_format:\n"
                   "        - [timestamp, Timestamp, \"%Y\"]\n"
                   "        - [client_ip, IpAddress]\n"
                   "        - [domain_name, RegEx, 'x']\n"
                   "        - [status_code, ListItem, [NOERROR], [SERVFAIL]]\n")
            << QStringLiteral(
                   "bad.yaml:8: pipeline.log_collection.collector.logline_format[3]: relevant "
                   "value 'SERVFAIL' is not in the allowed list");
        QTest::newRow("prefix range") << QStringLiteral(
                                             "pipeline:\n  log_collection:\n    batch_handler:\n   "
                                             "   subnet_id: {ipv4_prefix_length: 33}\n")
                                      << QStringLiteral(
                                             "bad.yaml:4: "
                                             "pipeline.log_collection.batch_handler.subnet_id.ipv4_"
                                             "prefix_length: value 33 out of range [0, 32]");
        QTest::newRow("weight above one")
            << QStringLiteral("pipeline:\n  alerting:\n    dga: {nxdomain_weight: 1.5}\n")
            << QStringLiteral(
                   "bad.yaml:3: pipeline.alerting.dga.nxdomain_weight: value 1.5 out "
                   "of range [0, 1]");
        QTest::newRow("negative weight")
            << QStringLiteral("pipeline:\n  alerting:\n    dga:\n      noerror_weight: -0.1\n")
            << QStringLiteral(
                   "bad.yaml:4: pipeline.alerting.dga.noerror_weight: value -0.1 out "
                   "of range [0, 1]");
        QTest::newRow("datatest key")
            << QStringLiteral("datatest:\n  label_column: label\n")
            << QStringLiteral("bad.yaml:2: datatest.label_column: unknown key 'label_column'");
        QTest::newRow("syntax") << QStringLiteral("pipeline:\n  a: [1, 2\n")
                                << QStringLiteral("bad.yaml:3: YAML syntax error");
    }

    void badConfigsNameKeyAndLine() {
        QFETCH(QString, yaml);
        QFETCH(QString, expected);
        const std::string message = failureOf(yaml.toStdString());
        qInfo("%s", message.c_str());
        QVERIFY2(message.rfind(expected.toStdString(), 0) == 0, message.c_str());
    }

    void loadFileErrorsNameThePath() {
        try {
            loadConfigFile("/nonexistent/dnshound.yaml");
            QFAIL("no error");
        } catch (const ConfigError& e) {
            QVERIFY(std::string(e.what()).find("/nonexistent/dnshound.yaml") == 0);
        }
    }

    void timestampFormats() {
        auto us = [](const char* iso) {
            return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs)
                       .toMSecsSinceEpoch() *
                   1000;
        };
        TimestampFormat heidgaf("%Y-%m-%dT%H:%M:%S.%fZ");
        QCOMPARE(*heidgaf.parse("2024-07-12T12:00:00.123Z"), us("2024-07-12T12:00:00.123Z"));
        QCOMPARE(*heidgaf.parse("2024-02-29T23:59:59.5Z"), us("2024-02-29T23:59:59.500Z"));
        QCOMPARE(*heidgaf.parse("2024-07-12T12:00:00.123456789Z") % 1'000'000, 123456);
        QVERIFY(!heidgaf.parse("2023-02-29T00:00:00.0Z"));  // not a leap year
        QVERIFY(!heidgaf.parse("2024-13-01T00:00:00.0Z"));
        QVERIFY(!heidgaf.parse("2024-07-12T24:00:00.0Z"));
        QVERIFY(!heidgaf.parse("2024-07-12T12:00:00Z"));  // %f needs digits
        QVERIFY(!heidgaf.parse("2024-07-12T12:00:00.1Zjunk"));
        QVERIFY(!heidgaf.parse(""));
        TimestampFormat zoned("%FT%T%z");
        QCOMPARE(*zoned.parse("2024-07-12T14:00:00+02:00"), us("2024-07-12T12:00:00.000Z"));
        QCOMPARE(*zoned.parse("2024-07-12T14:00:00+0200"), us("2024-07-12T12:00:00.000Z"));
        QCOMPARE(*zoned.parse("2024-07-12T12:00:00Z"), us("2024-07-12T12:00:00.000Z"));
        TimestampFormat syslog("%b %d %H:%M:%S");
        QCOMPARE(*syslog.parse("Nov  7 10:00:00", 2023), us("2023-11-07T10:00:00.000Z"));
        QCOMPARE(*syslog.parse("nov 27 10:00:00", 2023), us("2023-11-27T10:00:00.000Z"));
        TimestampFormat epoch("%s");
        QCOMPARE(*epoch.parse("1610645203.3255"), std::int64_t(1610645203325500));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TimestampFormat("%Y %"));
    }
};

QTEST_APPLESS_MAIN(TestConfigLoader)
#include "test_config_loader.moc"
