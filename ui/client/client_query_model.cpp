#include "ui/client/client_query_model.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPalette>
#include <QtConcurrent>
#include <algorithm>
#include <exception>
#include <optional>

#include "core/event/dns_types.h"
#include "core/search/search_query.h"
#include "core/store/analysis_reader.h"
#include "core/store/drilldown_reader.h"
#include "ui/display/display_text.h"

namespace dnshound::ui::client {

namespace {

using core::store::DrilldownReader;

DrilldownReader::QueryOrder orderOf(int column) {
    switch (column) {
        case ClientQueryModel::Domain:
            return DrilldownReader::QueryOrder::Domain;
        case ClientQueryModel::Type:
            return DrilldownReader::QueryOrder::Type;
        case ClientQueryModel::Rcode:
            return DrilldownReader::QueryOrder::Rcode;
        case ClientQueryModel::Size:
            return DrilldownReader::QueryOrder::Size;
        case ClientQueryModel::DgaScore:
            return DrilldownReader::QueryOrder::DgaScore;
        case ClientQueryModel::Source:
            return DrilldownReader::QueryOrder::Source;
        default:
            return DrilldownReader::QueryOrder::Time;
    }
}

QueryPage readPage(const QString& dbPath, const QString& ip, int column, bool descending,
                   const core::search::SqlFilter& filter,
                   std::shared_ptr<const std::vector<std::int64_t>> names,
                   core::store::QueryCursor cursor) {
    QueryPage page;
    try {
        // One pager per task: connections are per thread and opening one is cheap next to a page.
        core::store::SortedQueryPager pager(dbPath.toStdString());
        static const std::vector<std::int64_t> kNoNames;
        page.rows = pager.page(ip.toStdString(), orderOf(column), descending, filter,
                               names ? *names : kNoNames, cursor, ClientQueryModel::kPageRows);
        page.cursor = cursor;
    } catch (const std::exception& error) {
        page.error = QString::fromStdString(error.what());
    }
    return page;
}

QueryOrderIds buildOrder(const QString& dbPath, const QString& ip, int column, bool descending) {
    QueryOrderIds result;
    QElapsedTimer timer;
    timer.start();
    try {
        core::store::SortedQueryPager pager(dbPath.toStdString());
        result.rowIds = std::make_shared<const std::vector<std::int64_t>>(
            pager.domainOrder(ip.toStdString(), orderOf(column), descending));
    } catch (const std::exception& error) {
        result.error = QString::fromStdString(error.what());
    }
    result.elapsedMs = timer.elapsed();
    return result;
}

bool ranksNames(int column) {
    return column == ClientQueryModel::Domain || column == ClientQueryModel::DgaScore;
}

}  // namespace

ClientQueryModel::ClientQueryModel(const QString& dbPath, const QString& ip, double threshold,
                                   QObject* parent)
    : QAbstractTableModel(parent), m_dbPath(dbPath), m_ip(ip), m_threshold(threshold) {
    connect(&m_watcher, &QFutureWatcher<QueryPage>::finished, this,
            [this] { appendPage(m_watcher.result()); });
    connect(&m_orderWatcher, &QFutureWatcher<QueryOrderIds>::finished, this,
            [this] { applyOrder(m_orderWatcher.result()); });
    fetchMore({});
}

// A page still being read holds copies of the path and address only; nothing waits for it.
ClientQueryModel::~ClientQueryModel() = default;

int ClientQueryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ClientQueryModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

bool ClientQueryModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && !m_atEnd && !m_pagePending && !m_orderPending;
}

void ClientQueryModel::fetchMore(const QModelIndex& parent) {
    if (!canFetchMore(parent)) return;
    m_pagePending = true;
    const int generation = m_generation;
    const auto tag = [generation](QueryPage page) {
        page.generation = generation;
        return page;
    };
    core::search::SqlFilter filter = m_search;
    filter.andTimeWindow("q.time_us", m_fromUs, m_toUs);
    const QString path = m_dbPath;
    const QString ip = m_ip;
    const int column = m_sortColumn;
    const bool descending = m_sortOrder == Qt::DescendingOrder;
    auto names = m_order;
    const core::store::QueryCursor cursor = m_cursor;
    m_watcher.setFuture(
        QtConcurrent::run([path, ip, column, descending, filter, names, cursor, tag] {
            return tag(readPage(path, ip, column, descending, filter, names, cursor));
        }));
}

QString ClientQueryModel::setFilterText(const QString& text) {
    const QString trimmed = text.trimmed();
    if (trimmed == m_filterText) return {};
    const auto parsed = core::search::SearchQuery::parse(trimmed.toStdString());
    core::search::SqlFilter filter;
    std::optional<core::search::SearchError> error = parsed.error;
    if (!error)
        error = core::search::compileSql(parsed.query, core::search::queryTableColumns(), filter);
    if (error) return QString::fromStdString(error->describe());
    m_filterText = trimmed;
    m_search = std::move(filter);
    restart();
    return {};
}

void ClientQueryModel::setTimeWindow(std::int64_t fromUs, std::int64_t toUs) {
    if (fromUs == m_fromUs && toUs == m_toUs) return;
    m_fromUs = fromUs;
    m_toUs = toUs;
    restart();
}

// A different row set, not an edit of the old one: a reset is the honest signal. Reads still
// running belong to the old set: their results are dropped by generation.
void ClientQueryModel::restart() {
    ++m_generation;
    beginResetModel();
    m_rows.clear();
    m_cursor = {};
    m_atEnd = false;
    m_pagePending = false;
    endResetModel();
    // The name order (if any) stays: a filter or time window only narrows the rows.
    if (!ranksNames(m_sortColumn) || m_order) {
        fetchMore({});
        return;
    }
    const int column = m_sortColumn;
    m_sortColumn = -1;
    sort(column, m_sortOrder);
}

