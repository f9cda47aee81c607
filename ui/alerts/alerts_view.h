#pragma once

#include <array>
#include <string_view>

#include <QList>
#include <QString>
#include <QWidget>

#include "core/config/allowlist.h"
#include "core/store/store_records.h"
class QAction;

class QLabel;
class QLineEdit;
class QMenu;
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
    // The right-click menu of a view row (the caller owns it); empty when the row has none.
    QMenu* contextMenuFor(int row, QWidget* parent);
    // The parse error of the query in the filter box; empty when it applies.
    QLabel* filterError() const { return m_filterError; }
    // Actions offered in the table's context menu (triage, drill-down), in this order.
    void addContextActions(const QList<QAction*>& actions);

Q_SIGNALS:
    void clientRequested(const QString& ip);
    // Double-click on the domain column.
    void domainRequested(const QString& domain);
    // "Allowlist domain / suffix / client…" chosen for an alert; `value` is the proposal.
    void allowlistRequested(dnshound::core::config::AllowKind kind, const QString& value);

private:
    void updateCountLabel();
    void showContextMenu(const QPoint& pos);
    void addAllowlistActions(QMenu* menu, const core::store::AlertRecord& alert);
    // The client column fits the widest address shown, up to a full IPv6 address, so IPv4
    // networks leave the room to the domain; not once the analyst has resized it. Rows
    // first..last are new; the widest address so far (m_clientTextWidth) covers the others.
    void fitClientColumn(int first, int last);
    // Width of ASCII text in the table's font, from per-character advances.
    int asciiWidth(std::string_view text) const;

    AlertTableModel* m_model;
    QLineEdit* m_filter;
    QLabel* m_filterError;
    QLabel* m_countLabel;
    QTableView* m_table;
    QTimer* m_filterDelay;
    QList<QAction*> m_contextActions;
    bool m_fittingClient = false;
    bool m_clientResizedByUser = false;
    int m_clientTextWidth = 0;             // widest client address of the rows shown
    std::array<int, 128> m_charAdvance{};  // the table font's advance per ASCII character
};

}  // namespace dnshound::ui::alerts
