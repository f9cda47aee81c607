// The client list's aggregates (written once at the end of a run) against counts over the raw
// queries, and SortedQueryPager's keyset pages against one ORDER BY over the same rows, for
// every sort order, both directions, with and without a filter.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "core/store/client_list_query.h"
#include "core/store/pager_order_check.h"
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
    auto busiest = db.prepare("SELECT ip FROM clients ORDER BY queries DESC LIMIT 1");
    QVERIFY(busiest.step());
    const std::string ip = busiest.text(0);
    store::SortedQueryPager pager(m_db);
    const QString mismatch = dnshound::test::pagerOrderMismatch(m_db, ip, pager, 97);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

QTEST_APPLESS_MAIN(TestClientAggregates)
#include "test_client_aggregates.moc"
