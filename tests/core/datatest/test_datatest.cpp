#include <QtTest>

#include <fstream>
#include <string>
#include <unordered_map>

#include "core/config/config.h"
#include "core/datatest/datatest_tally.h"
#include "core/datatest/truth_table.h"

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

std::string writeFile(const QTemporaryDir& dir, const char* name, const std::string& text) {
    const std::string path = dir.filePath(QString::fromLatin1(name)).toStdString();
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

event::IpAddress ip(const char* text) {
    return *event::IpAddress::parse(text);
}

}  // namespace

class TestDatatest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void labelsMapOntoTruth() {
        const config::DatatestConfig cfg;
        QCOMPARE(datatest::truthFromLabel("Malicious", cfg), datatest::Truth::Malicious);
        QCOMPARE(datatest::truthFromLabel("malicious-C2", cfg), datatest::Truth::Malicious);
        QCOMPARE(datatest::truthFromLabel("dga", cfg), datatest::Truth::Malicious);
        QCOMPARE(datatest::truthFromLabel("notdga", cfg), datatest::Truth::Benign);
        QCOMPARE(datatest::truthFromLabel("Benign", cfg), datatest::Truth::Benign);
        QCOMPARE(datatest::truthFromLabel("10", cfg), datatest::Truth::Unknown);  // not "1"
        QCOMPARE(datatest::truthFromLabel("dgaish", cfg), datatest::Truth::Unknown);
        QCOMPARE(datatest::truthFromLabel("", cfg), datatest::Truth::Unknown);
    }

    void readsDomainListsWithAndWithoutHeader() {
        QTemporaryDir dir;
        const config::DatatestConfig cfg;
        datatest::TruthTable plain;
        datatest::loadTruthFile(
            writeFile(dir, "plain.csv", "xkqjz.com,dga,ramnit\nGoogle.COM.,benign\n# note\n"), cfg,
            plain);
        QCOMPARE(plain.nameTruth("xkqjz.com"), datatest::Truth::Malicious);
        QCOMPARE(plain.family("xkqjz.com"), std::string_view("ramnit"));
        QCOMPARE(plain.nameTruth("google.com"), datatest::Truth::Benign);
        QCOMPARE(plain.nameTruth("other.com"), datatest::Truth::Unknown);
        QVERIFY(!plain.hasClientTruth());

        // The shared data's layout: ",domain,family,subfamily,label"; malicious wins.
        datatest::TruthTable shared;
        datatest::loadTruthFile(writeFile(dir, "shared.csv",
                                          ",domain,family,subfamily,label\n"
                                          "0,abcxyz.net,tinba,tinba,dga\n"
                                          "1,abcxyz.net,legit,legit,notdga\n"
                                          "2,wiki.org,legit,legit,notdga\n"
                                          "3,odd.org,legit,legit,whatever\n"),
                                cfg, shared);
        QCOMPARE(shared.nameTruth("abcxyz.net"), datatest::Truth::Malicious);
        QCOMPARE(shared.nameTruth("wiki.org"), datatest::Truth::Benign);
        QCOMPARE(shared.nameTruth("odd.org"), datatest::Truth::Unknown);
        QCOMPARE(shared.rowsRead(), std::uint64_t(4));
        QCOMPARE(shared.rowsUnlabelled(), std::uint64_t(1));

        datatest::TruthTable bad;
        try {
            datatest::loadTruthFile(writeFile(dir, "bad.csv", "a.com,dga\nlonely\n"), cfg, bad);
            QFAIL("a row without a label must be an error");
        } catch (const datatest::TruthError& e) {
            QVERIFY2(std::string(e.what()).find("bad.csv:2:") != std::string::npos, e.what());
        }
    }

    void readsTheSampleTruthJson() {
        QTemporaryDir dir;
        datatest::TruthTable t;
        datatest::loadTruthFile(
            writeFile(dir, "t.json",
                      R"({"infected":[{"client":"10.0.1.24","family":"ramnit"}],)"
                      R"("clean":["10.0.1.36","2001:db8::5"],"lines":3})"),
            config::DatatestConfig{}, t);
        QVERIFY(t.hasClientTruth());
        QCOMPARE(*t.clientTruth(ip("10.0.1.24")), datatest::Truth::Malicious);
        QCOMPARE(*t.clientTruth(ip("2001:db8::5")), datatest::Truth::Benign);
        QVERIFY(!t.clientTruth(ip("10.9.9.9")));
        datatest::TruthTable bad;
        QVERIFY_THROWS_EXCEPTION(
            datatest::TruthError,
            datatest::loadTruthFile(writeFile(dir, "b.json", R"({"clean":["nope"]})"),
                                    config::DatatestConfig{}, bad));
    }

    void readsHeidgafLabelFields() {
        QTemporaryDir dir;
        config::Config cfg = config::defaultConfig();
        config::LogField label;
        label.name = "label";
        label.type = config::FieldType::RegEx;
        label.pattern = "^\\w+$";
        cfg.logline.push_back(label);
        const std::string log = writeFile(
            dir, "l.log",
            "2026-11-27T08:00:00.000Z NXDOMAIN 10.0.0.5 10.0.0.53 qzkx.com A 0.0.0.0 90b dga\n"
            "2026-11-27T08:00:01.000Z NOERROR 10.0.0.6 10.0.0.53 wiki.org A 1.2.3.4 90b benign\n");
        datatest::TruthTable t;
        QCOMPARE(datatest::loadLabelColumn(log, cfg, t), std::uint64_t(2));
        QCOMPARE(t.nameTruth("qzkx.com"), datatest::Truth::Malicious);
        QCOMPARE(t.nameTruth("wiki.org"), datatest::Truth::Benign);
        datatest::TruthTable none;
        QVERIFY_THROWS_EXCEPTION(datatest::TruthError,
                                 datatest::loadLabelColumn(log, config::defaultConfig(), none));
    }

    void readsZeekLabelColumns() {
        const QString path = QStringLiteral(DNSHOUND_SHARED_DATA) +
                             QStringLiteral(
                                 "/logs/ctu_zeek/test18-malicious-ctu-sme-11-win/"
                                 "zeek-labeled/dns.log.labeled.gz");
        if (!QFileInfo::exists(path)) QSKIP("shared data (ctu_zeek labelled dns.log) is absent");
        datatest::TruthTable t;
        const auto labelled =
            datatest::loadLabelColumn(path.toStdString(), config::defaultConfig(), t);
        QCOMPARE(labelled, t.rowsRead() - t.rowsUnlabelled());
        QVERIFY(labelled >= 20);
        QCOMPARE(t.nameTruth("nwin3"), datatest::Truth::Benign);
    }

    void confusionMatricesCountNamesAndClients() {
        datatest::TruthTable truth;
        truth.addName("bad1.com", datatest::Truth::Malicious);
        truth.addName("bad2.com", datatest::Truth::Malicious);
        truth.addName("bad3.com", datatest::Truth::Malicious);  // never scored
        truth.addName("good1.com", datatest::Truth::Benign);
        truth.addName("good2.com", datatest::Truth::Benign);
        event::NameTable names;
        FixedScores scores;
        pipeline::SubnetBatch batch;
        auto add = [&](const char* client, const char* name, float score) {
            const auto id = names.intern(name);
            if (score >= 0) scores.scores[id] = score;
            event::DnsEvent e;
            e.client = ip(client);
            e.name = id;
            batch.events.push_back(e);
        };
        add("10.0.0.1", "bad1.com", 0.99f);   // TP name, infected client alerted: TP
        add("10.0.0.1", "bad2.com", 0.40f);   // FN name
        add("10.0.0.2", "bad3.com", -1.0f);   // unscored; client infected, not alerted: FN
        add("10.0.0.3", "good1.com", 0.98f);  // FP name; clean client alerted: FP
        add("10.0.0.4", "good2.com", 0.10f);  // TN name; clean client: TN
        add("10.0.0.4", "unknown.com", 0.99f);
        datatest::DatatestTally tally(truth, names);
        tally.add(batch);
        std::vector<store::AlertRecord> alerts(2);
        alerts[0].kind = alerts[1].kind = "dga";
        alerts[0].client = "10.0.0.1";
        alerts[1].client = "10.0.0.3";
        const auto r = tally.finish(&scores, 0.9, alerts);
        QCOMPARE(r.queries.truePositives, std::uint64_t(1));
        QCOMPARE(r.queries.falseNegatives, std::uint64_t(1));
        QCOMPARE(r.queries.falsePositives, std::uint64_t(1));
        QCOMPARE(r.queries.trueNegatives, std::uint64_t(1));
        QCOMPARE(r.namesUnlabelled, std::uint64_t(1));
        QCOMPARE(r.maliciousNamesUnscored, std::uint64_t(1));
        QCOMPARE(r.clients.truePositives, std::uint64_t(1));
        QCOMPARE(r.clients.falseNegatives, std::uint64_t(1));
        QCOMPARE(r.clients.falsePositives, std::uint64_t(1));
        QCOMPARE(r.clients.trueNegatives, std::uint64_t(1));
        QCOMPARE(r.clients.precision(), 0.5);
        QCOMPARE(r.clients.recall(), 0.5);
        const auto cells = r.clients.cells();
        QCOMPARE(cells.size(), std::size_t(4));
        QCOMPARE(cells[0].level, std::string("client"));
    }
};

QTEST_APPLESS_MAIN(TestDatatest)
#include "test_datatest.moc"
