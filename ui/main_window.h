#pragma once

#include <QFutureWatcher>
#include <QMainWindow>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

#include "core/report/incident_report.h"
#include "ui/analysis/analysis_types.h"
#include "ui/incident/report_export_dialog.h"
#include "ui/report/report_file_writer.h"

class QAction;
class QMenu;
class QLabel;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QThread;

namespace dnshound::ui {

namespace alerts {
class AlertTableModel;
class AlertsView;
}  // namespace alerts
namespace allowlist {
class AllowlistActions;
class AllowlistEditor;
}  // namespace allowlist
namespace analysis {
class AnalysisWorker;
class GroundTruthDialog;
}  // namespace analysis
namespace capture {
class CaptureView;
}
namespace client {
class ClientView;
}
namespace dashboards {
class AlertsDashboard;
class DatasetDashboard;
class LatencyDashboard;
class LogVolumeDashboard;
class OverviewDashboard;
class TimeRange;
class TimeRangeBar;
}  // namespace dashboards
namespace session {
class RecentFiles;
}
namespace domain {
class DomainView;
}
namespace triage {
class AlertTriage;
class AlertTriagePanel;
}  // namespace triage

// Alerts of an analysis file read on a worker thread.
struct LoadedAlerts {
    std::vector<core::store::AlertRecord> alerts;  // allowlisted ones in state "suppressed"
    QString error;
};

// Lays out the tabs, owns the actions and routes navigation; every view is its own class.
class MainWindow final : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Analyses DNS logs into a new analysis file (in a temporary folder until saved); in datatest
    // mode when `truthFiles` or `labelColumn` give ground truth (AnalysisJob).
    void openInputs(const QStringList& paths, const QStringList& truthFiles = {},
                    bool labelColumn = false);
    // File > Open with ground truth…: the dialog (window-modal, open()) that picks logs and their
    // ground truth, pre-filled with `paths`; accepting it analyses them through openInputs.
    analysis::GroundTruthDialog* openWithGroundTruth(const QStringList& paths = {});
    // Shows an analysis file written earlier (by this app or by dnshound-cli analyze --db).
    void openAnalysisFile(const QString& path);
    // Copies the current analysis file to `path` off the GUI thread; emits analysisSaved.
    void saveAnalysisTo(const QString& path);
    void showClient(const QString& ip);
    void cancelAnalysis();
    bool isAnalysing() const;
    // Shows the live capture tab (File > Capture live).
    void showCaptureView();
    capture::CaptureView* captureView() const { return m_captureView; }
    QString analysisPath() const { return m_dbPath; }

    alerts::AlertTableModel* alertModel() const { return m_alertModel; }
    alerts::AlertsView* alertsView() const { return m_alertsView; }
    dashboards::OverviewDashboard* overview() const { return m_overview; }
    QTabWidget* tabs() const { return m_tabs; }
    dashboards::AlertsDashboard* alertsDashboard() const { return m_alertsDashboard; }
    dashboards::LatencyDashboard* latencyDashboard() const { return m_latencies; }
    dashboards::LogVolumeDashboard* logVolumeDashboard() const { return m_logVolumes; }
    // The event-time range every view shows; dragging across a time plot sets it.
    dashboards::TimeRange* timeRange() const { return m_timeRange; }
    dashboards::TimeRangeBar* timeRangeBar() const { return m_timeRangeBar; }
    client::ClientView* clientView(const QString& ip) const;
    // Datatest results; a "Dataset" tab while the analysis has them.
    dashboards::DatasetDashboard* dataset() const { return m_dataset; }
    allowlist::AllowlistActions* allowlistActions() const { return m_allowlistActions; }
    // The allowlist file edited from the alerts and applied to new analyses.
    void setAllowlistPath(const QString& path);
    // Analysis > Allowlist…: the list editor over the allowlist file (window-modal, open()).
    allowlist::AllowlistEditor* openAllowlistEditor();

    // Sessions and reports (main_window_session.cpp).
    // Writes a report of the shown analysis off the GUI thread; emits reportExported.
    void exportReport(const core::report::ReportSelection& selection, report::ReportFormat format,
                      const QString& path);
    // What "Export report…" offers: the selected alert, the open client, the analysis' extent.
    incident::ReportChoices reportChoices() const;
    session::RecentFiles* recentFiles() const { return m_recentFiles; }
    // The configuration analyses use: the settings dialog's file when it exists, else "".
    static QString analysisConfigPath();
    QAction* exportReportAction() const { return m_exportReportAction; }
    QAction* settingsAction() const { return m_settingsAction; }

