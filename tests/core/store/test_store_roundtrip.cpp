#include <QtTest>

#include <filesystem>

#include "core/store/analysis_reader.h"
#include "core/store/schema.h"
#include "core/store/sqlite_connection.h"
#include "core/store/store_error.h"
#include "core/store/store_writer.h"
#include "schema_one_analysis.h"

using namespace dnshound::core;

class TestStoreRoundtrip : public QObject {
    Q_OBJECT
private:
    std::filesystem::path m_dir;

private Q_SLOTS:
    void init() {
        m_dir = std::filesystem::temp_directory_path() /
                ("dnshound-store-test-" + std::to_string(QRandomGenerator::global()->generate()));
        std::filesystem::create_directories(m_dir);
    }
    void cleanup() { std::filesystem::remove_all(m_dir); }

    // An analysis written by the first release (schema 1, its DDL verbatim) opens: it is
    // upgraded in place and its alert reads back with the columns added since.
    void schemaOneAnalysisIsUpgradedOnOpen() {
        const std::string path = (m_dir / "v1.sqlite").string();
        writeSchemaOneAnalysis(path, R"sql(
INSERT INTO alerts VALUES(1, 'dga', '10.0.0.5', 'qxkzvb.com', 0.99, 10, 20, 3,
                          '["qxkzvb.com","aqzkx.net","bqzkx.org"]', 'new');
)sql");
        const store::AnalysisReader reader(path);
        const auto alerts = reader.alerts();
        QCOMPARE(alerts.size(), std::size_t{1});
        QCOMPARE(alerts[0].client, std::string("10.0.0.5"));
        QCOMPARE(alerts[0].evidence.size(), std::size_t{3});
        QCOMPARE(alerts[0].scope, std::string());
        store::SqliteConnection check(path, store::SqliteConnection::Mode::ReadOnly);
        QCOMPARE(store::schemaVersion(check), store::kSchemaVersion);
    }

    void writesAndReadsBack() {
        const std::string path = (m_dir / "a.sqlite").string();
        event::NameTable names;
        const auto good = names.intern("example.com");
        const auto bad = names.intern("xkqjzvwp.net");
        config::StoreConfig cfg;
        cfg.transactionRows = 3;  // forces several commits
        {
            store::StoreWriter w(path, cfg, names);
            w.setMeta("model_sha256", "abc");
            const auto ip = *event::IpAddress::parse("10.0.0.5");
            w.addClient(0, ip, "10.0.0.0/24");
            std::vector<event::DnsEvent> evs;
            for (int i = 0; i < 10; ++i) {
                event::DnsEvent e;
                e.client = ip;
                e.timeUs = 1'700'000'000'000'000LL + i * 30'000'000LL;
                e.name = i % 2 ? bad : good;
                e.qtype = 1;
                e.rcode = i % 2 ? event::kRcodeNxDomain : event::kRcodeNoError;
                e.sourceLine = static_cast<std::uint64_t>(i + 1);
                evs.push_back(e);
            }
            std::vector<std::uint32_t> ids(evs.size(), 0);
            w.addEvents(evs, ids);
            w.setScore(bad, 0.97f);
            store::AlertRecord a;
            a.id = 1;
            a.kind = "dga";
            a.client = "10.0.0.5";
            a.domain = "xkqjzvwp.net";
            a.score = 0.97;
            a.count = 1;
            a.evidence = {"xkqjzvwp.net", "quote\"d"};
            w.upsertAlert(a);
            a.count = 5;  // an update replaces, never duplicates
            w.upsertAlert(a);
            w.commitIfDue();
            store::ClientTotals c{0, "10.0.0.5",         "10.0.0.0/24",    10, 5, 2,
                                  1, evs.front().timeUs, evs.back().timeUs};
            std::vector<store::VolumeBucket> vols{{1'699'999'980'000'000LL, 10, 5, 0}};
            store::SourceTotals src;
            src.summary = {"in.log", "heidgaf", 12, 10, 2, 0, 10};
            src.rejectsByReason = {{"bad timestamp", 2}};
            src.samples = {{0, 3, "bad timestamp", "garbage"}};
            w.finish(std::vector<store::SourceTotals>{src}, std::vector<store::ClientTotals>{c},
                     vols);
        }
        store::AnalysisReader r(path);
        const auto alerts = r.alerts();
        QCOMPARE(alerts.size(), std::size_t(1));
        QCOMPARE(alerts[0].count, std::int64_t(5));
        QCOMPARE(alerts[0].evidence.size(), std::size_t(2));
        QCOMPARE(alerts[0].evidence[1], std::string("quote\"d"));
        QCOMPARE(r.meta("model_sha256").value_or(""), std::string("abc"));
        const auto client = r.client("10.0.0.5");
        QVERIFY(client.has_value());
        QCOMPARE(client->queries, std::int64_t(10));
        QCOMPARE(client->dgaNames, std::int64_t(1));
        QCOMPARE(r.clientQueryCount("10.0.0.5"), std::int64_t(10));
        // Keyset paging: two pages of 6 and 4, in order, scores joined in.
        const auto p1 = r.clientQueries("10.0.0.5", 0, 6);
        QCOMPARE(p1.size(), std::size_t(6));
        const auto p2 = r.clientQueries("10.0.0.5", p1.back().rowId, 6);
        QCOMPARE(p2.size(), std::size_t(4));
        QCOMPARE(p1[1].domain, std::string("xkqjzvwp.net"));
        QCOMPARE(p1[1].dgaScore, double(0.97f));
        QCOMPARE(p1[0].dgaScore, -1.0);
        QCOMPARE(p2.back().sourceLine, std::uint64_t(10));
        QCOMPARE(r.volumes().size(), std::size_t(1));
        QCOMPARE(r.sources().at(0).linesRejected, std::int64_t(2));
        QCOMPARE(r.rejectSamples(10).at(0).text, std::string("garbage"));
    }

    void rejectsFilesThatAreNotAnalyses() {
        const std::string path = (m_dir / "other.sqlite").string();
        {
            store::SqliteConnection db(path, store::SqliteConnection::Mode::ReadWriteCreate);
            db.exec("CREATE TABLE t(x)");
        }
        QVERIFY_THROWS_EXCEPTION(store::StoreError, store::AnalysisReader{path});
        QVERIFY_THROWS_EXCEPTION(store::StoreError,
                                 store::AnalysisReader{(m_dir / "missing.sqlite").string()});
    }

    void refusesNewerSchema() {
        const std::string path = (m_dir / "future.sqlite").string();
        {
            store::SqliteConnection db(path, store::SqliteConnection::Mode::ReadWriteCreate);
            db.exec("PRAGMA user_version = 99");
        }
        store::SqliteConnection db(path, store::SqliteConnection::Mode::ReadWriteCreate);
        QVERIFY_THROWS_EXCEPTION(store::StoreError, store::migrate(db));
    }
};

QTEST_APPLESS_MAIN(TestStoreRoundtrip)
#include "test_store_roundtrip.moc"
