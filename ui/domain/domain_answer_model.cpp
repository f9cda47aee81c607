#include "ui/domain/domain_answer_model.h"

#include "core/event/dns_types.h"
#include "ui/display/display_text.h"

namespace dnshound::ui::domain {

DomainAnswerModel::DomainAnswerModel(QObject* parent) : QAbstractTableModel(parent) {}

void DomainAnswerModel::setRows(std::vector<core::store::DomainAnswerRow> rows) {
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

const core::store::DomainAnswerRow& DomainAnswerModel::rowAt(int row) const {
    return m_rows.at(static_cast<std::size_t>(row));
}

int DomainAnswerModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int DomainAnswerModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DomainAnswerModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const auto& r = m_rows[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    if (role == Qt::TextAlignmentRole) {
        const bool number = column == Responses || column == Clients;
        return QVariant::fromValue((number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    }
    const bool raw = role == RawValueRole;
    if (!raw && role != Qt::DisplayRole) return {};
    const auto number = [raw](std::int64_t v) {
        return raw ? QVariant(static_cast<qint64>(v))
                   : QVariant(display::count(static_cast<quint64>(v)));
    };
    const auto time = [raw](std::int64_t us) {
        return raw ? QVariant(static_cast<qint64>(us)) : QVariant(display::eventTime(us));
    };
    switch (column) {
        case Answer:
            return QString::fromStdString(r.answer);
        case Type:
            return QString::fromStdString(core::event::qtypeName(r.rtype));
        case Responses:
            return number(r.count);
        case Clients:
            return number(r.clients);
        case FirstSeen:
            return time(r.firstSeenUs);
        case LastSeen:
            return time(r.lastSeenUs);
        default:
            return {};
    }
}

QVariant DomainAnswerModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
        case Answer:
            return tr("Answer");
        case Type:
            return tr("Type");
        case Responses:
            return tr("Responses");
        case Clients:
            return tr("Clients");
        case FirstSeen:
            return tr("First seen (UTC)");
        case LastSeen:
            return tr("Last seen (UTC)");
        default:
            return {};
    }
}

}  // namespace dnshound::ui::domain
