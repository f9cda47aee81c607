#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "ui/alerts/alert_table_model.h"
#include "ui/alerts/alerts_view.h"

using dnshound::core::store::AlertRecord;
using dnshound::ui::alerts::AlertTableModel;

namespace {

AlertRecord makeAlert(const std::string& client, const std::string& domain, double score,
                      std::int64_t count = 3, const std::string& kind = "dga") {
    AlertRecord alert;
    alert.kind = kind;
    alert.client = client;
    alert.domain = domain;
    alert.score = score;
    alert.count = count;
    alert.firstSeenUs = 1'795'000'000'000'000 + count * 1'000'000;
    alert.lastSeenUs = alert.firstSeenUs + 60'000'000;
    return alert;
}

QVariant raw(const AlertTableModel& model, int row, int column) {
    return model.data(model.index(row, column), AlertTableModel::RawValueRole);
}

QStringList clients(const AlertTableModel& model) {
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row) {
        out.push_back(raw(model, row, AlertTableModel::Client).toString());
    }
    return out;
}

}  // namespace

class TestAlertTableModel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void passesModelTester();
    void newAlertsAreInsertedNotReset();
    void knownAlertIsUpdatedInPlace();
    void duplicateInOneBatchGivesOneRow();
    void sortsWithTypedComparisons();
    void insertKeepsSortOrder();
    void filtersBySubstring();
    void persistentIndexFollowsSort();
    void millionRowsSortAndFilter();
    void clientColumnFitsTheAddressesShown();
};

void TestAlertTableModel::passesModelTester() {
    AlertTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.upsertAlerts(
        {makeAlert("10.0.0.5", "qxkzvbn.com", 0.9), makeAlert("10.0.0.6", "plmokn.net", 0.8)});
    model.upsertAlerts({makeAlert("10.0.0.5", "qxkzvbn.com", 0.95, 7)});
    model.sort(AlertTableModel::Score, Qt::DescendingOrder);
    model.upsertAlerts({makeAlert("10.0.0.7", "aaaa.org", 0.99)});
    model.setFilterText(QStringLiteral("10.0.0.6"));
    model.upsertAlerts({makeAlert("10.0.0.8", "bbb.org", 0.7)});
    model.setFilterText({});
    std::vector<AlertRecord> many;
    for (int i = 0; i < 200; ++i) {
        many.push_back(makeAlert("10.1.0." + std::to_string(i), "x.com", i / 200.0));
    }
    model.upsertAlerts(many);  // a batch larger than the sorted-insert limit
    QCOMPARE(model.rowCount(), 204);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestAlertTableModel::newAlertsAreInsertedNotReset() {
    AlertTableModel model;
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.upsertAlerts({makeAlert("10.0.0.1", "a.com", 0.9), makeAlert("10.0.0.2", "b.com", 0.8)});
    model.upsertAlerts({makeAlert("10.0.0.3", "c.com", 0.7)});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.totalCount(), 3);
    QVERIFY(inserted.count() >= 2);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(clients(model), (QStringList{QStringLiteral("10.0.0.1"), QStringLiteral("10.0.0.2"),
                                          QStringLiteral("10.0.0.3")}));
    QCOMPARE(model.data(model.index(0, AlertTableModel::Score)).toString(),
             QStringLiteral("0.900"));
    QCOMPARE(model.data(model.index(0, AlertTableModel::Kind)).toString(), QStringLiteral("DGA"));
    QCOMPARE(
        model.data(model.index(0, AlertTableModel::Client), AlertTableModel::ClientRole).toString(),
        QStringLiteral("10.0.0.1"));
}

void TestAlertTableModel::knownAlertIsUpdatedInPlace() {
    AlertTableModel model;
    model.upsertAlerts({makeAlert("10.0.0.1", "a.com", 0.6), makeAlert("10.0.0.2", "b.com", 0.8)});
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.upsertAlerts({makeAlert("10.0.0.1", "z.com", 0.97, 12)});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.front().at(0).toModelIndex().row(), 0);
    QCOMPARE(raw(model, 0, AlertTableModel::Score).toDouble(), 0.97);
    QCOMPARE(raw(model, 0, AlertTableModel::Count).toLongLong(), 12);
    QCOMPARE(raw(model, 0, AlertTableModel::Domain).toString(), QStringLiteral("z.com"));
    // Same client, another kind: a separate alert.
    model.upsertAlerts({makeAlert("10.0.0.1", "t.tunnel.net", 0.9, 40, "tunnel")});
    QCOMPARE(model.rowCount(), 3);
}

