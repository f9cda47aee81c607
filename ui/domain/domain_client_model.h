#pragma once

#include <QObject>

#include "core/store/drilldown_records.h"
#include "ui/display/record_table_model.h"

namespace dnshound::ui::domain {

// Every client that asked for one name, with its response codes and times.
class DomainClientModel final : public display::RecordTableModel<core::store::DomainClientRow> {
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
    enum Role { RawValueRole = display::kRawValueRole, ClientRole };

    explicit DomainClientModel(QObject* parent = nullptr);

protected:
    QVariant cell(const core::store::DomainClientRow& row, int column, bool raw) const override;
    QVariant otherRole(const core::store::DomainClientRow& row, int role) const override;
};

}  // namespace dnshound::ui::domain
