#include "ui/main_window.h"

#include <QAction>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QThread>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <exception>

#include "core/store/analysis_reader.h"
#include "ui/alerts/alert_table_model.h"
#include "ui/alerts/alerts_view.h"
#include "ui/allowlist/allowlist_actions.h"
#include "ui/analysis/analysis_worker.h"
#include "ui/capture/capture_view.h"
#include "ui/client/client_view.h"
#include "ui/dashboards/alerts_dashboard.h"
#include "ui/dashboards/dataset_dashboard.h"
#include "ui/dashboards/latency_dashboard.h"
#include "ui/dashboards/log_volume_dashboard.h"
#include "ui/dashboards/overview_dashboard.h"
#include "ui/dashboards/time_range.h"
#include "ui/dashboards/time_range_bar.h"
#include "ui/display/display_text.h"
#include "ui/session/recent_files.h"

namespace dnshound::ui {

namespace {

constexpr int kOverviewTab = 0;
constexpr int kAlertsTab = 1;
constexpr int kStatusMessageMs = 8000;

LoadedAlerts readAlerts(const QString& dbPath) {
    LoadedAlerts loaded;
    try {
        const core::store::AnalysisReader reader(dbPath.toStdString());
        loaded.alerts = reader.alerts();
        allowlist::AllowlistActions::markSuppressed(reader.allowlist(), loaded.alerts);
    } catch (const std::exception& error) {
        loaded.error = QString::fromStdString(error.what());
    }
    return loaded;
}

QString copyAnalysis(const QString& from, const QString& to) {
    if (QFile::exists(to) && !QFile::remove(to)) return QObject::tr("cannot replace %1").arg(to);
    QFile source(from);
    if (!source.copy(to)) return source.errorString();
    return {};
}

bool isAnalysisFile(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("sqlite") || suffix == QLatin1String("db");
}

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_tabs(new QTabWidget(this)),
      m_alertModel(new alerts::AlertTableModel(this)),
      m_alertsView(new alerts::AlertsView(m_alertModel, this)),
      m_overview(new dashboards::OverviewDashboard(this)),
      m_captureView(new capture::CaptureView(this)),
      m_dataset(new dashboards::DatasetDashboard(this)),
      m_allowlistActions(new allowlist::AllowlistActions(this)),
      m_timeRange(new dashboards::TimeRange(this)),
      m_timeRangeBar(new dashboards::TimeRangeBar(m_timeRange, this)),
      m_alertsDashboard(new dashboards::AlertsDashboard(this)),
      m_latencies(new dashboards::LatencyDashboard(this)),
      m_logVolumes(new dashboards::LogVolumeDashboard(this)) {
    analysis::registerAnalysisMetaTypes();
    setWindowTitle(tr("DNS Hound"));
    setAcceptDrops(true);
    resize(1400, 900);

    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    addFixedTab(m_overview, tr("Overview"));
    addFixedTab(m_alertsView, tr("Alerts"));
    addFixedTab(m_alertsDashboard, tr("Alert trends"));
    addFixedTab(m_latencies, tr("Latencies"));
    addFixedTab(m_logVolumes, tr("Log volumes"));
    auto* central = new QWidget(this);
    auto* centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_timeRangeBar);
    centralLayout->addWidget(m_tabs, 1);
    setCentralWidget(central);
    m_captureView->hide();  // a tab once File > Capture live is chosen
    connectCaptureView();
    createActions();
    createStatusBar();
    createSessionActions();
    createDrilldown();
    setBusy(false);

    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        if (isFixedTab(index)) return;
        QWidget* page = m_tabs->widget(index);
        m_tabs->removeTab(index);
        if (page == m_dataset) return;  // owned by the window, shown again with the next run
        if (page != m_captureView) page->deleteLater();  // the capture goes on without its tab
    });
    connect(m_alertsView, &alerts::AlertsView::clientRequested, this, &MainWindow::showClient);
    connectDatasetAndAllowlist();
    connect(m_alertModel, &alerts::AlertTableModel::totalCountChanged, this, [this](int total) {
        m_tabs->setTabText(kAlertsTab, total > 0 ? tr("Alerts (%1)").arg(total) : tr("Alerts"));
    });
    connect(m_overview, &dashboards::OverviewDashboard::loaded, this, &MainWindow::loadDone);
    // One time range for every view: plots set it, the window fans it out.
    connect(m_timeRange, &dashboards::TimeRange::changed, this, &MainWindow::applyTimeRange);
    const auto selectRange = [this](double fromSecs, double toSecs) {
        m_timeRange->set(static_cast<std::int64_t>(fromSecs * 1e6),
                         static_cast<std::int64_t>(toSecs * 1e6));
    };
    connect(m_overview, &dashboards::OverviewDashboard::rangeSelected, this, selectRange);
    connect(m_alertsDashboard, &dashboards::AlertsDashboard::rangeSelected, this, selectRange);
    connect(m_alertsDashboard, &dashboards::AlertsDashboard::clientRequested, this,
            &MainWindow::showClient);
    connect(m_alertsDashboard, &dashboards::AlertsDashboard::loaded, this, &MainWindow::loadDone);
    connect(m_latencies, &dashboards::LatencyDashboard::loaded, this, &MainWindow::loadDone);
    connect(m_logVolumes, &dashboards::LogVolumeDashboard::loaded, this, &MainWindow::loadDone);
    connect(m_alertsDashboard, &dashboards::AlertsDashboard::loadFailed, this,
            [this](const QString& message) {
                showError(tr("Cannot show the alert trends"), message);
                loadDone();
            });
    connect(m_latencies, &dashboards::LatencyDashboard::loadFailed, this,
            [this](const QString& message) {
                showError(tr("Cannot show the latencies"), message);
                loadDone();
            });
    connect(m_logVolumes, &dashboards::LogVolumeDashboard::loadFailed, this,
            [this](const QString& message) {
                showError(tr("Cannot show the log volumes"), message);
                loadDone();
            });
    connect(m_overview, &dashboards::OverviewDashboard::loadFailed, this,
            [this](const QString& message) {
                showError(tr("Cannot show the overview"), message);
                loadDone();
            });
    connect(&m_alertLoader, &QFutureWatcher<LoadedAlerts>::finished, this, [this] {
        LoadedAlerts loaded = m_alertLoader.result();
        if (!loaded.error.isEmpty()) {
            showError(tr("Cannot open the analysis"), loaded.error);
        } else {
            m_alertModel->setAlerts(std::move(loaded.alerts));
        }
        loadDone();
    });
    connect(&m_saver, &QFutureWatcher<QString>::finished, this, [this] {
        const QString error = m_saver.result();
        if (error.isEmpty()) {
            statusBar()->showMessage(tr("Analysis saved to %1").arg(m_savingTo), kStatusMessageMs);
            m_recentFiles->add(m_savingTo);
        } else {
            showError(tr("Cannot save the analysis"), error);
        }
        Q_EMIT analysisSaved(m_savingTo, error);
    });
}

