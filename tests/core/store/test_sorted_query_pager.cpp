// SortedQueryPager's keyset pages against one ORDER BY over the same rows, for every order, both
// directions, with and without a filter: for a big client (its sort indexes built by its first
// sort of each kind) and a small one (sorted in memory, no index built for it). And the writer's
// Private mode: nothing under the name until finish(), a complete WAL file after it, and no file
// at all from a writer that never finished.
#include <unistd.h>

#include <QtTest>

#include <filesystem>
#include <string>
#include <vector>

#include "core/store/query_sort_index.h"
#include "core/store/sorted_query_pager.h"
#include "core/store/sqlite_connection.h"
#include "core/store/store_writer.h"
#include "pager_order_check.h"

using namespace dnshound::core;
using Order = store::SortedQueryPager::Order;

namespace {

constexpr std::int64_t kIndexedRows = 1000;   // the pager's big-client threshold in this test
const std::string kBigClient = "10.0.0.1";    // 2,400 rows
const std::string kSmallClient = "10.0.0.2";  // 240 rows

// Two clients over 60 names (a third of them scored), rows interleaved in runs.
void writeAnalysis(const std::string& path, store::StoreWriter::WriteMode mode) {
    event::NameTable names;
    std::vector<event::NameId> ids;
    for (int i = 0; i < 60; ++i)
        ids.push_back(names.intern("h" + std::to_string((i * 37) % 60) + ".example.com"));
    config::StoreConfig cfg;
    cfg.transactionRows = 700;
    store::StoreWriter w(path, cfg, names, mode);
    w.addClient(0, *event::IpAddress::parse(kBigClient), "10.0.0.0/24");
    w.addClient(1, *event::IpAddress::parse(kSmallClient), "10.0.0.0/24");
    for (std::size_t i = 0; i < ids.size(); i += 3)
        w.setScore(ids[i], static_cast<float>((i * 13) % 60) / 60.0f);
    std::int64_t row = 0;
    std::int64_t counts[2] = {0, 0};
    for (int batch = 0; batch < 24; ++batch) {
        std::vector<event::DnsEvent> evs;
        std::vector<std::uint32_t> clients;
        for (int i = 0; i < 110; ++i, ++row) {
            event::DnsEvent e;
            e.timeUs = 1'700'000'000'000'000LL + row * 1000;
            e.name = ids[static_cast<std::size_t>(row * 7919) % ids.size()];
            e.qtype = row % 3 == 0 ? 28 : (row % 5 == 0 ? 16 : 1);
            e.rcode = row % 4 == 0 ? 3 : 0;
            e.responseBytes = static_cast<std::uint32_t>(40 + (row * 31) % 97);
            e.sourceId = static_cast<std::uint32_t>(row % 2);
            e.sourceLine = static_cast<std::uint64_t>(1000 - row % 1000);
            evs.push_back(e);
            const std::uint32_t client = i < 100 ? 0 : 1;
            clients.push_back(client);
            ++counts[client];
        }
        w.addEvents(evs, clients);
        w.commitIfDue();
    }
    std::vector<store::ClientTotals> totals(2);
    totals[0] = {0, kBigClient, "10.0.0.0/24", counts[0]};
    totals[1] = {1, kSmallClient, "10.0.0.0/24", counts[1]};
    w.finish({}, totals, {});
}

std::vector<std::string> indexNames(const std::string& path) {
    store::SqliteConnection db(path, store::SqliteConnection::Mode::ReadOnly);
    auto st = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name");
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.text(0));
    return out;
}

bool has(const std::vector<std::string>& list, std::string_view name) {
    return std::find(list.begin(), list.end(), name) != list.end();
}

}  // namespace

class TestSortedQueryPager : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void smallClientSortsWithoutIndexes();
    void bigClientBuildsIndexesAndPagesMatchOrderBy();
    void privateWriteAppearsOnlyWhenFinished();

