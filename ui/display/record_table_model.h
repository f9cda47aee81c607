#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <cstdint>
#include <utility>
#include <vector>

#include "ui/display/display_text.h"

namespace dnshound::ui::display {

// A read-only table over a vector of records (one row each), the shape every drill-down table
// shares: the subclass names its columns and says what each cell shows; this class holds the
// rows, checks indexes, aligns numbers right and answers the header.
//
// Two roles every such table serves: Qt::DisplayRole (the text the analyst reads) and
// kRawValueRole (the value sort proxies compare: numbers and times as numbers).
inline constexpr int kRawValueRole = Qt::UserRole;

template <typename Row>
class RecordTableModel : public QAbstractTableModel {
public:
    // `titles` gives the column count; `numeric[i]` right-aligns column i.
    RecordTableModel(QStringList titles, std::vector<bool> numeric, QObject* parent)
        : QAbstractTableModel(parent), m_titles(std::move(titles)), m_numeric(std::move(numeric)) {
        m_numeric.resize(static_cast<std::size_t>(m_titles.size()), false);
    }

    void setRows(std::vector<Row> rows) {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
    }
    const Row& rowAt(int row) const { return m_rows.at(static_cast<std::size_t>(row)); }

    int rowCount(const QModelIndex& parent = {}) const override {
        return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
    }
    int columnCount(const QModelIndex& parent = {}) const override {
        return parent.isValid() ? 0 : static_cast<int>(m_titles.size());
    }

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
            return {};
        const Row& row = m_rows[static_cast<std::size_t>(index.row())];
        const int column = index.column();
        if (role == Qt::TextAlignmentRole) {
            const bool right = m_numeric[static_cast<std::size_t>(column)];
            return QVariant::fromValue((right ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
        }
        if (role == Qt::DisplayRole || role == kRawValueRole)
            return cell(row, column, role == kRawValueRole);
        return otherRole(row, role);
    }

    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override {
        if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 &&
            section < m_titles.size())
            return m_titles[section];
        return QAbstractTableModel::headerData(section, orientation, role);
    }

protected:
    // What `column` of `row` shows: the raw value when `raw`, else the display text.
    virtual QVariant cell(const Row& row, int column, bool raw) const = 0;
    // Roles beyond display, raw value and alignment (a subclass's key roles).
    virtual QVariant otherRole(const Row&, int) const { return {}; }

    // The usual cells: a count, an event time and a DGA score.
    static QVariant countCell(std::int64_t value, bool raw) {
        return raw ? QVariant(static_cast<qint64>(value))
                   : QVariant(count(static_cast<std::uint64_t>(value)));
    }
    static QVariant timeCell(std::int64_t timeUs, bool raw) {
        return raw ? QVariant(static_cast<qint64>(timeUs)) : QVariant(eventTime(timeUs));
    }
    static QVariant scoreCell(double value, bool raw) {
        return raw ? QVariant(value) : QVariant(score(value));
    }

private:
    QStringList m_titles;
    std::vector<bool> m_numeric;
    std::vector<Row> m_rows;
};

}  // namespace dnshound::ui::display