void TestAlertTableModel::duplicateInOneBatchGivesOneRow() {
    AlertTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.sort(AlertTableModel::Score, Qt::DescendingOrder);
    model.upsertAlerts({makeAlert("10.0.0.1", "a.com", 0.6), makeAlert("10.0.0.1", "a.com", 0.9),
                        makeAlert("10.0.0.2", "b.com", 0.7)});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(raw(model, 0, AlertTableModel::Score).toDouble(), 0.9);
}

void TestAlertTableModel::sortsWithTypedComparisons() {
    AlertTableModel model;
    model.upsertAlerts(
        {makeAlert("10.0.0.10", "b.com", 0.5, 2), makeAlert("10.0.0.9", "c.com", 0.95, 30),
         makeAlert("2001:db8::1", "a.com", 0.7, 100), makeAlert("9.255.0.1", "d.com", 0.61, 5)});
    model.sort(AlertTableModel::Client, Qt::AscendingOrder);
    QCOMPARE(clients(model),
             (QStringList{QStringLiteral("9.255.0.1"), QStringLiteral("10.0.0.9"),
                          QStringLiteral("10.0.0.10"), QStringLiteral("2001:db8::1")}));
    model.sort(AlertTableModel::Count, Qt::DescendingOrder);  // numeric: 100 > 30 > 5 > 2
    QCOMPARE(raw(model, 0, AlertTableModel::Count).toLongLong(), 100);
    QCOMPARE(raw(model, 3, AlertTableModel::Count).toLongLong(), 2);
    model.sort(AlertTableModel::Score, Qt::AscendingOrder);
    for (int row = 1; row < model.rowCount(); ++row) {
        QVERIFY(raw(model, row - 1, AlertTableModel::Score).toDouble() <=
                raw(model, row, AlertTableModel::Score).toDouble());
    }
    model.sort(AlertTableModel::Domain, Qt::DescendingOrder);
    QCOMPARE(raw(model, 0, AlertTableModel::Domain).toString(), QStringLiteral("d.com"));
}

void TestAlertTableModel::insertKeepsSortOrder() {
    AlertTableModel model;
    model.sort(AlertTableModel::Score, Qt::DescendingOrder);
    model.upsertAlerts({makeAlert("10.0.0.1", "a.com", 0.6), makeAlert("10.0.0.2", "b.com", 0.9)});
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.upsertAlerts({makeAlert("10.0.0.3", "c.com", 0.75)});
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.front().at(1).toInt(), 1);  // between 0.9 and 0.6
    QCOMPARE(clients(model), (QStringList{QStringLiteral("10.0.0.2"), QStringLiteral("10.0.0.3"),
                                          QStringLiteral("10.0.0.1")}));
}

void TestAlertTableModel::filtersBySubstring() {
    AlertTableModel model;
    model.upsertAlerts({makeAlert("10.0.0.1", "QXKZ.example.com", 0.6),
                        makeAlert("10.0.1.2", "b.com", 0.9),
                        makeAlert("192.168.1.1", "t.tunnel.net", 0.9, 3, "tunnel")});
    model.setFilterText(QStringLiteral("qxkz"));  // case-insensitive, on the domain
    QCOMPARE(clients(model), QStringList{QStringLiteral("10.0.0.1")});
    model.setFilterText(QStringLiteral("10.0."));  // on the client
    QCOMPARE(model.rowCount(), 2);
    model.setFilterText(QStringLiteral("TUNNEL"));  // on the kind (and domain)
    QCOMPARE(clients(model), QStringList{QStringLiteral("192.168.1.1")});
    // New alerts respect the filter; the total counts them all.
    model.upsertAlerts({makeAlert("10.9.9.9", "zzz.org", 0.99)});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.totalCount(), 4);
    // An update that stops matching leaves the view.
    model.upsertAlerts({makeAlert("192.168.1.1", "plain.org", 0.9, 3, "tunnel")});
    QCOMPARE(model.rowCount(), 1);  // still matches by kind
    model.setFilterText(QStringLiteral("plain"));
    QCOMPARE(model.rowCount(), 1);
    model.upsertAlerts({makeAlert("192.168.1.1", "other.org", 0.9, 3, "tunnel")});
    QCOMPARE(model.rowCount(), 0);
    model.setFilterText(QString());
    QCOMPARE(model.rowCount(), 4);
}

void TestAlertTableModel::persistentIndexFollowsSort() {
    AlertTableModel model;
    model.upsertAlerts({makeAlert("10.0.0.1", "a.com", 0.1), makeAlert("10.0.0.2", "b.com", 0.9),
                        makeAlert("10.0.0.3", "c.com", 0.5)});
    const QPersistentModelIndex kept(model.index(0, AlertTableModel::Domain));
    model.sort(AlertTableModel::Score, Qt::DescendingOrder);
    QVERIFY(kept.isValid());
    QCOMPARE(kept.row(), 2);
    QCOMPARE(kept.data().toString(), QStringLiteral("a.com"));
}

