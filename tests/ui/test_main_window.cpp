#include <QApplication>
#include <QColor>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPalette>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include "ui/alerts/alert_table_model.h"
#include "ui/alerts/alerts_view.h"
#include "ui/client/client_query_model.h"
#include "ui/client/client_view.h"
#include "ui/dashboards/overview_dashboard.h"
#include "ui/main_window.h"
#include "ui/plot/custom_plot.h"
#include "ui/ui_test_support.h"

using dnshound::ui::MainWindow;
using dnshound::ui::alerts::AlertTableModel;
using dnshound::ui::analysis::AnalysisSummary;
using dnshound::ui::client::ClientQueryModel;
using dnshound::ui::dashboards::OverviewDashboard;

using dnshound::test::artifact;

namespace {

constexpr int kAnalysisTimeoutMs = 120'000;
constexpr int kBigLogFiles = 24;  // about 45,000 lines each

bool generateSample(const QString& log, const QString& truth, int seed) {
    QProcess cli;
    QStringList args{QStringLiteral("generate-sample"), QStringLiteral("--out"), log,
                     QStringLiteral("--seed"), QString::number(seed)};
    if (!truth.isEmpty()) args << QStringLiteral("--truth") << truth;
    cli.start(QStringLiteral(DNSHOUND_CLI), args);
    if (!cli.waitForFinished(60'000) || cli.exitStatus() != QProcess::NormalExit ||
        cli.exitCode() != 0) {
        qWarning("generate-sample failed: %s", cli.readAllStandardError().constData());
        return false;
    }
    return true;
}

QSet<QString> alertedClients(const AlertTableModel& model, const QString& kind) {
    QSet<QString> clients;
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.data(model.index(row, AlertTableModel::Kind), AlertTableModel::RawValueRole)
                .toString() == kind) {
            clients.insert(model.data(model.index(row, 0), AlertTableModel::ClientRole).toString());
        }
    }
    return clients;
}

}  // namespace

class TestMainWindow final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void analysesSampleAndDrillsDown();
    void reopensSavedAnalysis();
    void cancelReturnsToIdle();
    void guiThreadStaysResponsive();

private:
    QTemporaryDir m_dir;
    QString m_log;
    QString m_analysis;
    QStringList m_infected;
    QStringList m_clean;
    qint64 m_truthLines = 0;
    int m_alertCount = 0;
    QStringList m_bigLogs;
};

void TestMainWindow::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_log = m_dir.filePath(QStringLiteral("sample.log"));
    const QString truthPath = m_dir.filePath(QStringLiteral("sample.truth.json"));
    QVERIFY(generateSample(m_log, truthPath, 1));
    QFile truthFile(truthPath);
    QVERIFY(truthFile.open(QIODevice::ReadOnly));
    const QJsonObject truth = QJsonDocument::fromJson(truthFile.readAll()).object();
    for (const QJsonValue infected : truth.value(QStringLiteral("infected")).toArray()) {
        m_infected.push_back(infected.toObject().value(QStringLiteral("client")).toString());
    }
    for (const QJsonValue clean : truth.value(QStringLiteral("clean")).toArray()) {
        m_clean.push_back(clean.toString());
    }
    m_truthLines = truth.value(QStringLiteral("lines")).toInteger();
    QVERIFY2(!m_infected.isEmpty() && !m_clean.isEmpty(), "the truth file names no clients");
}

