// MainWindow's drill-down and triage routing, kept apart from the window's core layout so the
// two change independently: the alert details dock, triage actions and shortcuts, the domain
// view and the model's global importance tab.
#include <QAction>
#include <QDockWidget>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>

#include "ui/alerts/alert_table_model.h"
#include "ui/alerts/alerts_view.h"
#include "ui/allowlist/allowlist_actions.h"
#include "ui/allowlist/allowlist_editor.h"
#include "ui/client/client_view.h"
#include "ui/domain/domain_view.h"
#include "ui/explain/global_importance_view.h"
#include "ui/main_window.h"
#include "ui/triage/alert_triage.h"
#include "ui/triage/alert_triage_panel.h"

namespace dnshound::ui {

namespace {
constexpr int kFixedTabs = 2;  // Overview and Alerts
constexpr int kTriageMessageMs = 4000;
}  // namespace

void MainWindow::createDrilldown() {
    m_triage = new triage::AlertTriage(this);
    m_triagePanel = new triage::AlertTriagePanel(m_triage, this);
    auto* dock = new QDockWidget(tr("Alert details"), this);
    dock->setObjectName(QStringLiteral("alertDetailsDock"));
    dock->setWidget(m_triagePanel);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                      QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    resizeDocks({dock}, {560}, Qt::Horizontal);

    QTableView* table = m_alertsView->table();
    QList<QAction*> menuActions;
    const std::pair<QString, QString> states[] = {
        {QStringLiteral("acknowledged"), QStringLiteral("A")},
        {QStringLiteral("false_positive"), QStringLiteral("F")},
        {QStringLiteral("escalated"), QStringLiteral("E")},
        {QStringLiteral("new"), QStringLiteral("U")},
    };
    for (const auto& [state, key] : states) {
        auto* action =
            new QAction(tr("Mark as %1").arg(triage::AlertTriage::stateLabel(state)), table);
        action->setShortcut(QKeySequence(key));
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        const QString target = state;
        connect(action, &QAction::triggered, this,
                [this, target] { setSelectedAlertState(target); });
        table->addAction(action);
        menuActions.push_back(action);
    }
    auto* note = new QAction(tr("Add note…"), table);
    note->setShortcut(QKeySequence(tr("Ctrl+Shift+N")));
    note->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(note, &QAction::triggered, this, [this, dock] {
        dock->show();
        dock->raise();
        m_triagePanel->focusNoteEditor();
    });
    table->addAction(note);
    auto* openClient = new QAction(tr("Open client"), table);
    connect(openClient, &QAction::triggered, this, [this] {
        const QModelIndex index = m_alertsView->table()->currentIndex();
        if (index.isValid()) {
            showClient(QString::fromStdString(m_alertModel->alertAt(index.row()).client));
        }
    });
    auto* openDomain = new QAction(tr("Open domain"), table);
    connect(openDomain, &QAction::triggered, this, [this] {
        const QModelIndex index = m_alertsView->table()->currentIndex();
        if (index.isValid()) {
            showDomain(QString::fromStdString(m_alertModel->alertAt(index.row()).domain));
        }
    });
    menuActions.push_back(note);
    menuActions.push_back(nullptr);
    menuActions.push_back(openClient);
    menuActions.push_back(openDomain);
    m_alertsView->addContextActions(menuActions);

    QMenu* modelMenu = menuBar()->addMenu(tr("&Model"));
    QAction* importance = modelMenu->addAction(tr("Global feature &importance"), this,
                                               &MainWindow::showGlobalImportance);
    importance->setShortcut(QKeySequence(tr("Ctrl+I")));
    // One View menu: the session actions may have made it already.
    QMenu* viewMenu = nullptr;
    for (QAction* action : menuBar()->actions())
        if (action->menu() && action->text() == tr("&View")) viewMenu = action->menu();
    if (viewMenu == nullptr) viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->addAction(dock->toggleViewAction());

    connect(m_alertsView, &alerts::AlertsView::domainRequested, this, &MainWindow::showDomain);
    connect(table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::showSelectedAlert);
    connect(m_alertModel, &QAbstractItemModel::modelReset, this,
            [this] { m_triagePanel->clearAlert(); });
    connect(this, &MainWindow::analysisShown, this, [this](const QString& dbPath) {
        m_triage->setAnalysis(dbPath);
        m_triagePanel->setAnalysis(dbPath);
        showSelectedAlert();
    });
    connect(
        m_triage, &triage::AlertTriage::stateChanged, this,
        [this](qint64 alertId, const QString& state) {
            m_alertModel->setAlertState(alertId, state.toStdString());
            statusBar()->showMessage(
                tr("Alert #%1 is now %2").arg(alertId).arg(triage::AlertTriage::stateLabel(state)),
                kTriageMessageMs);
        });
    connect(m_triage, &triage::AlertTriage::failed, this,
            [this](const QString& message) { showError(tr("Triage"), message); });
}

void MainWindow::showSelectedAlert() {
    const QModelIndex index = m_alertsView->table()->currentIndex();
    if (!index.isValid() || isAnalysing() || m_triage->analysis().isEmpty()) {
        m_triagePanel->clearAlert();
        return;
    }
    m_triagePanel->setAlert(m_alertModel->alertAt(index.row()));
}

void MainWindow::setSelectedAlertState(const QString& state) {
    const QModelIndex index = m_alertsView->table()->currentIndex();
    if (!index.isValid() || isAnalysing() || m_triage->analysis().isEmpty()) return;
    m_triage->setState(m_alertModel->alertAt(index.row()).id, state);
}

void MainWindow::connectClientView(client::ClientView* view) {
    connect(view, &client::ClientView::domainRequested, this, &MainWindow::showDomain);
    connect(view, &client::ClientView::clientRequested, this, &MainWindow::showClient);
}

domain::DomainView* MainWindow::domainView(const QString& domain) const {
    for (int index = kFixedTabs; index < m_tabs->count(); ++index) {
        auto* view = qobject_cast<domain::DomainView*>(m_tabs->widget(index));
        if (view != nullptr && view->domain() == domain) return view;
    }
    return nullptr;
}

void MainWindow::showDomain(const QString& domain) {
    if (m_dbPath.isEmpty() || domain.isEmpty() || isAnalysing()) return;
    domain::DomainView* view = domainView(domain);
    if (view == nullptr) {
        view = new domain::DomainView(m_dbPath, domain, m_tabs);
        connect(view, &domain::DomainView::clientRequested, this, &MainWindow::showClient);
        m_tabs->addTab(view, tr("Domain %1").arg(domain));
    }
    m_tabs->setCurrentWidget(view);
}

void MainWindow::showGlobalImportance() {
    for (int index = kFixedTabs; index < m_tabs->count(); ++index) {
        if (qobject_cast<explain::GlobalImportanceView*>(m_tabs->widget(index)) != nullptr) {
            m_tabs->setCurrentIndex(index);
            return;
        }
    }
    auto* view = new explain::GlobalImportanceView(isAnalysing() ? QString() : m_dbPath, m_tabs);
    m_tabs->setCurrentIndex(m_tabs->addTab(view, tr("Model importance")));
}

// Analysis > Allowlist…
allowlist::AllowlistEditor* MainWindow::openAllowlistEditor() {
    m_allowlistActions->setAnalysisPath(isAnalysing() ? QString() : m_dbPath);
    std::vector<core::store::AlertRecord> shown;
    for (int row = 0; row < m_alertModel->rowCount(); ++row)
        shown.push_back(m_alertModel->alertAt(row));
    auto* editor = new allowlist::AllowlistEditor(m_allowlistActions, shown, this);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    connect(editor, &allowlist::AllowlistEditor::changed, this, [this, editor] {
        std::vector<core::store::AllowlistRecord> records;
        for (const auto& e : editor->entries()) {
            records.push_back({std::string(core::config::allowKindName(e.kind)), e.value, e.reason,
                               e.expiresUs, e.addedUs});
        }
        std::vector<core::store::AlertRecord> alerts;
        for (int row = 0; row < m_alertModel->rowCount(); ++row)
            alerts.push_back(m_alertModel->alertAt(row));
        if (allowlist::AllowlistActions::markSuppressed(records, alerts))
            m_alertModel->upsertAlerts(alerts);
    });
    editor->open();
    return editor;
}

}  // namespace dnshound::ui
