#include <QtTest>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "core/store/sqlite_connection.h"
#include "core/store/store_error.h"
#include "core/store/triage_store.h"
#include "schema_one_analysis.h"

using namespace dnshound::core;

namespace {

// An analysis file of the first schema with two alerts; TriageStore brings it up to date.
void writeAnalysis(const std::string& path) {
    writeSchemaOneAnalysis(path, R"sql(
INSERT INTO alerts VALUES(1, 'dga', '10.0.0.5', 'qxkzvb.com', 0.99, 10, 20, 3, '[]', 'new');
INSERT INTO alerts VALUES(2, 'tunnel', '10.0.0.6', 't.example', 0.97, 10, 20, 40, '[]', 'new');
)sql");
}

}  // namespace

class TestTriageStore : public QObject {
    Q_OBJECT
private:
    std::filesystem::path m_dir;
    std::string m_path;

private Q_SLOTS:
    void init() {
        m_dir = std::filesystem::temp_directory_path() /
                ("dnshound-triage-test-" + std::to_string(QRandomGenerator::global()->generate()));
        std::filesystem::create_directories(m_dir);
        m_path = (m_dir / "a.sqlite").string();
        writeAnalysis(m_path);
    }
    void cleanup() { std::filesystem::remove_all(m_dir); }

    void statesAreLoggedOnlyWhenTheyChange() {
        store::TriageStore triage(m_path);
        QCOMPARE(triage.state(1), std::string("new"));
        QCOMPARE(triage.setState(1, "acknowledged", "ana", 100), std::string("new"));
        QCOMPARE(triage.setState(1, "acknowledged", "ana", 200), std::string("acknowledged"));
        QCOMPARE(triage.setState(1, "false_positive", "bo", 300), std::string("acknowledged"));
        QCOMPARE(triage.state(1), std::string("false_positive"));
        QCOMPARE(triage.state(2), std::string("new"));

        const auto log = triage.changes(1);
        QCOMPARE(log.size(), std::size_t{2});
        QCOMPARE(log[0].fromState, std::string("new"));
        QCOMPARE(log[0].toState, std::string("acknowledged"));
        QCOMPARE(log[0].author, std::string("ana"));
        QCOMPARE(log[0].timeUs, std::int64_t{100});
        QCOMPARE(log[1].fromState, std::string("acknowledged"));
        QCOMPARE(log[1].toState, std::string("false_positive"));
        QCOMPARE(log[1].author, std::string("bo"));
        QVERIFY(triage.changes(2).empty());

        // A second connection (another thread, a later session) sees the same.
        const store::TriageStore again(m_path);
        QCOMPARE(again.state(1), std::string("false_positive"));
        QCOMPARE(again.changes(1).size(), std::size_t{2});
    }

    void notesKeepTheirOrderAndCounts() {
        store::TriageStore triage(m_path);
        const auto first = triage.addNote(2, "ana", "seen on the proxy too", 10);
        const auto second = triage.addNote(2, "bo", "ticket 4711", 20);
        triage.addNote(1, "ana", "known scanner", 30);
        QVERIFY(second.id > first.id);
        const auto notes = triage.notes(2);
        QCOMPARE(notes.size(), std::size_t{2});
        QCOMPARE(notes[0].text, std::string("seen on the proxy too"));
        QCOMPARE(notes[1].author, std::string("bo"));
        QCOMPARE(notes[1].alertId, std::int64_t{2});
        const auto counts = triage.noteCounts();
        QCOMPARE(counts.size(), std::size_t{2});
        QCOMPARE(counts[0], (std::pair<std::int64_t, std::int64_t>{1, 1}));
        QCOMPARE(counts[1], (std::pair<std::int64_t, std::int64_t>{2, 2}));
    }

    void badRequestsAreRefusedAndChangeNothing() {
        store::TriageStore triage(m_path);
        QVERIFY_THROWS_EXCEPTION(store::StoreError, triage.setState(1, "closed", "ana", 1));
        QVERIFY_THROWS_EXCEPTION(store::StoreError, triage.setState(99, "escalated", "ana", 1));
        QVERIFY_THROWS_EXCEPTION(store::StoreError, triage.addNote(1, "ana", " \n\t", 1));
        QVERIFY_THROWS_EXCEPTION(store::StoreError, triage.addNote(99, "ana", "text", 1));
        QCOMPARE(triage.state(1), std::string("new"));
        QVERIFY(triage.changes(1).empty());
        QVERIFY(triage.noteCounts().empty());

        QVERIFY_THROWS_EXCEPTION(store::StoreError,
                                 store::TriageStore((m_dir / "missing.sqlite").string()));
        QVERIFY(!std::filesystem::exists(m_dir / "missing.sqlite"));
        const auto notAnalysis = (m_dir / "notes.txt").string();
        std::ofstream(notAnalysis) << "not a database\n";
        QVERIFY_THROWS_EXCEPTION(std::exception, store::TriageStore{notAnalysis});
    }

    // The first sort of a big client builds an index in the file and holds its write lock for
    // many seconds. A triage write made meanwhile waits for it instead of failing after
    // SQLite's usual 5 s: here another connection holds the lock for 6 s.
    void aWriteWaitsOutALongWriter() {
        store::TriageStore triage(m_path);  // migrated before the lock is taken
        std::promise<void> locked;
        std::thread writer([&] {
            store::SqliteConnection db(m_path, store::SqliteConnection::Mode::ReadWrite);
            db.exec("BEGIN IMMEDIATE");
            db.exec("CREATE TABLE busy(x)");
            locked.set_value();
            std::this_thread::sleep_for(std::chrono::seconds(6));
            db.exec("COMMIT");
        });
        locked.get_future().wait();
        const auto start = std::chrono::steady_clock::now();
        std::string before;
        try {
            before = triage.setState(2, "escalated", "ana", 5);
        } catch (const std::exception& error) {
            writer.join();
            QFAIL(error.what());
        }
        const auto waited = std::chrono::steady_clock::now() - start;
        writer.join();
        QCOMPARE(before, std::string("new"));
        QCOMPARE(triage.state(2), std::string("escalated"));
        QVERIFY(waited > std::chrono::seconds(5));  // it did wait for the other writer
    }
};

QTEST_APPLESS_MAIN(TestTriageStore)
#include "test_triage_store.moc"