MainWindow::~MainWindow() {
    if (m_worker) m_worker->requestCancel();
    stopWorkerThread();
}

void MainWindow::createActions() {
    QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
    m_openAction = fileMenu->addAction(tr("&Open DNS logs…"), this, &MainWindow::openFilesDialog);
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setToolTip(
        tr("Analyse DNS logs and captures (heiDGAF, Zeek dns.log, unbound, pcap/pcapng)"));
    m_openAnalysisAction =
        fileMenu->addAction(tr("Open &analysis…"), this, &MainWindow::openAnalysisDialog);
    m_openAnalysisAction->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    m_saveAction = fileMenu->addAction(tr("&Save analysis as…"), this, &MainWindow::saveAnalysisAs);
    m_saveAction->setShortcut(QKeySequence::SaveAs);
    fileMenu->addSeparator();
    m_captureAction = fileMenu->addAction(tr("Capture &live…"), this, &MainWindow::showCaptureView);
    m_captureAction->setShortcut(QKeySequence(tr("Ctrl+L")));
    m_captureAction->setToolTip(tr("Capture DNS traffic on a network interface and analyse it"));
    m_cancelAction = fileMenu->addAction(tr("&Cancel analysis"), this, &MainWindow::cancelAnalysis);
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    fileMenu->addSeparator();
    m_quitAction = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    m_quitAction->setShortcut(QKeySequence::Quit);

    QToolBar* toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setMovable(false);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolBar->addAction(m_openAction);
    toolBar->addAction(m_openAnalysisAction);
    toolBar->addAction(m_saveAction);
    toolBar->addAction(m_captureAction);
    toolBar->addSeparator();
    toolBar->addAction(m_cancelAction);
}

