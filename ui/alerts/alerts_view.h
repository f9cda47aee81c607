#pragma once

#include <QList>
#include <QString>
#include <QWidget>

class QAction;

class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace dnshound::ui::alerts {

class AlertTableModel;

// The Alerts tab: a filter box over a sortable table of every alert. Double-clicking a row asks
// for that client's drill-down; the window decides where it opens.
class AlertsView final : public QWidget {
    Q_OBJECT

public:
    explicit AlertsView(AlertTableModel* model, QWidget* parent = nullptr);

    QTableView* table() const { return m_table; }
    QLineEdit* filterEdit() const { return m_filter; }
    // Actions offered in the table's context menu (triage, drill-down), in this order.
    void addContextActions(const QList<QAction*>& actions);

Q_SIGNALS:
    void clientRequested(const QString& ip);
    // Double-click on the domain column.
    void domainRequested(const QString& domain);

private:
    void updateCountLabel();
    void showContextMenu(const QPoint& pos);

    AlertTableModel* m_model;
    QLineEdit* m_filter;
    QLabel* m_countLabel;
    QTableView* m_table;
    QTimer* m_filterDelay;
    QList<QAction*> m_contextActions;
};

}  // namespace dnshound::ui::alerts