void TestAlertTableModel::millionRowsSortAndFilter() {
    constexpr int kRows = 1'000'000;
    std::mt19937_64 random(42);  // fixed seed: the same rows on every run
    std::uniform_real_distribution<double> score(0.0, 1.0);
    std::uniform_int_distribution<int> octet(0, 255);
    std::uniform_int_distribution<int> letter('a', 'z');
    std::vector<AlertRecord> alerts;
    alerts.reserve(kRows);
    for (int i = 0; i < kRows; ++i) {
        std::string domain(12, 'a');
        for (char& c : domain) c = static_cast<char>(letter(random));
        AlertRecord alert =
            makeAlert("10." + std::to_string(i / 65536) + "." + std::to_string((i / 256) % 256) +
                          "." + std::to_string(i % 256),
                      domain + ".com", score(random), octet(random));
        alerts.push_back(std::move(alert));
    }
    // What the filter must find, counted independently of the model.
    const auto expectedFiltered = std::count_if(alerts.begin(), alerts.end(), [](const auto& a) {
        return a.client.find("10.7.") != std::string::npos;
    });
    AlertTableModel model;
    QElapsedTimer timer;
    timer.start();
    model.setAlerts(std::move(alerts));
    const qint64 loadMs = timer.restart();
    model.sort(AlertTableModel::Score, Qt::DescendingOrder);
    const qint64 sortScoreMs = timer.restart();
    bool scoresDescend = true;
    for (int row = 1; row < model.rowCount(); ++row) {
        scoresDescend = scoresDescend && model.alertAt(row - 1).score >= model.alertAt(row).score;
    }
    model.sort(AlertTableModel::Client, Qt::AscendingOrder);
    const qint64 sortClientMs = timer.restart();
    model.sort(AlertTableModel::Domain, Qt::AscendingOrder);
    const qint64 sortDomainMs = timer.restart();
    model.setFilterText(QStringLiteral("10.7."));
    const qint64 filterMs = timer.restart();
    const int filtered = model.rowCount();
    model.setFilterText(QStringLiteral("qx"));
    const qint64 filterDomainMs = timer.restart();
    model.setFilterText({});
    const qint64 unfilterMs = timer.restart();
    qInfo(
        "1M alerts: load %lld ms, sort by score %lld ms, by client %lld ms, by domain %lld ms, "
        "filter client '10.7.' %lld ms (%d rows), filter domain 'qx' %lld ms, clear filter "
        "%lld ms",
        loadMs, sortScoreMs, sortClientMs, sortDomainMs, filterMs, filtered, filterDomainMs,
        unfilterMs);

    QCOMPARE(model.rowCount(), kRows);
    QVERIFY(scoresDescend);
    QCOMPARE(filtered, static_cast<int>(expectedFiltered));  // 10.7.*.* and 10.10.7.*
    for (int row = 1; row < model.rowCount(); row += 997) {
        QVERIFY(raw(model, row - 1, AlertTableModel::Domain).toString() <=
                raw(model, row, AlertTableModel::Domain).toString());
    }
}

// IPv4 networks leave the client column's room to the domain; an IPv6 address still fits; a
// width the analyst chose stays.
void TestAlertTableModel::clientColumnFitsTheAddressesShown() {
    AlertTableModel model;
    dnshound::ui::alerts::AlertsView view(&model);
    view.resize(900, 300);
    QHeaderView* header = view.table()->horizontalHeader();
    const QFontMetrics metrics = view.table()->fontMetrics();
    const QString v6 = QStringLiteral("2001:db8:10:1:3146:6b55:f48d:46a2");
    const int v6Width = metrics.horizontalAdvance(v6);
    QVERIFY(header->sectionSize(AlertTableModel::Client) > v6Width);  // before any alert

    model.setAlerts({makeAlert("10.0.3.129", "wnbjkxcykrymdftt.com", 1.0),
                     makeAlert("10.0.2.66", "knmgslpcrhtb.com", 0.99)});
    const int v4Column = header->sectionSize(AlertTableModel::Client);
    QVERIFY2(v4Column < v6Width, qPrintable(QString::number(v4Column)));
    QVERIFY(v4Column > metrics.horizontalAdvance(QStringLiteral("10.0.3.129")));

    model.upsertAlerts({makeAlert(v6.toStdString(), "qxkzvbn.info", 0.98, 4)});
    QVERIFY(header->sectionSize(AlertTableModel::Client) > v6Width);

    header->resizeSection(AlertTableModel::Client, 123);  // the analyst's choice
    model.setAlerts({makeAlert("10.0.0.1", "a.example", 0.9)});
    QCOMPARE(header->sectionSize(AlertTableModel::Client), 123);
}

QTEST_MAIN(TestAlertTableModel)
#include "test_alert_table_model.moc"
