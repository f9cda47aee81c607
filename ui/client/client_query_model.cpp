#include "ui/client/client_query_model.h"

#include <QApplication>
#include <QPalette>
#include <QtConcurrent>
#include <exception>
#include <optional>

#include "core/event/dns_types.h"
#include "core/store/analysis_reader.h"
#include "ui/display/display_text.h"

namespace dnshound::ui::client {

namespace {

QueryPage readPage(const QString& dbPath, const QString& ip, std::int64_t afterRowId,
                   const core::search::SqlFilter& filter, int generation) {
    QueryPage page;
    page.generation = generation;
    try {
        // One reader per task: readers are per thread and opening one is cheap next to a page.
        const core::store::AnalysisReader reader(dbPath.toStdString());
        page.rows =
            reader.clientQueries(ip.toStdString(), afterRowId, ClientQueryModel::kPageRows, filter);
    } catch (const std::exception& error) {
        page.error = QString::fromStdString(error.what());
    }
    return page;
}

}  // namespace

ClientQueryModel::ClientQueryModel(const QString& dbPath, const QString& ip, double threshold,
                                   QObject* parent)
    : QAbstractTableModel(parent), m_dbPath(dbPath), m_ip(ip), m_threshold(threshold) {
    connect(&m_watcher, &QFutureWatcher<QueryPage>::finished, this, [this] {
        const QueryPage page = m_watcher.result();
        if (page.generation != m_generation) {
            fetchMore({});  // the filter changed while this page was read: read again
            return;
        }
        appendPage(page);
    });
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
    return !parent.isValid() && !m_atEnd && !m_watcher.isRunning();
}

void ClientQueryModel::fetchMore(const QModelIndex& parent) {
    if (!canFetchMore(parent)) return;
    const std::int64_t after = m_rows.empty() ? 0 : m_rows.back().rowId;
    core::search::SqlFilter filter = m_search;
    filter.andTimeWindow("q.time_us", m_fromUs, m_toUs);
    m_watcher.setFuture(QtConcurrent::run(readPage, m_dbPath, m_ip, after, filter, m_generation));
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

void ClientQueryModel::restart() {
    // A different row set, not an edit of the old one: a reset is the honest signal.
    beginResetModel();
    m_rows.clear();
    m_atEnd = false;
    ++m_generation;
    endResetModel();
    fetchMore({});  // when a page is being read, its arrival triggers the new read instead
}

void ClientQueryModel::appendPage(const QueryPage& page) {
    if (!page.error.isEmpty()) {
        m_atEnd = true;
        Q_EMIT loadFailed(page.error);
        return;
    }
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
