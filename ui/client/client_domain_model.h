#pragma once

#include <QObject>

#include "core/store/drilldown_records.h"
#include "ui/display/record_table_model.h"

namespace dnshound::ui::client {

// The names one client asked for, with their scores and the kinds of alert that cite them.
class ClientDomainModel final : public display::RecordTableModel<core::store::ClientDomainRow> {
    Q_OBJECT

public:
    enum Column { Domain, Score, Queries, NxDomain, FirstSeen, LastSeen, Alerts, ColumnCount };
    enum Role { RawValueRole = display::kRawValueRole, DomainRole };

    explicit ClientDomainModel(QObject* parent = nullptr);

protected:
    QVariant cell(const core::store::ClientDomainRow& row, int column, bool raw) const override;
    QVariant otherRole(const core::store::ClientDomainRow& row, int role) const override;
};

// Other clients that asked for the same suspicious names.
class RelatedClientModel final : public display::RecordTableModel<core::store::RelatedClient> {
    Q_OBJECT

public:
    enum Column { Client, SharedNames, Queries, FirstSeen, LastSeen, Alerted, ColumnCount };
    enum Role { RawValueRole = display::kRawValueRole, ClientRole };

    explicit RelatedClientModel(QObject* parent = nullptr);

protected:
    QVariant cell(const core::store::RelatedClient& row, int column, bool raw) const override;
    QVariant otherRole(const core::store::RelatedClient& row, int role) const override;
};

}  // namespace dnshound::ui::client
