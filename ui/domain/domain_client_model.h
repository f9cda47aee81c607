#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "core/store/drilldown_records.h"

namespace dnshound::ui::domain {

// Every client that asked for one name, with its response codes and times.
class DomainClientModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        Client,
        Queries,
        NoError,
        NxDomain,
        OtherRcode,
        Bytes,
        FirstSeen,
        LastSeen,
        Alerts,
        ColumnCount
    };
    enum Role { RawValueRole = Qt::UserRole, ClientRole };

    explicit DomainClientModel(QObject* parent = nullptr);

    void setRows(std::vector<core::store::DomainClientRow> rows);
    const core::store::DomainClientRow& rowAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<core::store::DomainClientRow> m_rows;
};

}  // namespace dnshound::ui::domain