void MainWindow::createStatusBar() {
    m_statusText = new QLabel(tr("Ready"), this);
    m_rateText = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 100);
    m_progress->setFormat(QStringLiteral("%p%"));
    m_progress->setFixedWidth(m_progress->fontMetrics().averageCharWidth() * 30);
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    connect(m_cancelButton, &QPushButton::clicked, this, &MainWindow::cancelAnalysis);
    statusBar()->addWidget(m_statusText, 1);
    statusBar()->addPermanentWidget(m_rateText);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancelButton);
}

void MainWindow::setBusy(bool busy) {
    m_openAction->setEnabled(!busy);
    m_openAnalysisAction->setEnabled(!busy);
    m_saveAction->setEnabled(!busy && !m_dbPath.isEmpty());
    m_cancelAction->setEnabled(busy);
    m_progress->setVisible(busy);
    m_cancelButton->setVisible(busy);
    m_rateText->setVisible(busy);
    updateSessionActions(busy);
}

void MainWindow::openFilesDialog() {
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Open DNS logs"), {},
        tr("DNS logs and captures (*.log *.txt *.gz *.tsv *.json *.pcap *.pcapng *.cap);;"
           "Analysis files (*.sqlite);;All files (*)"));
    if (!paths.isEmpty()) openPaths(paths);
}

void MainWindow::openAnalysisDialog() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open analysis"), {}, tr("Analysis files (*.sqlite);;All files (*)"));
    if (!path.isEmpty()) openAnalysisFile(path);
}

void MainWindow::saveAnalysisAs() {
    if (m_dbPath.isEmpty() || isAnalysing() || m_saver.isRunning()) return;
    QString target = QFileDialog::getSaveFileName(this, tr("Save analysis as"),
                                                  QStringLiteral("analysis.sqlite"),
                                                  tr("Analysis files (*.sqlite)"));
    if (target.isEmpty()) return;
    if (QFileInfo(target).suffix().isEmpty()) target += QStringLiteral(".sqlite");
    saveAnalysisTo(target);
}

void MainWindow::saveAnalysisTo(const QString& path) {
    if (m_dbPath.isEmpty() || isAnalysing() || m_saver.isRunning() || path == m_dbPath) return;
    m_savingTo = path;
    m_saver.setFuture(QtConcurrent::run(copyAnalysis, m_dbPath, path));
}

void MainWindow::openPaths(const QStringList& paths) {
    if (paths.size() == 1 && isAnalysisFile(paths.front())) {
        openAnalysisFile(paths.front());
    } else {
        openInputs(paths);
    }
}

void MainWindow::connectDatasetAndAllowlist() {
    m_dataset->hide();
    setAllowlistPath(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
                     QStringLiteral("/allowlist.yaml"));
    connect(m_dataset, &dashboards::DatasetDashboard::loaded, this, [this](bool hasData) {
        const int index = m_tabs->indexOf(m_dataset);
        if (hasData && index < 0) {
            m_tabs->insertTab(kAlertsTab + 1, m_dataset, tr("Dataset"));
        } else if (!hasData && index >= 0) {
            m_tabs->removeTab(index);
        }
    });
    connect(m_alertsView, &alerts::AlertsView::allowlistRequested, this,
            [this](core::config::AllowKind kind, const QString& value) {
                m_allowlistActions->setAnalysisPath(isAnalysing() ? QString() : m_dbPath);
                m_allowlistActions->openDialog(kind, value);
            });
    connect(m_allowlistActions, &allowlist::AllowlistActions::entryAdded, this,
            &MainWindow::markAllowlisted);
    connect(
        m_allowlistActions, &allowlist::AllowlistActions::failed, this,
        [this](const QString& message) { showError(tr("Cannot update the allowlist"), message); });
    QMenu* analysisMenu = menuBar()->addMenu(tr("&Analysis"));
    QAction* editAllowlist =
        analysisMenu->addAction(tr("&Allowlist…"), this, &MainWindow::openAllowlistEditor);
    editAllowlist->setShortcut(QKeySequence(tr("Ctrl+Shift+L")));
    editAllowlist->setObjectName(QStringLiteral("editAllowlistAction"));
}