void ClientQueryModel::sort(int column, Qt::SortOrder order) {
    if (column < 0 || column >= ColumnCount) column = Time;
    if (column == m_sortColumn && order == m_sortOrder) return;
    m_sortColumn = column;
    m_sortOrder = order;
    ++m_generation;
    beginResetModel();
    m_rows.clear();
    m_order.reset();
    m_cursor = {};
    m_atEnd = false;
    // Reads still running belong to the old order: their results are dropped by generation.
    m_pagePending = false;
    m_orderPending = false;
    endResetModel();
    if (!ranksNames(column)) {
        fetchMore({});  // keyset pages straight off the column's index
        return;
    }
    const QString path = m_dbPath;
    const QString ip = m_ip;
    const int generation = m_generation;
    const bool descending = order == Qt::DescendingOrder;
    m_orderPending = true;
    m_orderWatcher.setFuture(QtConcurrent::run([path, ip, column, descending, generation] {
        QueryOrderIds ids = buildOrder(path, ip, column, descending);
        ids.generation = generation;
        return ids;
    }));
}

void ClientQueryModel::applyOrder(const QueryOrderIds& order) {
    if (order.generation != m_generation) return;
    m_orderPending = false;
    if (!order.error.isEmpty()) {
        m_atEnd = true;
        Q_EMIT loadFailed(order.error);
        return;
    }
    m_order = order.rowIds;
    Q_EMIT orderBuilt(order.elapsedMs);
    fetchMore({});
}

void ClientQueryModel::appendPage(const QueryPage& page) {
    if (page.generation != m_generation) {
        if (!m_watcher.isRunning()) {
            m_pagePending = false;
            fetchMore({});  // a page of an older order finished: ask again for the current one
        }
        return;
    }
    m_pagePending = false;
    if (!page.error.isEmpty()) {
        m_atEnd = true;
        Q_EMIT loadFailed(page.error);
        return;
    }
    m_cursor = page.cursor;
    if (page.rows.size() < kPageRows) m_atEnd = true;
    if (!page.rows.empty()) {
        const auto first = static_cast<int>(m_rows.size());
        beginInsertRows({}, first, first + static_cast<int>(page.rows.size()) - 1);
        m_rows.insert(m_rows.end(), page.rows.begin(), page.rows.end());
        endInsertRows();
    }
    Q_EMIT pageLoaded(static_cast<int>(page.rows.size()));
}

void ClientQueryModel::setThreshold(double threshold) {
    m_threshold = threshold;
    if (!m_rows.empty()) {
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                           {Qt::BackgroundRole});
    }
}

void ClientQueryModel::setSourceNames(const QStringList& names) {
    m_sourceNames = names;
    if (!m_rows.empty()) {
        Q_EMIT dataChanged(index(0, Source), index(rowCount() - 1, Source), {Qt::DisplayRole});
    }
}

QVariant ClientQueryModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const core::store::QueryRow& row = m_rows[static_cast<std::size_t>(index.row())];
    const bool flagged = row.dgaScore >= 0 && row.dgaScore >= m_threshold;
    switch (role) {
        case Qt::DisplayRole:
            switch (index.column()) {
                case Time:
                    return display::eventTime(row.timeUs);
                case Domain:
                    return QString::fromStdString(row.domain);
                case Type:
                    return QString::fromStdString(core::event::qtypeName(row.qtype));
                case Rcode:
                    return QString::fromStdString(core::event::rcodeName(row.rcode));
                case Size:
                    return row.responseBytes > 0 ? QString::number(row.responseBytes) : QString();
                case DgaScore:
                    return display::score(row.dgaScore);
                case Source:
                    if (row.sourceId < static_cast<std::uint32_t>(m_sourceNames.size())) {
                        return QStringLiteral("%1:%2")
                            .arg(m_sourceNames[static_cast<qsizetype>(row.sourceId)])
                            .arg(row.sourceLine);
                    }
                    return tr("#%1 line %2").arg(row.sourceId).arg(row.sourceLine);
                default:
                    return {};
            }
        case RawValueRole:
            switch (index.column()) {
                case Time:
                    return static_cast<qint64>(row.timeUs);
                case Domain:
                    return QString::fromStdString(row.domain);
                case Type:
                    return row.qtype;
                case Rcode:
                    return row.rcode;
                case Size:
                    return row.responseBytes;
                case DgaScore:
                    return row.dgaScore;
                case Source:
                    return static_cast<qulonglong>(row.sourceLine);
                default:
                    return {};
            }
        case Qt::TextAlignmentRole:
            if (index.column() == Size || index.column() == DgaScore) {
                return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
            }
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        case Qt::BackgroundRole:
            if (flagged) {
                // Derived from the palette so it reads in light and dark themes alike.
                QColor tint = QApplication::palette().color(QPalette::Highlight);
                tint.setAlpha(60);
                return tint;
            }
            return {};
        case Qt::ToolTipRole:
            if (index.column() == DgaScore && row.dgaScore < 0) {
                return tr("Not scored: the prefilter or inspector did not forward this query");
            }
            return {};
        default:
            return {};
    }
}

QVariant ClientQueryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
        case Time:
            return tr("Time (UTC)");
        case Domain:
            return tr("Query name");
        case Type:
            return tr("Type");
        case Rcode:
            return tr("Response");
        case Size:
            return tr("Bytes");
        case DgaScore:
            return tr("DGA score");
        case Source:
            return tr("Source");
        default:
            return {};
    }
}

}  // namespace dnshound::ui::client
