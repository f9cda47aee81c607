#include "ui/domain/domain_answer_model.h"

#include "core/event/dns_types.h"

namespace dnshound::ui::domain {

DomainAnswerModel::DomainAnswerModel(QObject* parent)
    : RecordTableModel({tr("Answer"), tr("Type"), tr("Responses"), tr("Clients"),
                        tr("First seen (UTC)"), tr("Last seen (UTC)")},
                       {false, false, true, true}, parent) {}

QVariant DomainAnswerModel::cell(const core::store::DomainAnswerRow& r, int column,
                                 bool raw) const {
    switch (column) {
        case Answer:
            return QString::fromStdString(r.answer);
        case Type:
            return QString::fromStdString(core::event::qtypeName(r.rtype));
        case Responses:
            return countCell(r.count, raw);
        case Clients:
            return countCell(r.clients, raw);
        case FirstSeen:
            return timeCell(r.firstSeenUs, raw);
        case LastSeen:
            return timeCell(r.lastSeenUs, raw);
        default:
            return {};
    }
}

}  // namespace dnshound::ui::domain
