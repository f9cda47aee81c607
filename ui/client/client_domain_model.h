#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "core/store/drilldown_records.h"

namespace dnshound::ui::client {

// The names one client asked for, with their scores and the kinds of alert that cite them.
class ClientDomainModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Domain, Score, Queries, NxDomain, FirstSeen, LastSeen, Alerts, ColumnCount };
    enum Role { RawValueRole = Qt::UserRole, DomainRole };

    explicit ClientDomainModel(QObject* parent = nullptr);

    void setRows(std::vector<core::store::ClientDomainRow> rows);
    const core::store::ClientDomainRow& rowAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<core::store::ClientDomainRow> m_rows;
};

// Other clients that asked for the same suspicious names.
class RelatedClientModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Client, SharedNames, Queries, FirstSeen, LastSeen, Alerted, ColumnCount };
    enum Role { RawValueRole = Qt::UserRole, ClientRole };

    explicit RelatedClientModel(QObject* parent = nullptr);

    void setRows(std::vector<core::store::RelatedClient> rows);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<core::store::RelatedClient> m_rows;
};

}  // namespace dnshound::ui::client
