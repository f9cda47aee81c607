#include "ui/domain/domain_client_model.h"

namespace dnshound::ui::domain {

DomainClientModel::DomainClientModel(QObject* parent)
    : RecordTableModel({tr("Client"), tr("Queries"), tr("NOERROR"), tr("NXDOMAIN"),
                        tr("Other rcode"), tr("Response bytes"), tr("First seen (UTC)"),
                        tr("Last seen (UTC)"), tr("Client's alerts")},
                       {false, true, true, true, true, true}, parent) {}

QVariant DomainClientModel::cell(const core::store::DomainClientRow& r, int column,
                                 bool raw) const {
    switch (column) {
        case Client:
            return QString::fromStdString(r.ip);
        case Queries:
            return countCell(r.queries, raw);
        case NoError:
            return countCell(r.noError, raw);
        case NxDomain:
            return countCell(r.nxdomain, raw);
        case OtherRcode:
            return countCell(r.otherRcode, raw);
        case Bytes:
            return countCell(r.responseBytes, raw);
        case FirstSeen:
            return timeCell(r.firstSeenUs, raw);
        case LastSeen:
            return timeCell(r.lastSeenUs, raw);
        case Alerts:
            return display::commaList(r.alertKinds);
        default:
            return {};
    }
}

QVariant DomainClientModel::otherRole(const core::store::DomainClientRow& r, int role) const {
    return role == ClientRole ? QVariant(QString::fromStdString(r.ip)) : QVariant();
}

}  // namespace dnshound::ui::domain
