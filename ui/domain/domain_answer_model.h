#pragma once

#include <QAbstractTableModel>
#include <vector>

#include "core/store/domain_answer_query.h"

namespace dnshound::ui::domain {

// The answers one name got: address, record type, how often, to how many clients, and when.
class DomainAnswerModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Answer, Type, Responses, Clients, FirstSeen, LastSeen, ColumnCount };
    enum Role { RawValueRole = Qt::UserRole };

    explicit DomainAnswerModel(QObject* parent = nullptr);

    void setRows(std::vector<core::store::DomainAnswerRow> rows);
    const core::store::DomainAnswerRow& rowAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<core::store::DomainAnswerRow> m_rows;
};

}  // namespace dnshound::ui::domain
