#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

#include "core/event/dns_event.h"
#include "core/store/analysis_reader.h"
#include "core/store/sqlite_connection.h"
#include "ui/alerts/alert_table_model.h"
#include "ui/alerts/alerts_view.h"
#include "ui/client/client_query_model.h"
#include "ui/client/client_view.h"
#include "ui/dashboards/alerts_dashboard.h"
#include "ui/dashboards/latency_dashboard.h"
#include "ui/dashboards/log_volume_dashboard.h"
#include "ui/dashboards/overview_dashboard.h"
#include "ui/dashboards/time_range.h"
#include "ui/dashboards/time_range_bar.h"
#include "ui/main_window.h"
#include "ui/plot/custom_plot.h"
#include "ui/plot/plot_interaction.h"
#include "ui/ui_test_support.h"

using dnshound::ui::MainWindow;
using dnshound::ui::alerts::AlertTableModel;
using dnshound::ui::client::ClientQueryModel;
using dnshound::ui::dashboards::LogVolumeDashboard;
using dnshound::ui::dashboards::OverviewDashboard;
namespace store = dnshound::core::store;

using dnshound::test::artifact;

namespace {

constexpr int kAnalysisTimeoutMs = 120'000;
constexpr int kReadTimeoutMs = 20'000;
constexpr int kSampleLogs = 4;

std::int64_t scalar(const QString& db, const std::string& sql, std::int64_t a = 0,
                    std::int64_t b = 0) {
    store::SqliteConnection connection(db.toStdString(), store::SqliteConnection::Mode::ReadOnly);
    auto st = connection.prepare(sql);
    if (sql.find('?') != std::string::npos) st.bind(1, a).bind(2, b);
    return st.step() ? st.int64(0) : -1;
}

// A left-button drag as QCustomPlot sees it from a user.
void drag(QWidget* widget, QPoint from, QPoint to) {
    const auto send = [widget](QEvent::Type type, QPoint pos, Qt::MouseButtons buttons) {
        QMouseEvent event(type, QPointF(pos), QPointF(widget->mapToGlobal(pos)), Qt::LeftButton,
                          buttons, Qt::NoModifier);
        QApplication::sendEvent(widget, &event);
    };
    send(QEvent::MouseButtonPress, from, Qt::LeftButton);
    send(QEvent::MouseMove, (from + to) / 2, Qt::LeftButton);
    send(QEvent::MouseMove, to, Qt::LeftButton);
    send(QEvent::MouseButtonRelease, to, Qt::NoButton);
}

}  // namespace

class TestDashboards final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void overviewMatchesStore();
    void latencies();
    void logVolumes();
    void alertsDashboard();
    void timeRangeFiltersEveryView();
    void searchBoxes();
    void darkPalette();

private:
    void show(QWidget* page);

    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    QString m_db;
    std::int64_t m_queries = 0;
    std::int64_t m_alerts = 0;
};

