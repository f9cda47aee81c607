#include "ui/client/client_domain_model.h"

#include <QStringList>

#include "ui/display/display_text.h"

namespace dnshound::ui::client {

namespace {
QString kindsText(const std::vector<std::string>& kinds) {
    QStringList out;
    for (const std::string& kind : kinds) out.push_back(QString::fromStdString(kind));
    return out.join(QStringLiteral(", "));
}
QVariant alignment(bool right) {
    return QVariant::fromValue((right ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
}
}  // namespace

ClientDomainModel::ClientDomainModel(QObject* parent) : QAbstractTableModel(parent) {}

void ClientDomainModel::setRows(std::vector<core::store::ClientDomainRow> rows) {
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

const core::store::ClientDomainRow& ClientDomainModel::rowAt(int row) const {
    return m_rows.at(static_cast<std::size_t>(row));
}

int ClientDomainModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ClientDomainModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClientDomainModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const auto& r = m_rows[static_cast<std::size_t>(index.row())];
    if (role == DomainRole) return QString::fromStdString(r.domain);
    if (role == Qt::TextAlignmentRole) {
        return alignment(index.column() != Domain && index.column() != Alerts &&
                         index.column() != FirstSeen && index.column() != LastSeen);
    }
    const bool raw = role == RawValueRole;
    if (!raw && role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case Domain:
            return QString::fromStdString(r.domain);
        case Score:
            return raw ? QVariant(r.dgaScore) : QVariant(display::score(r.dgaScore));
        case Queries:
            return raw ? QVariant(static_cast<qint64>(r.queries))
                       : QVariant(display::count(static_cast<quint64>(r.queries)));
        case NxDomain:
            return raw ? QVariant(static_cast<qint64>(r.nxdomain))
                       : QVariant(display::count(static_cast<quint64>(r.nxdomain)));
        case FirstSeen:
            return raw ? QVariant(static_cast<qint64>(r.firstSeenUs))
                       : QVariant(display::eventTime(r.firstSeenUs));
        case LastSeen:
            return raw ? QVariant(static_cast<qint64>(r.lastSeenUs))
                       : QVariant(display::eventTime(r.lastSeenUs));
        case Alerts:
            return kindsText(r.alertKinds);
        default:
            return {};
    }
}

QVariant ClientDomainModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
        case Domain:
            return tr("Name");
        case Score:
            return tr("DGA score");
        case Queries:
            return tr("Queries");
        case NxDomain:
            return tr("NXDOMAIN");
        case FirstSeen:
            return tr("First seen (UTC)");
        case LastSeen:
            return tr("Last seen (UTC)");
        case Alerts:
            return tr("Alerts citing it");
        default:
            return {};
    }
}

RelatedClientModel::RelatedClientModel(QObject* parent) : QAbstractTableModel(parent) {}

void RelatedClientModel::setRows(std::vector<core::store::RelatedClient> rows) {
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int RelatedClientModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RelatedClientModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RelatedClientModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const auto& r = m_rows[static_cast<std::size_t>(index.row())];
    if (role == ClientRole) return QString::fromStdString(r.ip);
    if (role == Qt::TextAlignmentRole) {
        return alignment(index.column() == SharedNames || index.column() == Queries);
    }
    const bool raw = role == RawValueRole;
    if (!raw && role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case Client:
            return QString::fromStdString(r.ip);
        case SharedNames:
            return static_cast<qint64>(r.sharedDomains);
        case Queries:
            return raw ? QVariant(static_cast<qint64>(r.queries))
                       : QVariant(display::count(static_cast<quint64>(r.queries)));
        case FirstSeen:
            return raw ? QVariant(static_cast<qint64>(r.firstSeenUs))
                       : QVariant(display::eventTime(r.firstSeenUs));
        case LastSeen:
            return raw ? QVariant(static_cast<qint64>(r.lastSeenUs))
                       : QVariant(display::eventTime(r.lastSeenUs));
        case Alerted:
            return raw ? QVariant(r.alerted) : QVariant(r.alerted ? tr("yes") : QString());
        default:
            return {};
    }
}

QVariant RelatedClientModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
        case Client:
            return tr("Client");
        case SharedNames:
            return tr("Shared names");
        case Queries:
            return tr("Queries");
        case FirstSeen:
            return tr("First seen (UTC)");
        case LastSeen:
            return tr("Last seen (UTC)");
        case Alerted:
            return tr("Alerted");
        default:
            return {};
    }
}

}  // namespace dnshound::ui::client
