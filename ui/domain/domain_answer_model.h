#pragma once

#include <QObject>

#include "core/store/domain_answer_query.h"
#include "ui/display/record_table_model.h"

namespace dnshound::ui::domain {

// The answers one name got: address, record type, how often, to how many clients, and when.
class DomainAnswerModel final : public display::RecordTableModel<core::store::DomainAnswerRow> {
    Q_OBJECT

public:
    enum Column { Answer, Type, Responses, Clients, FirstSeen, LastSeen, ColumnCount };
    enum Role { RawValueRole = display::kRawValueRole };

    explicit DomainAnswerModel(QObject* parent = nullptr);

protected:
    QVariant cell(const core::store::DomainAnswerRow& row, int column, bool raw) const override;
};

}  // namespace dnshound::ui::domain
