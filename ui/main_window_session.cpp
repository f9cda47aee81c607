// MainWindow's session and report actions: recent files, the settings dialog, report export,
// and the shortcuts that go with them. Kept apart from main_window.cpp, which lays out the views.
#include <QAction>
#include <QFileInfo>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QProgressBar>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QtConcurrent>
#include <exception>

#include "core/report/report_builder.h"
#include "core/store/report_query.h"
#include "ui/alerts/alert_table_model.h"
#include "ui/alerts/alerts_view.h"
#include "ui/analysis/ground_truth_dialog.h"
#include "ui/client/client_view.h"
#include "ui/main_window.h"
#include "ui/session/recent_files.h"
#include "ui/settings/config_settings_dialog.h"

namespace dnshound::ui {

namespace {

constexpr int kStatusMessageMs = 8000;

QString buildAndWriteReport(const QString& dbPath, const core::report::ReportSelection& selection,
                            report::ReportFormat format, const QString& path) {
    try {
        const auto report = core::report::buildIncidentReport(dbPath.toStdString(), selection);
        return report::writeReportFile(report, format, path);
    } catch (const std::exception& error) {
        return QString::fromStdString(error.what());
    }
}

}  // namespace

QString MainWindow::analysisConfigPath() {
    const QString path = settings::ConfigSettingsDialog::userConfigPath();
    return QFileInfo::exists(path) ? path : QString();
}

analysis::GroundTruthDialog* MainWindow::openWithGroundTruth(const QStringList& paths) {
    auto* dialog = new analysis::GroundTruthDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setInputs(paths);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        analysis::AnalysisJob truth;
        dialog->applyTo(truth);
        openInputs(dialog->inputs(), truth.truthFiles, truth.labelColumn);
    });
    dialog->open();
    return dialog;
}

void MainWindow::createSessionActions() {
    m_recentFiles = new session::RecentFiles(this);
    QMenu* fileMenu = m_openAction->menu() != nullptr ? m_openAction->menu()
                                                      : menuBar()->actions().front()->menu();
    m_openTruthAction = new QAction(tr("Open with &ground truth…"), this);
    m_openTruthAction->setObjectName(QStringLiteral("openWithGroundTruthAction"));
    m_openTruthAction->setToolTip(
        tr("Analyse DNS logs against ground truth (a label column or truth files): datatest mode, "
           "with the confusion matrices in the Dataset tab"));
    connect(m_openTruthAction, &QAction::triggered, this, [this] { openWithGroundTruth(); });
    fileMenu->insertAction(m_openAnalysisAction, m_openTruthAction);
    m_recentMenu = new QMenu(tr("Open &recent"), this);
    fileMenu->insertMenu(m_saveAction, m_recentMenu);
    connect(m_recentMenu, &QMenu::aboutToShow, this,
            [this] { m_recentFiles->populate(m_recentMenu); });
    connect(m_recentFiles, &session::RecentFiles::openRequested, this, [this](const QString& p) {
        const QString suffix = QFileInfo(p).suffix().toLower();
        if (suffix == QLatin1String("sqlite") || suffix == QLatin1String("db")) {
            openAnalysisFile(p);
        } else {
            openInputs({p});
        }
    });

    m_exportReportAction = new QAction(tr("&Export report…"), this);
    m_exportReportAction->setShortcut(QKeySequence(tr("Ctrl+E")));
    m_exportReportAction->setToolTip(
        tr("Write an incident report (PDF, HTML, CSV or JSON) on the selected alert, the open "
           "client or a time range"));
    connect(m_exportReportAction, &QAction::triggered, this, &MainWindow::exportReportDialog);
    fileMenu->insertAction(m_cancelAction, m_exportReportAction);

    m_settingsAction = new QAction(tr("Se&ttings…"), this);
    m_settingsAction->setShortcut(QKeySequence::Preferences);
    if (m_settingsAction->shortcut().isEmpty())
        m_settingsAction->setShortcut(QKeySequence(tr("Ctrl+,")));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::openSettingsDialog);
    fileMenu->insertAction(m_quitAction, m_settingsAction);
    fileMenu->insertSeparator(m_quitAction);

    // Platform themes differ (the generic one has no Save As or Quit keys, and closes with
    // Ctrl+F4): the usual keys are added wherever the platform has none.
    if (m_saveAction->shortcut().isEmpty())
        m_saveAction->setShortcut(QKeySequence(tr("Ctrl+Shift+S")));
    if (m_quitAction->shortcut().isEmpty()) m_quitAction->setShortcut(QKeySequence(tr("Ctrl+Q")));
    m_closeTabAction = new QAction(tr("Close &tab"), this);
    QList<QKeySequence> closeKeys{QKeySequence(tr("Ctrl+W"))};
    for (const QKeySequence& key : QKeySequence::keyBindings(QKeySequence::Close))
        if (!closeKeys.contains(key)) closeKeys.push_back(key);
    m_closeTabAction->setShortcuts(closeKeys);
    connect(m_closeTabAction, &QAction::triggered, this, &MainWindow::closeCurrentTab);
    m_findAction = new QAction(tr("&Find / filter alerts"), this);
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, &MainWindow::focusFilter);
    QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->addAction(m_findAction);
    viewMenu->addAction(m_closeTabAction);

    connect(&m_reportWriter, &QFutureWatcher<QString>::finished, this, [this] {
        const QString error = m_reportWriter.result();
        if (error.isEmpty()) {
            statusBar()->showMessage(tr("Report written to %1").arg(m_reportPath),
                                     kStatusMessageMs);
        } else {
            showError(tr("Cannot export the report"), error);
        }
        m_progress->setRange(0, 100);
        setBusy(isAnalysing());
        Q_EMIT reportExported(m_reportPath, error);
    });
}

