// The client list's aggregates (written once at the end of a run) against counts over the raw
// queries, and SortedQueryPager's keyset pages against one ORDER BY over the same rows, for
// every sort order, both directions, with and without a filter.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <map>

#include "core/search/search_query.h"
#include "core/search/sql_filter.h"
#include "core/store/client_list_query.h"
#include "core/store/sorted_query_pager.h"
#include "core/store/sqlite_connection.h"

using namespace dnshound::core;

namespace {

bool cli(const QStringList& args) {
    QProcess p;
    p.start(QString::fromUtf8(DNSHOUND_CLI), args);
    return p.waitForFinished(50'000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

}  // namespace

class TestClientAggregates final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void clientAggregatesMatchQueries();
    void sortedPagesMatchOrderBy();

private:
    QTemporaryDir m_dir;
    std::string m_db;
};

void TestClientAggregates::initTestCase() {
    QVERIFY(m_dir.isValid());
    const QString log = m_dir.filePath(QStringLiteral("sample.log"));
    m_db = m_dir.filePath(QStringLiteral("sample.sqlite")).toStdString();
    QVERIFY(cli({QStringLiteral("generate-sample"), QStringLiteral("--out"), log}));
    QVERIFY(cli({QStringLiteral("analyze"), QStringLiteral("--input"), log, QStringLiteral("--db"),
                 QString::fromStdString(m_db), QStringLiteral("--quiet")}));
}

void TestClientAggregates::clientAggregatesMatchQueries() {
    store::ClientListQuery list(m_db);
    const auto clients = list.page(store::ClientListQuery::Order::Queries, true, 0, 1000);
    QCOMPARE(static_cast<std::int64_t>(clients.size()), list.count());
    QVERIFY(clients.size() > 10);
    store::SqliteConnection db(m_db, store::SqliteConnection::Mode::ReadOnly);
    auto st = db.prepare(
        "SELECT count(*), count(DISTINCT q.domain_id), sum(q.rcode = 3), min(q.time_us), "
        "max(q.time_us), coalesce(max(s.dga_score), -1) FROM queries q "
        "LEFT JOIN domain_scores s ON s.domain_id = q.domain_id "
        "WHERE q.client_id = (SELECT id FROM clients WHERE ip = ?)");
    auto kinds = db.prepare("SELECT DISTINCT kind FROM alerts WHERE client = ? ORDER BY kind");
    int alerted = 0;
    for (std::size_t i = 0; i < clients.size(); ++i) {
        const auto& c = clients[i];
        if (i > 0) QVERIFY(clients[i - 1].queries >= c.queries);
        st.bind(1, std::string_view(c.ip));
        QVERIFY(st.step());
        QCOMPARE(c.queries, st.int64(0));
        QCOMPARE(c.distinctNames, st.int64(1));
        QCOMPARE(c.nxdomain, st.int64(2));
        QCOMPARE(c.firstSeenUs, st.int64(3));
        QCOMPARE(c.lastSeenUs, st.int64(4));
        QVERIFY2(std::abs(c.maxScore - st.real(5)) < 1e-6, c.ip.c_str());
        st.reset();
        std::vector<std::string> expected;
        kinds.bind(1, std::string_view(c.ip));
        while (kinds.step()) expected.push_back(kinds.text(0));
        kinds.reset();
        QCOMPARE(c.alertKinds, expected);
        alerted += !expected.empty();
    }
    QVERIFY(alerted > 0);  // the sample scenario has infected clients
    const auto byScore = list.page(store::ClientListQuery::Order::MaxScore, true, 0, 3);
    QCOMPARE(byScore.size(), std::size_t(3));
    QVERIFY(byScore[0].maxScore >= byScore[1].maxScore);
}

void TestClientAggregates::sortedPagesMatchOrderBy() {
    store::SqliteConnection db(m_db, store::SqliteConnection::Mode::ReadOnly);
    auto busiest = db.prepare("SELECT ip, id FROM clients ORDER BY queries DESC LIMIT 1");
    QVERIFY(busiest.step());
    const std::string ip = busiest.text(0);
    const std::int64_t id = busiest.int64(1);
    using Order = store::SortedQueryPager::Order;
    const std::map<Order, std::vector<std::string>> keys{
        {Order::Time, {"q.rowid"}},
        {Order::Type, {"q.qtype", "q.rowid"}},
        {Order::Rcode, {"q.rcode", "q.rowid"}},
        {Order::Size, {"q.response_bytes", "q.rowid"}},
        {Order::Source, {"q.source_id", "q.source_line", "q.rowid"}},
        {Order::Domain, {"d.name", "q.domain_id", "q.rowid"}},
        {Order::DgaScore, {"coalesce(s.dga_score, -1)", "q.domain_id", "q.rowid"}}};
    store::SortedQueryPager pager(m_db);
    for (const bool filtered : {false, true}) {
        search::SqlFilter filter;
        if (filtered) {
            const auto parsed = search::SearchQuery::parse("rcode:NXDOMAIN");
            QVERIFY(!parsed.error);
            QVERIFY(!search::compileSql(parsed.query, search::queryTableColumns(), filter));
        }
        for (const auto& [order, key] : keys) {
            for (const bool descending : {false, true}) {
                std::string by;
                for (const std::string& term : key)
                    by += (by.empty() ? "" : ", ") + term + (descending ? " DESC" : "");
                auto ref = db.prepare(
                    "SELECT q.rowid FROM queries q LEFT JOIN domains d ON d.id = q.domain_id "
                    "LEFT JOIN domain_scores s ON s.domain_id = q.domain_id WHERE q.client_id = "
                    "?" +
                    std::string(filtered ? " AND q.rcode = 3" : "") + " ORDER BY " + by);
                ref.bind(1, id);
                std::vector<std::int64_t> expected;
                while (ref.step()) expected.push_back(ref.int64(0));
                QVERIFY(expected.size() > 50);
                const auto names = pager.domainOrder(ip, order, descending);
                store::QueryCursor cursor;
                std::vector<std::int64_t> got;
                for (int guard = 0; guard < 100000; ++guard) {
                    const auto page = pager.page(ip, order, descending, filter, names, cursor, 97);
                    for (const auto& row : page) got.push_back(row.rowId);
                    if (page.size() < 97) break;
                }
                QVERIFY2(got == expected,
                         qPrintable(QStringLiteral("order %1 %2 %3: %4 vs %5 rows")
                                        .arg(static_cast<int>(order))
                                        .arg(QLatin1String(descending ? "desc" : "asc"))
                                        .arg(QLatin1String(filtered ? "filtered" : "all"))
                                        .arg(got.size())
                                        .arg(expected.size())));
            }
        }
    }
}

QTEST_APPLESS_MAIN(TestClientAggregates)
#include "test_client_aggregates.moc"