    // Drill-down and triage (main_window_drilldown.cpp).
    void showDomain(const QString& domain);
    void showGlobalImportance();
    domain::DomainView* domainView(const QString& domain) const;
    triage::AlertTriagePanel* triagePanel() const { return m_triagePanel; }
    triage::AlertTriage* triage() const { return m_triage; }
    // Sets the state of the alert selected in the alerts table ("acknowledged", ...).
    void setSelectedAlertState(const QString& state);

Q_SIGNALS:
    // Emitted once the alerts and the overview of an analysis are on screen.
    void analysisShown(const QString& dbPath);
    void analysisProgress(const dnshound::core::pipeline::AnalysisProgress& progress);
    void analysisFinished(const dnshound::ui::analysis::AnalysisSummary& summary);
    void analysisFailed(const QString& message);
    // `error` is empty on success.
    void analysisSaved(const QString& path, const QString& error);
    // `error` is empty on success.
    void reportExported(const QString& path, const QString& error);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createStatusBar();
    void openFilesDialog();
    void openAnalysisDialog();
    void saveAnalysisAs();
    void openPaths(const QStringList& paths);
    void resetViews();
    void onProgress(const core::pipeline::AnalysisProgress& progress);
    void onFinished(const analysis::AnalysisSummary& summary);
    void onFailed(const QString& message);
    void stopWorkerThread();
    void setBusy(bool busy);
    void loadDone();
    void showError(const QString& title, const QString& message);
    void connectCaptureView();
    void createSessionActions();
    void updateSessionActions(bool busy);
    void exportReportDialog();
    void openSettingsDialog();
    void closeCurrentTab();
    void focusFilter();
    void connectDatasetAndAllowlist();
    void markAllowlisted(const core::store::AllowlistRecord& record);
    void addFixedTab(QWidget* page, const QString& title);
    bool isFixedTab(int index) const;
    void loadDashboards(const QString& dbPath);
    void applyTimeRange(std::int64_t fromUs, std::int64_t toUs);
    void createDrilldown();
    void connectClientView(client::ClientView* view);
    void showSelectedAlert();

    QTemporaryDir m_tempDir;
    int m_runCounter = 0;
    QString m_dbPath;

    QTabWidget* m_tabs;
    alerts::AlertTableModel* m_alertModel;
    alerts::AlertsView* m_alertsView;
    dashboards::OverviewDashboard* m_overview;
    capture::CaptureView* m_captureView;
    dashboards::DatasetDashboard* m_dataset;
    allowlist::AllowlistActions* m_allowlistActions;
    dashboards::TimeRange* m_timeRange;
    dashboards::TimeRangeBar* m_timeRangeBar;
    dashboards::AlertsDashboard* m_alertsDashboard;
    dashboards::LatencyDashboard* m_latencies;
    dashboards::LogVolumeDashboard* m_logVolumes;
    QList<QWidget*> m_fixedPages;  // tabs that stay for every analysis (not closable)

    QAction* m_openAction = nullptr;
    QAction* m_openAnalysisAction = nullptr;
    QAction* m_openTruthAction = nullptr;
    QAction* m_saveAction = nullptr;
    QAction* m_cancelAction = nullptr;
    QAction* m_captureAction = nullptr;
    QAction* m_quitAction = nullptr;
    QLabel* m_statusText = nullptr;
    QLabel* m_rateText = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancelButton = nullptr;

    // The running analysis: the worker lives on m_thread until the run ends.
    std::unique_ptr<QThread> m_thread;
    std::unique_ptr<analysis::AnalysisWorker> m_worker;
    QFutureWatcher<LoadedAlerts> m_alertLoader;
    int m_pendingLoads = 0;  // reads to finish before the analysis counts as shown
    QFutureWatcher<QString> m_saver;
    QString m_savingTo;

    session::RecentFiles* m_recentFiles = nullptr;
    QMenu* m_recentMenu = nullptr;
    QAction* m_exportReportAction = nullptr;
    QAction* m_settingsAction = nullptr;
    QAction* m_closeTabAction = nullptr;
    QAction* m_findAction = nullptr;
    QFutureWatcher<QString> m_reportWriter;
    QString m_reportPath;
    triage::AlertTriage* m_triage = nullptr;
    triage::AlertTriagePanel* m_triagePanel = nullptr;
};

}  // namespace dnshound::ui