void MainWindow::setAllowlistPath(const QString& path) {
    m_allowlistActions->setAllowlistPath(path);
}

void MainWindow::markAllowlisted(const core::store::AllowlistRecord& record) {
    std::vector<core::store::AlertRecord> shown;
    for (int row = 0; row < m_alertModel->rowCount(); ++row)
        shown.push_back(m_alertModel->alertAt(row));
    if (allowlist::AllowlistActions::markSuppressed({record}, shown))
        m_alertModel->upsertAlerts(shown);
    statusBar()->showMessage(
        tr("Added %1 %2 to %3")
            .arg(QString::fromStdString(record.kind), QString::fromStdString(record.value),
                 m_allowlistActions->allowlistPath()),
        kStatusMessageMs);
}

void MainWindow::resetViews() {
    if (const int index = m_tabs->indexOf(m_dataset); index >= 0) m_tabs->removeTab(index);
    m_dataset->clear();
    for (int index = m_tabs->count() - 1; index >= 0; --index) {
        if (isFixedTab(index)) continue;
        QWidget* page = m_tabs->widget(index);
        if (page == m_captureView) continue;
        m_tabs->removeTab(index);
        page->deleteLater();
    }
    m_alertModel->clear();
    m_overview->clear();
    m_alertsDashboard->clear();
    m_latencies->clear();
    m_logVolumes->clear();
    m_timeRange->reset();
    m_tabs->setCurrentIndex(kOverviewTab);
}

void MainWindow::addFixedTab(QWidget* page, const QString& title) {
    const int index = m_tabs->addTab(page, title);
    m_fixedPages.push_back(page);
    m_tabs->tabBar()->setTabButton(index, QTabBar::RightSide, nullptr);
    m_tabs->tabBar()->setTabButton(index, QTabBar::LeftSide, nullptr);
}

bool MainWindow::isFixedTab(int index) const {
    return m_fixedPages.contains(m_tabs->widget(index));
}

void MainWindow::loadDashboards(const QString& dbPath) {
    m_overview->load(dbPath);
    m_alertsDashboard->load(dbPath);
    m_latencies->load(dbPath);
    m_logVolumes->load(dbPath);
}

void MainWindow::applyTimeRange(std::int64_t fromUs, std::int64_t toUs) {
    m_overview->setTimeWindow(fromUs, toUs);
    m_alertsDashboard->setTimeWindow(fromUs, toUs);
    m_alertModel->setTimeWindow(fromUs, toUs);
    for (int index = 0; index < m_tabs->count(); ++index) {
        if (auto* view = qobject_cast<client::ClientView*>(m_tabs->widget(index))) {
            view->setTimeWindow(fromUs, toUs);
        }
    }
}

