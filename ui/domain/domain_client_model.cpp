#include "ui/domain/domain_client_model.h"

#include <QStringList>

#include "ui/display/display_text.h"

namespace dnshound::ui::domain {

DomainClientModel::DomainClientModel(QObject* parent) : QAbstractTableModel(parent) {}

void DomainClientModel::setRows(std::vector<core::store::DomainClientRow> rows) {
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

const core::store::DomainClientRow& DomainClientModel::rowAt(int row) const {
    return m_rows.at(static_cast<std::size_t>(row));
}

int DomainClientModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int DomainClientModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DomainClientModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const auto& r = m_rows[static_cast<std::size_t>(index.row())];
    if (role == ClientRole) return QString::fromStdString(r.ip);
    const int column = index.column();
    if (role == Qt::TextAlignmentRole) {
        const bool number =
            column != Client && column != FirstSeen && column != LastSeen && column != Alerts;
        return QVariant::fromValue((number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    }
    const bool raw = role == RawValueRole;
    if (!raw && role != Qt::DisplayRole) return {};
    const auto number = [raw](std::int64_t v) {
        return raw ? QVariant(static_cast<qint64>(v))
                   : QVariant(display::count(static_cast<quint64>(v)));
    };
    switch (column) {
        case Client:
            return QString::fromStdString(r.ip);
        case Queries:
            return number(r.queries);
        case NoError:
            return number(r.noError);
        case NxDomain:
            return number(r.nxdomain);
        case OtherRcode:
            return number(r.otherRcode);
        case Bytes:
            return number(r.responseBytes);
        case FirstSeen:
            return raw ? QVariant(static_cast<qint64>(r.firstSeenUs))
                       : QVariant(display::eventTime(r.firstSeenUs));
        case LastSeen:
            return raw ? QVariant(static_cast<qint64>(r.lastSeenUs))
                       : QVariant(display::eventTime(r.lastSeenUs));
        case Alerts: {
            QStringList kinds;
            for (const std::string& k : r.alertKinds) kinds.push_back(QString::fromStdString(k));
            return kinds.join(QStringLiteral(", "));
        }
        default:
            return {};
    }
}

QVariant DomainClientModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
        case Client:
            return tr("Client");
        case Queries:
            return tr("Queries");
        case NoError:
            return tr("NOERROR");
        case NxDomain:
            return tr("NXDOMAIN");
        case OtherRcode:
            return tr("Other rcode");
        case Bytes:
            return tr("Response bytes");
        case FirstSeen:
            return tr("First seen (UTC)");
        case LastSeen:
            return tr("Last seen (UTC)");
        case Alerts:
            return tr("Client's alerts");
        default:
            return {};
    }
}

}  // namespace dnshound::ui::domain