void TestMainWindow::analysesSampleAndDrillsDown() {
    MainWindow window;
    window.show();
    QSignalSpy finished(&window, &MainWindow::analysisFinished);
    QSignalSpy failed(&window, &MainWindow::analysisFailed);
    QSignalSpy shown(&window, &MainWindow::analysisShown);
    window.openInputs({m_log});
    QVERIFY(window.isAnalysing());
    QTRY_VERIFY_WITH_TIMEOUT(shown.count() == 1 || failed.count() > 0, kAnalysisTimeoutMs);
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
    QCOMPARE(finished.count(), 1);
    QVERIFY(!window.isAnalysing());
    const auto summary = finished.front().front().value<AnalysisSummary>();
    QVERIFY(!summary.cancelled);
    QCOMPARE(static_cast<qint64>(summary.linesTotal), m_truthLines);
    QVERIFY(QFile::exists(window.analysisPath()));
    // Save analysis as: a copy made off the GUI thread, reopened by the next test.
    const QString saved = m_dir.filePath(QStringLiteral("saved.sqlite"));
    QSignalSpy savedSpy(&window, &MainWindow::analysisSaved);
    window.saveAnalysisTo(saved);
    QTRY_COMPARE_WITH_TIMEOUT(savedSpy.count(), 1, 30'000);
    QVERIFY2(savedSpy.front().at(1).toString().isEmpty(),
             qPrintable(savedSpy.front().at(1).toString()));
    QVERIFY(QFileInfo(saved).size() > 0);
    m_analysis = saved;

    // Every infected client has a DGA alert (checked last, so the views below are exercised and
    // photographed even when the model misses one), no clean client has one.
    const QSet<QString> dga = alertedClients(*window.alertModel(), QStringLiteral("dga"));
    QStringList missed;
    QString drillClient;
    for (const QString& client : m_infected) {
        if (!dga.contains(client)) missed.push_back(client);
        if (dga.contains(client) && drillClient.isEmpty()) drillClient = client;
    }
    QVERIFY2(!drillClient.isEmpty(), "no infected client was alerted");
    const QSet<QString> all = alertedClients(*window.alertModel(), QStringLiteral("dga")) +
                              alertedClients(*window.alertModel(), QStringLiteral("tunnel"));
    for (const QString& client : m_clean) {
        QVERIFY2(!all.contains(client), qPrintable(QStringLiteral("alert for clean ") + client));
    }
    QCOMPARE(window.alertModel()->totalCount(), static_cast<int>(summary.alerts.size()));
    m_alertCount = window.alertModel()->totalCount();

    // The overview plots the run.
    OverviewDashboard* overview = window.overview();
    QVERIFY(overview->pointCount(OverviewDashboard::Queries) > 0);
    QVERIFY(overview->pointCount(OverviewDashboard::NxdomainRate) > 0);
    QVERIFY(overview->pointCount(OverviewDashboard::Alerts) > 0);
    QTest::qWait(100);  // let the coalesced replot run before the screenshot
    QVERIFY(window.grab().save(artifact(QStringLiteral("main_window_overview.png"))));

    window.tabs()->setCurrentWidget(window.alertsView());
    QTest::qWait(50);
    QVERIFY(window.grab().save(artifact(QStringLiteral("alerts_tab.png"))));

    // Double-clicking an infected client's alert (client column; the domain column opens the
    // domain view) opens its drill-down.
    QTableView* table = window.alertsView()->table();
    int row = -1;
    for (int r = 0; r < window.alertModel()->rowCount(); ++r) {
        if (window.alertModel()->alertAt(r).client == drillClient.toStdString()) row = r;
    }
    QVERIFY(row >= 0);
    const QModelIndex cell = window.alertModel()->index(row, AlertTableModel::Client);
    table->scrollTo(cell);
    QSignalSpy doubleClicked(table, &QAbstractItemView::doubleClicked);
    // The view only accepts a double-click on the row the preceding press selected.
    const QPoint centre = table->visualRect(cell).center();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, centre);
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, centre);
    QCOMPARE(doubleClicked.count(), 1);
    auto* view = window.clientView(drillClient);
    QVERIFY(view != nullptr);
    QCOMPARE(window.tabs()->currentWidget(), view);
    QTRY_VERIFY_WITH_TIMEOUT(view->queryCount() >= 0, 10'000);
    ClientQueryModel* queries = view->queryModel();
    QTRY_VERIFY_WITH_TIMEOUT(queries->rowCount() > 0, 10'000);
    QCOMPARE(view->alertModel()->rowCount(), 1);
    // Page through everything (keyset pagination) and compare with the stored count.
    while (!queries->atEnd()) {
        if (queries->canFetchMore({})) queries->fetchMore({});
        QTRY_VERIFY_WITH_TIMEOUT(!queries->isLoading(), 10'000);
    }
    QCOMPARE(static_cast<qint64>(queries->rowCount()), static_cast<qint64>(view->queryCount()));
    int flagged = 0;
    QModelIndex firstFlagged;
    for (int r = 0; r < queries->rowCount(); ++r) {
        const QModelIndex score = queries->index(r, ClientQueryModel::DgaScore);
        if (score.data(ClientQueryModel::RawValueRole).toDouble() >= queries->threshold()) {
            if (flagged++ == 0) firstFlagged = score;
            QVERIFY(score.data(Qt::BackgroundRole).isValid());
        }
        QCOMPARE(queries->index(r, ClientQueryModel::Time)
                         .data(ClientQueryModel::RawValueRole)
                         .toLongLong() >= queries->index(std::max(r - 1, 0), ClientQueryModel::Time)
                                              .data(ClientQueryModel::RawValueRole)
                                              .toLongLong(),
                 true);
    }
    QVERIFY(flagged > 0);
    // Photograph the first DGA queries among their neighbours.
    view->queryTable()->scrollTo(firstFlagged, QAbstractItemView::PositionAtCenter);
    QTest::qWait(50);
    QVERIFY(window.grab().save(artifact(QStringLiteral("client_view.png"))));

    QVERIFY2(missed.isEmpty(),
             qPrintable(QStringLiteral("no DGA alert for infected ") + missed.join(u',')));
}

void TestMainWindow::reopensSavedAnalysis() {
    if (m_analysis.isEmpty()) QSKIP("the analysis test did not leave a file");
    MainWindow window;
    QSignalSpy shown(&window, &MainWindow::analysisShown);
    window.openAnalysisFile(m_analysis);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 30'000);
    QCOMPARE(window.alertModel()->totalCount(), m_alertCount);
    QVERIFY(window.overview()->pointCount(OverviewDashboard::Queries) > 0);
    QVERIFY(m_alertCount > 0);
    const QString client = QString::fromStdString(window.alertModel()->alertAt(0).client);
    window.showClient(client);
    QVERIFY(window.clientView(client) != nullptr);
    QTRY_VERIFY_WITH_TIMEOUT(window.clientView(client)->queryModel()->rowCount() > 0, 10'000);

    // The views follow the palette: a dark one must give a dark, readable overview.
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
    window.tabs()->setCurrentWidget(window.overview());
    window.show();
    QTest::qWait(100);
    const QImage shot = window.grab().toImage();
    QApplication::setPalette(original);
    QVERIFY(shot.save(artifact(QStringLiteral("main_window_overview_dark.png"))));
    // The plot background follows Base: sample a pixel inside the plot area.
    const QWidget* plot = window.overview()->plot();
    const QPoint inside = plot->mapTo(&window, QPoint(plot->width() - 5, 5));
    QVERIFY(qGray(shot.pixel(inside)) < 80);
}

void TestMainWindow::cancelReturnsToIdle() {
    for (int seed = 2; seed <= kBigLogFiles + 1; ++seed) {
        const QString log = m_dir.filePath(QStringLiteral("big-%1.log").arg(seed));
        QVERIFY(generateSample(log, {}, seed));
        m_bigLogs.push_back(log);
    }
    MainWindow window;
    QSignalSpy progress(&window, &MainWindow::analysisProgress);
    QSignalSpy finished(&window, &MainWindow::analysisFinished);
    QSignalSpy failed(&window, &MainWindow::analysisFailed);
    QSignalSpy shown(&window, &MainWindow::analysisShown);
    window.openInputs(m_bigLogs);
    // Cancel mid-run: once lines are flowing, not while the model is still loading.
    QTRY_VERIFY_WITH_TIMEOUT(
        !finished.isEmpty() || !failed.isEmpty() ||
            (!progress.isEmpty() &&
             progress.back().front().value<dnshound::core::pipeline::AnalysisProgress>().lines > 0),
        kAnalysisTimeoutMs);
    window.cancelAnalysis();
    QTRY_VERIFY_WITH_TIMEOUT(!window.isAnalysing(), kAnalysisTimeoutMs);
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
    QCOMPARE(finished.count(), 1);
    const auto summary = finished.front().front().value<AnalysisSummary>();
    qInfo("cancelled=%d after %llu lines", summary.cancelled ? 1 : 0,
          static_cast<unsigned long long>(summary.linesTotal));
    // The part read before cancelling is a usable analysis: the overview shows it.
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 30'000);
    if (summary.cancelled) {
        QVERIFY(summary.linesTotal < static_cast<quint64>(m_truthLines) * kBigLogFiles * 2);
    }
}

void TestMainWindow::guiThreadStaysResponsive() {
    if (m_bigLogs.isEmpty()) QSKIP("no big logs were generated");
    MainWindow window;
    window.show();
    QSignalSpy shown(&window, &MainWindow::analysisShown);
    QSignalSpy failed(&window, &MainWindow::analysisFailed);
    QSignalSpy finished(&window, &MainWindow::analysisFinished);
    QElapsedTimer clock;
    qint64 last = 0;
    qint64 maxGap = 0;
    qint64 maxGapAfterRun = 0;  // while the finished analysis is loaded into the views
    int ticks = 0;
    QTimer ticker;
    ticker.setInterval(10);
    connect(&ticker, &QTimer::timeout, this, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (ticks > 0) {
            qint64& gap = finished.isEmpty() ? maxGap : maxGapAfterRun;
            gap = std::max(gap, now - last);
        }
        last = now;
        ++ticks;
    });
    clock.start();
    ticker.start();
    window.openInputs(m_bigLogs);
    QTRY_VERIFY_WITH_TIMEOUT(shown.count() == 1 || failed.count() > 0, kAnalysisTimeoutMs * 2);
    ticker.stop();
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
    const double secs = static_cast<double>(clock.nsecsElapsed()) / 1e9;
    qInfo(
        "GUI thread during a %d-file analysis (%.1f s, %d alerts): %d timer ticks at 10 ms, "
        "longest gap %.1f ms while running, %.1f ms while showing the result",
        static_cast<int>(m_bigLogs.size()), secs, window.alertModel()->totalCount(), ticks,
        static_cast<double>(maxGap) / 1e6, static_cast<double>(maxGapAfterRun) / 1e6);
    QVERIFY(ticks > 0);
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
