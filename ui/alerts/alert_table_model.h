#pragma once

#include <QAbstractTableModel>
#include <QString>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/search/alert_filter.h"
#include "core/store/store_records.h"

namespace dnshound::ui::alerts {

// Every alert of one analysis, one row per (kind, client). Sorting and filtering happen here, on
// a permutation of row indices with typed comparisons, so both stay fast with a million alerts.
// New alerts arrive with exact insert signals, updates of known ones with dataChanged.
class AlertTableModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Kind, Client, Domain, Score, Count, FirstSeen, LastSeen, State, ColumnCount };
    enum Role {
        RawValueRole = Qt::UserRole,  // unformatted value of the cell, for sorting and tests
        ClientRole,                   // the row's client address, on every column (drill-down)
    };

    explicit AlertTableModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // Adds alerts not seen before and updates known ones (same kind and client) in place.
    void upsertAlerts(const std::vector<core::store::AlertRecord>& alerts);
    // Replaces everything (a different analysis was opened).
    void setAlerts(std::vector<core::store::AlertRecord> alerts);
    void clear();

    // A search query (core/search: `kind:dga score:>0.9 10.0.0.`; bare words are substrings of
    // client, domain or kind); empty shows every alert. Returns the parse error (empty when the
    // query was applied); an invalid query leaves the current filter in place.
    QString setFilterText(const QString& text);
    QString filterText() const { return QString::fromStdString(m_filter); }
    // Only alerts first raised in [fromUs, toUs); (0, 0) shows all.
    void setTimeWindow(std::int64_t fromUs, std::int64_t toUs);

    int totalCount() const { return static_cast<int>(m_alerts.size()); }
    // Triage: the alert with this id now has `state` (one dataChanged for its row).
    void setAlertState(std::int64_t alertId, const std::string& state);
    // The alert shown in `row` (a view row, after sorting and filtering).
    const core::store::AlertRecord& alertAt(int row) const;

Q_SIGNALS:
    void totalCountChanged(int total);

private:
    bool matchesFilter(const core::store::AlertRecord& alert) const;
    bool lessThan(int a, int b) const;
    std::uint64_t sortKey(int alertIndex) const;
    void sortView();
    void rebuildView();
    void reindexFrom(std::size_t viewRow);
    int addAlert(const core::store::AlertRecord& alert);
    void insertSorted(int alertIndex);
    void removeFromView(int alertIndex);

    std::vector<core::store::AlertRecord> m_alerts;
    std::vector<std::uint64_t> m_clientKey;  // IPv4 as a number so 10.0.0.9 < 10.0.0.10
    std::vector<int> m_view;                 // view row -> index into m_alerts
    std::vector<int> m_viewRowOf;            // index into m_alerts -> view row, -1 if hidden
    std::unordered_map<std::string, int> m_byKey;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    std::string m_filter;  // the query text as typed (trimmed)
    core::search::AlertFilter m_search;
    std::int64_t m_fromUs = 0;
    std::int64_t m_toUs = 0;
};

}  // namespace dnshound::ui::alerts