void TestDashboards::initTestCase() {
    QVERIFY(m_dir.isValid());
    // A few sample logs, so the run lasts several stage-sample periods (a quarter second each)
    // and the run-time plots have a series to draw.
    QStringList logs;
    for (int seed = 3; seed < 3 + kSampleLogs; ++seed) {
        const QString log = m_dir.filePath(QStringLiteral("sample-%1.log").arg(seed));
        QProcess cli;
        cli.start(QStringLiteral(DNSHOUND_CLI),
                  {QStringLiteral("generate-sample"), QStringLiteral("--out"), log,
                   QStringLiteral("--seed"), QString::number(seed)});
        QVERIFY(cli.waitForFinished(60'000));
        QCOMPARE(cli.exitCode(), 0);
        logs.push_back(log);
    }
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1400, 900);
    m_window->show();
    QSignalSpy shown(m_window.get(), &MainWindow::analysisShown);
    QSignalSpy failed(m_window.get(), &MainWindow::analysisFailed);
    m_window->openInputs(logs);
    QTRY_VERIFY_WITH_TIMEOUT(shown.count() == 1 || failed.count() > 0, kAnalysisTimeoutMs);
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
    m_db = m_window->analysisPath();
    // The store's totals, read independently of the dashboard queries.
    m_queries = scalar(m_db, "SELECT count(*) FROM queries");
    m_alerts = static_cast<std::int64_t>(store::AnalysisReader(m_db.toStdString()).alerts().size());
    QVERIFY(m_queries > 0);
    QVERIFY(m_alerts > 0);
}

void TestDashboards::cleanupTestCase() {
    m_window.reset();
}

void TestDashboards::show(QWidget* page) {
    m_window->tabs()->setCurrentWidget(page);
    QTest::qWait(120);  // layout, the coalesced replot
}

void TestDashboards::overviewMatchesStore() {
    OverviewDashboard* overview = m_window->overview();
    show(overview);
    QCOMPARE(static_cast<std::int64_t>(overview->seriesSum(OverviewDashboard::Queries)), m_queries);
    QCOMPARE(static_cast<std::int64_t>(overview->seriesSum(OverviewDashboard::Alerts)), m_alerts);
    QVERIFY(overview->pointCount(OverviewDashboard::NxdomainRate) > 1);
    // Top clients: the first is the client that sent the most queries.
    const auto& top = overview->data().topClients;
    QVERIFY(!top.empty());
    QCOMPARE(top.front().count, scalar(m_db,
                                       "SELECT max(n) FROM (SELECT count(*) AS n FROM "
                                       "queries GROUP BY client_id)"));
    QCOMPARE(overview->data().topDomains.front().count,
             scalar(m_db,
                    "SELECT max(n) FROM (SELECT count(*) AS n FROM queries "
                    "GROUP BY domain_id)"));
    // Pipeline health: every stage, and the store wrote every query.
    QStandardItemModel* health = overview->healthModel();
    QVERIFY(health->rowCount() >= 5);
    bool storeFound = false;
    for (int row = 0; row < health->rowCount(); ++row) {
        if (health->item(row, 0)->text() == QLatin1String("store")) {
            storeFound = true;
            QCOMPARE(health->item(row, 1)->data(Qt::UserRole).toLongLong(), m_queries);
        }
    }
    QVERIFY(storeFound);
    // Hovering the busiest bucket shows its exact count.
    const auto& buckets = overview->data().volumes.buckets;
    const auto busiest = std::max_element(buckets.begin(), buckets.end(),
                                          [](auto& a, auto& b) { return a.queries < b.queries; });
    QCustomPlot* plot = overview->plot();
    QCPAxisRect* rect = plot->axisRects().front();
    const QPoint at(
        static_cast<int>(rect->axis(QCPAxis::atBottom)
                             ->coordToPixel(static_cast<double>(busiest->minuteUs) / 1e6)),
        rect->center().y());
    const QString tip = overview->interaction()->textAt(at);
    QVERIFY2(tip.contains(QLocale().toString(static_cast<qlonglong>(busiest->queries))),
             qPrintable(tip));
    QVERIFY2(tip.contains(QLatin1String("UTC")), qPrintable(tip));
    QVERIFY(m_window->grab().save(artifact(QStringLiteral("overview.png"))));
}

void TestDashboards::latencies() {
    auto* latencies = m_window->latencyDashboard();
    show(latencies);
    const auto& series = latencies->data().series;
    QStringList stages;
    for (const auto& stage : series.stages) {
        stages.push_back(QString::fromStdString(stage.stage));
        QVERIFY(!stage.points.empty());
        for (const auto& point : stage.points) QVERIFY(point.p95Us >= point.medianUs);
    }
    for (const char* expected : {"collector", "prefilter", "store"}) {
        QVERIFY2(stages.contains(QLatin1String(expected)), qPrintable(stages.join(u',')));
    }
    // Two lines per stage, and one comparison group per stage.
    QCOMPARE(latencies->timePlot()->graphCount(), 2 * static_cast<int>(series.stages.size()));
    QCOMPARE(latencies->data().comparison.size(), series.stages.size());
    QVERIFY(latencies->comparisonPlot()->plottableCount() == 3);
    QVERIFY(m_window->grab().save(artifact(QStringLiteral("latencies.png"))));
}

void TestDashboards::logVolumes() {
    auto* volumes = m_window->logVolumeDashboard();
    show(volumes);
    // Every event the collector parsed was stored; the prefilter dropped some but not all.
    QCOMPARE(volumes->flowTotal(LogVolumeDashboard::Entering), m_queries);
    QCOMPARE(volumes->flowTotal(LogVolumeDashboard::Processed), m_queries);
    QVERIFY(volumes->flowTotal(LogVolumeDashboard::Filtered) > 0);
    QVERIFY(volumes->flowTotal(LogVolumeDashboard::Filtered) < m_queries);
    QCOMPARE(volumes->data().series.linesTotal,
             scalar(m_db, "SELECT sum(lines_total) FROM sources"));
    QVERIFY(volumes->fillPlot()->graphCount() >= 4);
    QVERIFY(m_window->grab().save(artifact(QStringLiteral("log_volumes.png"))));
}

void TestDashboards::alertsDashboard() {
    auto* alerts = m_window->alertsDashboard();
    show(alerts);
    QCOMPARE(static_cast<std::int64_t>(alerts->plottedAlerts()), m_alerts);
    QCOMPARE(static_cast<std::int64_t>(alerts->plottedHistogram()), m_alerts);
    QVERIFY(!alerts->data().topClients.empty());
    QCOMPARE(alerts->data().topClients.front().count,
             scalar(m_db, "SELECT max(n) FROM (SELECT count(*) AS n FROM alerts GROUP BY client)"));
    QVERIFY(m_window->grab().save(artifact(QStringLiteral("alerts_dashboard.png"))));
}

void TestDashboards::timeRangeFiltersEveryView() {
    OverviewDashboard* overview = m_window->overview();
    show(overview);
    auto* range = m_window->timeRange();
    QVERIFY(!range->isSet());
    QVERIFY(!m_window->timeRangeBar()->resetButton()->isEnabled());
    // Drag across the middle of the queries plot.
    QCustomPlot* plot = overview->plot();
    const QRect area = plot->axisRects().front()->rect();
    QSignalSpy reloaded(overview, &OverviewDashboard::loaded);
    QSignalSpy alertsReloaded(m_window->alertsDashboard(),
                              &dnshound::ui::dashboards::AlertsDashboard::loaded);
    drag(plot, QPoint(area.left() + area.width() / 4, area.center().y()),
         QPoint(area.left() + area.width() * 3 / 5, area.center().y()));
    QVERIFY(range->isSet());
    QTRY_VERIFY_WITH_TIMEOUT(reloaded.count() >= 1 && alertsReloaded.count() >= 1, kReadTimeoutMs);
    QTest::qWait(120);
    QVERIFY(m_window->timeRangeBar()->resetButton()->isEnabled());
    QVERIFY(m_window->timeRangeBar()->label()->text().contains(QLatin1String("UTC")));
    // The overview counts the minutes the range touches (volumes are per minute).
    constexpr std::int64_t kMinuteUs = 60'000'000;
    const std::int64_t from = range->fromUs() - range->fromUs() % kMinuteUs;
    const std::int64_t inRange =
        scalar(m_db,
               "SELECT count(*) FROM queries WHERE time_us / 60000000 * 60000000 >= ? AND "
               "time_us / 60000000 * 60000000 < ?",
               from, range->toUs());
    QVERIFY(inRange > 0 && inRange < m_queries);
    QCOMPARE(static_cast<std::int64_t>(overview->seriesSum(OverviewDashboard::Queries)), inRange);
    // Alerts: the table and the dashboard hold the alerts raised in the range.
    const std::int64_t alertsInRange =
        scalar(m_db, "SELECT count(*) FROM alerts WHERE first_seen_us >= ? AND first_seen_us < ?",
               range->fromUs(), range->toUs());
    QCOMPARE(static_cast<std::int64_t>(m_window->alertModel()->rowCount()), alertsInRange);
    QCOMPARE(static_cast<std::int64_t>(m_window->alertsDashboard()->plottedAlerts()),
             alertsInRange);
    QVERIFY(m_window->grab().save(artifact(QStringLiteral("time_range.png"))));
    show(m_window->alertsDashboard());
    QVERIFY(m_window->grab().save(artifact(QStringLiteral("time_range_alerts.png"))));

    // A client opened now lists only its queries in the range.
    const QString ip =
        QString::fromStdString(store::AnalysisReader(m_db.toStdString()).alerts().front().client);
    m_window->showClient(ip);
    auto* view = m_window->clientView(ip);
    QVERIFY(view != nullptr);
    ClientQueryModel* queries = view->queryModel();
    QTRY_VERIFY_WITH_TIMEOUT(!queries->isLoading() && (queries->rowCount() > 0 || queries->atEnd()),
                             kReadTimeoutMs);
    for (int row = 0; row < queries->rowCount(); ++row) {
        const qint64 t = queries->index(row, ClientQueryModel::Time)
                             .data(ClientQueryModel::RawValueRole)
                             .toLongLong();
        QVERIFY(t >= range->fromUs() && t < range->toUs());
    }

    // Reset: everything again.
    QTest::mouseClick(m_window->timeRangeBar()->resetButton(), Qt::LeftButton);
    QVERIFY(!range->isSet());
    QTRY_COMPARE_WITH_TIMEOUT(
        static_cast<std::int64_t>(overview->seriesSum(OverviewDashboard::Queries)), m_queries,
        kReadTimeoutMs);
    QCOMPARE(static_cast<std::int64_t>(m_window->alertModel()->rowCount()), m_alerts);
}

void TestDashboards::searchBoxes() {
    auto* view = m_window->alertsView();
    show(view);
    view->filterEdit()->setText(QStringLiteral("kind:dga score:>0.9"));
    const std::int64_t expected =
        scalar(m_db, "SELECT count(*) FROM alerts WHERE kind = 'dga' AND score > 0.9");
    QTRY_COMPARE_WITH_TIMEOUT(static_cast<std::int64_t>(m_window->alertModel()->rowCount()),
                              expected, 5'000);
    QVERIFY(view->filterError()->isHidden());
    // A broken query says where and what, and keeps the rows.
    view->filterEdit()->setText(QStringLiteral("kind:dga score:>"));
    QTRY_VERIFY_WITH_TIMEOUT(view->filterError()->isVisible(), 5'000);
    QVERIFY2(view->filterError()->text().contains(QLatin1String("column 17")),
             qPrintable(view->filterError()->text()));
    QCOMPARE(static_cast<std::int64_t>(m_window->alertModel()->rowCount()), expected);
    QVERIFY(m_window->grab().save(artifact(QStringLiteral("alerts_search_error.png"))));
    view->filterEdit()->clear();
    QTRY_COMPARE_WITH_TIMEOUT(static_cast<std::int64_t>(m_window->alertModel()->rowCount()),
                              m_alerts, 5'000);

    // The client's query table takes the same language, compiled to SQL.
    const QString ip = QString::fromStdString(m_window->alertModel()->alertAt(0).client);
    m_window->showClient(ip);
    auto* client = m_window->clientView(ip);
    client->filterEdit()->setText(QStringLiteral("rcode:NXDOMAIN score:>0.5"));
    ClientQueryModel* queries = client->queryModel();
    QTRY_VERIFY_WITH_TIMEOUT(queries->filterText() == QLatin1String("rcode:NXDOMAIN score:>0.5") &&
                                 !queries->isLoading() && queries->rowCount() > 0,
                             kReadTimeoutMs);
    for (int row = 0; row < queries->rowCount(); ++row) {
        QCOMPARE(queries->index(row, ClientQueryModel::Rcode).data().toString(),
                 QStringLiteral("NXDOMAIN"));
        QVERIFY(queries->index(row, ClientQueryModel::DgaScore)
                    .data(ClientQueryModel::RawValueRole)
                    .toDouble() > 0.5);
    }
    client->filterEdit()->setText(QStringLiteral("kind:dga"));
    QTRY_VERIFY_WITH_TIMEOUT(client->filterError()->isVisible(), 5'000);
    QVERIFY(client->filterError()->text().contains(QLatin1String("does not apply to queries")));
    QVERIFY(m_window->grab().save(artifact(QStringLiteral("client_search.png"))));
}

void TestDashboards::darkPalette() {
    const QPalette original = QApplication::palette();
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::Button, QColor(0x33, 0x33, 0x33));
    dark.setColor(QPalette::ButtonText, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa0, 0xa0));
    QApplication::setPalette(dark);
    const struct {
        QWidget* page;
        QWidget* plot;
        const char* file;
    } pages[] = {
        {m_window->overview(), m_window->overview()->plot(), "overview_dark.png"},
        {m_window->latencyDashboard(), m_window->latencyDashboard()->timePlot(),
         "latencies_dark.png"},
        {m_window->logVolumeDashboard(), m_window->logVolumeDashboard()->flowPlot(),
         "log_volumes_dark.png"},
        {m_window->alertsDashboard(), m_window->alertsDashboard()->timePlot(),
         "alerts_dashboard_dark.png"},
    };
    for (const auto& page : pages) {
        show(page.page);
        const QImage shot = m_window->grab().toImage();
        QVERIFY(shot.save(artifact(QString::fromLatin1(page.file))));
        const QPoint inside = page.plot->mapTo(m_window.get(), QPoint(page.plot->width() / 2, 3));
        QVERIFY2(qGray(shot.pixel(inside)) < 80, page.file);
    }
    QApplication::setPalette(original);
}

QTEST_MAIN(TestDashboards)
#include "test_dashboards.moc"
