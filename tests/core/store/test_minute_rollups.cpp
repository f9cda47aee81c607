// StoreWriter counts the dashboards' per-minute rollups (client_minutes, domain_minutes) while it
// writes the queries. They must equal, row for row and in the same order, what a GROUP BY over
// the stored queries gives (how they were computed before).
#include <unistd.h>

#include <QtTest>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/store/sqlite_connection.h"
#include "core/store/store_writer.h"

using namespace dnshound::core;

namespace {

std::vector<std::vector<std::int64_t>> rows(store::SqliteConnection& db, const char* sql) {
    auto st = db.prepare(sql);
    std::vector<std::vector<std::int64_t>> out;
    while (st.step()) {
        std::vector<std::int64_t> row;
        for (int c = 0; c < 4; ++c) row.push_back(st.isNull(c) ? -1 : st.int64(c));
        out.push_back(std::move(row));
    }
    return out;
}

}  // namespace

class TestMinuteRollups : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rollupsMatchGroupBy() {
        const auto dir = std::filesystem::temp_directory_path() /
                         ("dnshound-rollups-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        const std::string path = (dir / "r.sqlite").string();
        event::NameTable names;
        std::vector<event::NameId> ids;
        for (int i = 0; i < 40; ++i) ids.push_back(names.intern("n" + std::to_string(i) + ".test"));
        config::StoreConfig cfg;
        cfg.transactionRows = 500;
        std::mt19937_64 rng(7);
        std::int64_t expectedRows = 0;
        {
            store::StoreWriter w(path, cfg, names);
            for (int batch = 0; batch < 30; ++batch) {
                std::vector<event::DnsEvent> evs;
                std::vector<std::uint32_t> clients;
                // Runs of one client, times spread over ~20 minutes around a base, some of
                // them before 1970 (negative: the division rounds towards zero).
                const std::uint32_t client = static_cast<std::uint32_t>(rng() % 6);
                const std::int64_t base = batch % 5 == 0 ? -90'000'000 : 1'700'000'000'000'000LL;
                for (int i = 0; i < 100; ++i) {
                    event::DnsEvent e;
                    e.timeUs = base + static_cast<std::int64_t>(rng() % 1'200'000'000ULL);
                    e.name = ids[rng() % ids.size()];
                    e.rcode = rng() % 3 == 0 ? event::kRcodeNxDomain : 0;
                    evs.push_back(e);
                    clients.push_back(i % 17 == 16 ? client + 1 : client);
                }
                w.addEvents(evs, clients);
                w.commitIfDue();
                expectedRows += static_cast<std::int64_t>(evs.size());
            }
            w.finish({}, {}, {});
        }
        store::SqliteConnection db(path, store::SqliteConnection::Mode::ReadOnly);
        QCOMPARE(rows(db, "SELECT count(*), 0, 0, 0 FROM queries")[0][0], expectedRows);
        const auto clientMinutes =
            rows(db, "SELECT minute_us, client_id, queries, nxdomain FROM client_minutes");
        const auto clientGroupBy =
            rows(db,
                 "SELECT time_us / 60000000 * 60000000, client_id, count(*), sum(rcode = 3) "
                 "FROM queries GROUP BY 1, 2");
        QVERIFY(clientMinutes.size() > 30);
        QCOMPARE(clientMinutes, clientGroupBy);
        const auto domainMinutes =
            rows(db, "SELECT minute_us, domain_id, queries, 0 FROM domain_minutes");
        const auto domainGroupBy = rows(
            db,
            "SELECT time_us / 60000000 * 60000000, domain_id, count(*), 0 FROM queries GROUP BY "
            "1, 2");
        QVERIFY(domainMinutes.size() > 100);
        QCOMPARE(domainMinutes, domainGroupBy);
        std::filesystem::remove_all(dir);
    }

    void noQueriesNoRollups() {
        const auto dir = std::filesystem::temp_directory_path() /
                         ("dnshound-rollups-nq-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        const std::string path = (dir / "r.sqlite").string();
        event::NameTable names;
        config::StoreConfig cfg;
        cfg.storeQueries = false;
        {
            store::StoreWriter w(path, cfg, names);
            event::DnsEvent e;
            e.timeUs = 1'700'000'000'000'000LL;
            e.name = names.intern("a.test");
            const std::vector<event::DnsEvent> evs{e};
            const std::vector<std::uint32_t> clients{0};
            w.addEvents(evs, clients);
            w.finish({}, {}, {});
        }
        store::SqliteConnection db(path, store::SqliteConnection::Mode::ReadOnly);
        QCOMPARE(rows(db, "SELECT count(*), 0, 0, 0 FROM client_minutes")[0][0], std::int64_t(0));
        QCOMPARE(rows(db, "SELECT count(*), 0, 0, 0 FROM domain_minutes")[0][0], std::int64_t(0));
        std::filesystem::remove_all(dir);
    }
};

QTEST_APPLESS_MAIN(TestMinuteRollups)
#include "test_minute_rollups.moc"
