#pragma once

#include <QFutureWatcher>
#include <QMainWindow>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

#include "ui/analysis/analysis_types.h"

class QAction;
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
namespace analysis {
class AnalysisWorker;
}
namespace client {
class ClientView;
}
namespace dashboards {
class OverviewDashboard;
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
    std::vector<core::store::AlertRecord> alerts;
    QString error;
};

// Lays out the tabs, owns the actions and routes navigation; every view is its own class.
class MainWindow final : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Analyses DNS logs into a new analysis file (in a temporary folder until saved).
    void openInputs(const QStringList& paths);
    // Shows an analysis file written earlier (by this app or by dnshound-cli analyze --db).
    void openAnalysisFile(const QString& path);
    // Copies the current analysis file to `path` off the GUI thread; emits analysisSaved.
    void saveAnalysisTo(const QString& path);
    void showClient(const QString& ip);
    void cancelAnalysis();
    bool isAnalysing() const { return m_worker != nullptr; }
    QString analysisPath() const { return m_dbPath; }

    alerts::AlertTableModel* alertModel() const { return m_alertModel; }
    alerts::AlertsView* alertsView() const { return m_alertsView; }
    dashboards::OverviewDashboard* overview() const { return m_overview; }
    QTabWidget* tabs() const { return m_tabs; }
    client::ClientView* clientView(const QString& ip) const;

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

    QAction* m_openAction = nullptr;
    QAction* m_openAnalysisAction = nullptr;
    QAction* m_saveAction = nullptr;
    QAction* m_cancelAction = nullptr;
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

    triage::AlertTriage* m_triage = nullptr;
    triage::AlertTriagePanel* m_triagePanel = nullptr;
};

}  // namespace dnshound::ui
