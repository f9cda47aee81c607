#include "ui/client/client_domain_model.h"

namespace dnshound::ui::client {

ClientDomainModel::ClientDomainModel(QObject* parent)
    : RecordTableModel({tr("Name"), tr("DGA score"), tr("Queries"), tr("NXDOMAIN"),
                        tr("First seen (UTC)"), tr("Last seen (UTC)"), tr("Alerts citing it")},
                       {false, true, true, true}, parent) {}

QVariant ClientDomainModel::cell(const core::store::ClientDomainRow& r, int column,
                                 bool raw) const {
    switch (column) {
        case Domain:
            return QString::fromStdString(r.domain);
        case Score:
            return scoreCell(r.dgaScore, raw);
        case Queries:
            return countCell(r.queries, raw);
        case NxDomain:
            return countCell(r.nxdomain, raw);
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

QVariant ClientDomainModel::otherRole(const core::store::ClientDomainRow& r, int role) const {
    return role == DomainRole ? QVariant(QString::fromStdString(r.domain)) : QVariant();
}

RelatedClientModel::RelatedClientModel(QObject* parent)
    : RecordTableModel({tr("Client"), tr("Shared names"), tr("Queries"), tr("First seen (UTC)"),
                        tr("Last seen (UTC)"), tr("Alerted")},
                       {false, true, true}, parent) {}

QVariant RelatedClientModel::cell(const core::store::RelatedClient& r, int column, bool raw) const {
    switch (column) {
        case Client:
            return QString::fromStdString(r.ip);
        case SharedNames:
            return static_cast<qint64>(r.sharedDomains);
        case Queries:
            return countCell(r.queries, raw);
        case FirstSeen:
            return timeCell(r.firstSeenUs, raw);
        case LastSeen:
            return timeCell(r.lastSeenUs, raw);
        case Alerted:
            return raw ? QVariant(r.alerted) : QVariant(r.alerted ? tr("yes") : QString());
        default:
            return {};
    }
}

QVariant RelatedClientModel::otherRole(const core::store::RelatedClient& r, int role) const {
    return role == ClientRole ? QVariant(QString::fromStdString(r.ip)) : QVariant();
}

}  // namespace dnshound::ui::client