private:
    void comparePages(const std::string& ip, store::SortedQueryPager& pager);

    std::filesystem::path m_dir;
    std::string m_path;
};

void TestSortedQueryPager::initTestCase() {
    m_dir =
        std::filesystem::temp_directory_path() / ("dnshound-pager-" + std::to_string(::getpid()));
    std::filesystem::create_directories(m_dir);
    m_path = (m_dir / "p.sqlite").string();
    writeAnalysis(m_path, store::StoreWriter::WriteMode::Shared);
}

void TestSortedQueryPager::cleanupTestCase() {
    std::filesystem::remove_all(m_dir);
}

void TestSortedQueryPager::comparePages(const std::string& ip, store::SortedQueryPager& pager) {
    const QString mismatch = dnshound::test::pagerOrderMismatch(m_path, ip, pager, 37);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

void TestSortedQueryPager::smallClientSortsWithoutIndexes() {
    const auto before = indexNames(m_path);
    QVERIFY(has(before, "queries_by_client"));
    QVERIFY(has(before, "queries_by_domain"));
    for (const Order order : {Order::Domain, Order::Type, Order::Rcode, Order::Size, Order::Source})
        QVERIFY(!has(before, store::querySortIndexName(order)));
    store::SortedQueryPager pager(m_path, kIndexedRows);
    comparePages(kSmallClient, pager);
    QCOMPARE(indexNames(m_path), before);
}

void TestSortedQueryPager::bigClientBuildsIndexesAndPagesMatchOrderBy() {
    store::SortedQueryPager pager(m_path, kIndexedRows);
    QVERIFY(!pager.hasSortIndex(Order::Size));
    comparePages(kBigClient, pager);
    const auto after = indexNames(m_path);
    for (const Order order :
         {Order::Domain, Order::Type, Order::Rcode, Order::Size, Order::Source}) {
        QVERIFY(has(after, store::querySortIndexName(order)));
        QVERIFY(pager.hasSortIndex(order));
    }
    // The small client's pages now walk the same indexes, and still match.
    comparePages(kSmallClient, pager);
}

void TestSortedQueryPager::privateWriteAppearsOnlyWhenFinished() {
    const std::string path = (m_dir / "private.sqlite").string();
    {
        event::NameTable names;
        config::StoreConfig cfg;
        store::StoreWriter w(path, cfg, names, store::StoreWriter::WriteMode::Private);
        w.setMeta("k", "v");
        w.commitIfDue();
        QVERIFY(!std::filesystem::exists(path));
        // Destroyed unfinished: nothing is left, under the name or beside it.
    }
    QVERIFY(!std::filesystem::exists(path));
    for (const auto& entry : std::filesystem::directory_iterator(m_dir))
        QVERIFY2(entry.path().filename().string().rfind("private", 0) != 0,
                 entry.path().string().c_str());

    writeAnalysis(path, store::StoreWriter::WriteMode::Private);
    QVERIFY(std::filesystem::exists(path));
    QVERIFY(!std::filesystem::exists(path + ".partial"));
    store::SqliteConnection db(path, store::SqliteConnection::Mode::ReadOnly);
    auto mode = db.prepare("PRAGMA journal_mode");
    QVERIFY(mode.step());
    QCOMPARE(mode.text(0), std::string("wal"));
    auto count = db.prepare("SELECT count(*) FROM queries");
    QVERIFY(count.step());
    QCOMPARE(count.int64(0), std::int64_t(24 * 110));
    // Sorts work on it as on a shared one (the big client builds its index here too).
    store::SortedQueryPager pager(path, kIndexedRows);
    store::QueryCursor cursor;
    const auto page = pager.page(kBigClient, Order::Size, false, {}, {}, cursor, 50);
    QCOMPARE(page.size(), std::size_t(50));
    QVERIFY(pager.hasSortIndex(Order::Size));
}

QTEST_APPLESS_MAIN(TestSortedQueryPager)
#include "test_sorted_query_pager.moc"