void MainWindow::openInputs(const QStringList& paths, const QStringList& truthFiles,
                            bool labelColumn) {
    if (paths.isEmpty()) return;
    if (isAnalysing()) {
        statusBar()->showMessage(tr("An analysis is running: cancel it first"), kStatusMessageMs);
        return;
    }
    if (!m_tempDir.isValid()) {
        showError(tr("Cannot analyse"), tr("No temporary folder: %1").arg(m_tempDir.errorString()));
        return;
    }
    resetViews();
    analysis::AnalysisJob job;
    job.inputs = paths;
    job.configPath = analysisConfigPath();
    for (const QString& path : paths) m_recentFiles->add(path);
    job.dbPath = m_tempDir.filePath(QStringLiteral("analysis-%1.sqlite").arg(++m_runCounter));
    job.allowlistPath = m_allowlistActions->allowlistPath();
    job.truthFiles = truthFiles;
    job.labelColumn = labelColumn;
    m_dbPath = job.dbPath;

    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("analysis"));
    m_worker = std::make_unique<analysis::AnalysisWorker>();
    m_worker->moveToThread(m_thread.get());
    connect(m_worker.get(), &analysis::AnalysisWorker::progress, this, &MainWindow::onProgress,
            Qt::QueuedConnection);
    connect(m_worker.get(), &analysis::AnalysisWorker::alertsRaised, m_alertModel,
            &alerts::AlertTableModel::upsertAlerts, Qt::QueuedConnection);
    connect(m_worker.get(), &analysis::AnalysisWorker::finished, this, &MainWindow::onFinished,
            Qt::QueuedConnection);
    connect(m_worker.get(), &analysis::AnalysisWorker::failed, this, &MainWindow::onFailed,
            Qt::QueuedConnection);
    m_thread->start();
    analysis::AnalysisWorker* worker = m_worker.get();
    QMetaObject::invokeMethod(
        worker, [worker, job] { worker->run(job); }, Qt::QueuedConnection);

    const QString names =
        paths.size() == 1 ? QFileInfo(paths.front()).fileName() : tr("%1 files").arg(paths.size());
    setWindowTitle(tr("DNS Hound — %1").arg(names));
    m_statusText->setText(tr("Analysing %1…").arg(names));
    m_progress->setValue(0);
    m_rateText->clear();
    setBusy(true);
}

void MainWindow::openAnalysisFile(const QString& path) {
    if (isAnalysing()) {
        statusBar()->showMessage(tr("An analysis is running: cancel it first"), kStatusMessageMs);
        return;
    }
    resetViews();
    m_dbPath = path;
    m_recentFiles->add(path);
    setWindowTitle(tr("DNS Hound — %1").arg(QFileInfo(path).fileName()));
    m_statusText->setText(tr("Reading %1…").arg(QFileInfo(path).fileName()));
    m_pendingLoads = 5;  // the alerts and four dashboards
    m_alertLoader.setFuture(QtConcurrent::run(readAlerts, path));
    loadDashboards(path);
    m_dataset->load(path);
    setBusy(false);
}

void MainWindow::loadDone() {
    if (m_pendingLoads <= 0 || --m_pendingLoads > 0) return;
    if (!isAnalysing() && m_statusText->text().startsWith(tr("Reading"))) {
        m_statusText->setText(tr("%1 alerts").arg(m_alertModel->totalCount()));
    }
    Q_EMIT analysisShown(m_dbPath);
}

void MainWindow::cancelAnalysis() {
    if (!m_worker) return;
    m_worker->requestCancel();
    m_statusText->setText(tr("Cancelling…"));
    m_cancelAction->setEnabled(false);
    m_cancelButton->setEnabled(false);
}

void MainWindow::onProgress(const core::pipeline::AnalysisProgress& progress) {
    m_progress->setValue(static_cast<int>(progress.fraction * 100.0));
    QString rate = tr("%1 lines/s").arg(display::count(static_cast<quint64>(progress.linesPerSec)));
    if (progress.fraction > 0.01 && progress.fraction < 1.0) {
        const double left = progress.elapsedSecs * (1.0 - progress.fraction) / progress.fraction;
        rate += tr(" · about %1 left").arg(display::duration(left));
    }
    m_rateText->setText(rate);
    m_overview->showProgress(progress);
    Q_EMIT analysisProgress(progress);
}

void MainWindow::onFinished(const analysis::AnalysisSummary& summary) {
    stopWorkerThread();
    m_alertModel->upsertAlerts(summary.alerts);
    m_statusText->setText((summary.cancelled
                               ? tr("Cancelled after %1 lines: %2 alerts in the part read (%3)")
                               : tr("Done: %1 lines, %2 alerts in %3"))
                              .arg(display::count(summary.linesTotal),
                                   display::count(static_cast<quint64>(summary.alerts.size())),
                                   display::duration(summary.elapsedSecs)));
    setBusy(false);
    m_pendingLoads = 4;  // the four dashboards (the dataset tab loads on its own)
    loadDashboards(summary.dbPath);
    m_dataset->load(summary.dbPath);
    Q_EMIT analysisFinished(summary);
}