void MainWindow::updateSessionActions(bool busy) {
    if (m_exportReportAction == nullptr) return;
    const bool writing = m_reportWriter.isRunning();
    m_exportReportAction->setEnabled(!busy && !writing && !m_dbPath.isEmpty());
    m_recentMenu->setEnabled(!busy);
    m_openTruthAction->setEnabled(!busy);
    if (writing) {
        // A report takes a second or two: an indeterminate bar says work is going on.
        m_progress->setRange(0, 0);
        m_progress->setVisible(true);
    }
}

incident::ReportChoices MainWindow::reportChoices() const {
    incident::ReportChoices choices;
    const QModelIndex current = m_alertsView->table()->currentIndex();
    if (current.isValid() && current.row() < m_alertModel->rowCount()) {
        {
            const auto& alert = m_alertModel->alertAt(current.row());
            choices.alertId = alert.id;
            choices.alertLabel =
                tr("#%1 (%2, client %3)")
                    .arg(alert.id)
                    .arg(QString::fromStdString(alert.kind), QString::fromStdString(alert.client));
        }
    }
    if (auto* view = qobject_cast<client::ClientView*>(m_tabs->currentWidget())) {
        choices.client = view->ip();
    }
    if (!m_dbPath.isEmpty()) {
        try {
            // clients holds one row per client: a quick read, not a scan of the queries.
            const auto [first, last] =
                core::store::ReportQuery(m_dbPath.toStdString()).timeExtent();
            choices.fromUs = first;
            choices.toUs = last;
        } catch (const std::exception&) {
            // No extent: the dialog starts at the epoch and the user picks the range.
        }
    }
    return choices;
}

void MainWindow::exportReportDialog() {
    if (m_dbPath.isEmpty() || isAnalysing() || m_reportWriter.isRunning()) return;
    auto* dialog = new incident::ReportExportDialog(reportChoices(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        exportReport(dialog->selection(), dialog->format(), dialog->path());
    });
    dialog->open();
}

void MainWindow::exportReport(const core::report::ReportSelection& selection,
                              report::ReportFormat format, const QString& path) {
    if (m_dbPath.isEmpty() || isAnalysing() || m_reportWriter.isRunning()) return;
    m_reportPath = path;
    statusBar()->showMessage(tr("Writing report %1…").arg(QFileInfo(path).fileName()));
    m_reportWriter.setFuture(
        QtConcurrent::run(buildAndWriteReport, m_dbPath, selection, format, path));
    updateSessionActions(false);
}

void MainWindow::openSettingsDialog() {
    auto* dialog =
        new settings::ConfigSettingsDialog(settings::ConfigSettingsDialog::userConfigPath(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &settings::ConfigSettingsDialog::saved, this, [this](const QString& path) {
        statusBar()->showMessage(tr("Settings saved to %1; the next analysis uses them").arg(path),
                                 kStatusMessageMs);
    });
    dialog->open();
}

void MainWindow::closeCurrentTab() {
    const int index = m_tabs->currentIndex();
    // The fixed tabs (overview, alerts) are the ones without a close button, on either side.
    if (m_tabs->tabBar()->tabButton(index, QTabBar::RightSide) != nullptr ||
        m_tabs->tabBar()->tabButton(index, QTabBar::LeftSide) != nullptr)
        Q_EMIT m_tabs->tabCloseRequested(index);
}

void MainWindow::focusFilter() {
    m_tabs->setCurrentWidget(m_alertsView);
    m_alertsView->filterEdit()->setFocus(Qt::ShortcutFocusReason);
    m_alertsView->filterEdit()->selectAll();
}

}  // namespace dnshound::ui