void MainWindow::onFailed(const QString& message) {
    stopWorkerThread();
    m_statusText->setText(tr("Analysis failed"));
    setBusy(false);
    showError(tr("The analysis failed"), message);
    Q_EMIT analysisFailed(message);
}

void MainWindow::stopWorkerThread() {
    if (!m_thread) return;
    // run() has returned (or was cancelled), so the thread only has its event loop left.
    m_thread->quit();
    m_thread->wait();
    m_worker.reset();
    m_thread.reset();
    m_cancelButton->setEnabled(true);
}

bool MainWindow::isAnalysing() const {
    return m_worker != nullptr || m_captureView->isCapturing();
}

void MainWindow::showCaptureView() {
    if (m_tabs->indexOf(m_captureView) < 0) m_tabs->addTab(m_captureView, tr("Live capture"));
    m_tabs->setCurrentWidget(m_captureView);
}

// A capture runs its own worker; its alerts and progress land in the normal views.
void MainWindow::connectCaptureView() {
    m_captureView->setBusyReason(
        [this] { return m_worker ? tr("An analysis is running: cancel it first") : QString(); });
    connect(m_captureView, &capture::CaptureView::captureStarted, this,
            [this](const QString& dbPath, const QString& interfaceName) {
                resetViews();
                showCaptureView();
                m_dbPath = dbPath;
                setWindowTitle(tr("DNS Hound — capture on %1").arg(interfaceName));
                m_statusText->setText(tr("Capturing on %1…").arg(interfaceName));
                setBusy(false);
                for (QAction* action : {m_openAction, m_openAnalysisAction, m_saveAction})
                    action->setEnabled(false);
            });
    connect(m_captureView, &capture::CaptureView::alertsRaised, m_alertModel,
            &alerts::AlertTableModel::upsertAlerts);
    connect(m_captureView, &capture::CaptureView::progress, m_overview,
            &dashboards::OverviewDashboard::showProgress);
    connect(m_captureView, &capture::CaptureView::captureFinished, this,
            [this](const analysis::AnalysisSummary& summary) {
                m_alertModel->upsertAlerts(summary.alerts);
                m_statusText->setText(tr("Capture done: %1 packets, %2 alerts")
                                          .arg(display::count(summary.linesTotal),
                                               display::count(summary.alerts.size())));
                setBusy(false);
                m_pendingLoads = 1;
                m_overview->load(summary.dbPath);
            });
    connect(m_captureView, &capture::CaptureView::captureFailed, this, [this] {
        m_statusText->setText(tr("Capture failed"));
        setBusy(false);
    });
}

client::ClientView* MainWindow::clientView(const QString& ip) const {
    for (int index = 0; index < m_tabs->count(); ++index) {
        auto* view = qobject_cast<client::ClientView*>(m_tabs->widget(index));
        if (view != nullptr && view->ip() == ip) return view;
    }
    return nullptr;
}

void MainWindow::showClient(const QString& ip) {
    if (m_dbPath.isEmpty() || ip.isEmpty()) return;
    client::ClientView* view = clientView(ip);
    if (view == nullptr) {
        view = new client::ClientView(m_dbPath, ip, m_tabs);
        view->setTimeWindow(m_timeRange->fromUs(), m_timeRange->toUs());
        connectClientView(view);
        m_tabs->addTab(view, tr("Client %1").arg(ip));
    }
    m_tabs->setCurrentWidget(view);
}

void MainWindow::showError(const QString& title, const QString& message) {
    statusBar()->showMessage(message, kStatusMessageMs);
    // Window-modal but not blocking: no nested event loop, no frozen pipeline signals.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (m_worker) {
        m_worker->requestCancel();
        stopWorkerThread();
    }
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!isAnalysing() && event->mimeData()->hasUrls()) {
        for (const QUrl& url : event->mimeData()->urls()) {
            if (!url.isLocalFile()) return;
        }
        event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls()) paths.push_back(url.toLocalFile());
    if (paths.isEmpty()) return;
    event->acceptProposedAction();
    openPaths(paths);
}

}  // namespace dnshound::ui
