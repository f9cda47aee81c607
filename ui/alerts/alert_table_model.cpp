#include "ui/alerts/alert_table_model.h"

#include <QStringList>
#include <algorithm>
#include <cstring>
#include <limits>
#include <numeric>
#include <optional>
#include <string_view>
#include <utility>

#include "ui/display/display_text.h"

namespace dnshound::ui::alerts {

using core::store::AlertRecord;

namespace {

constexpr std::size_t kSortedInsertMax = 64;  // larger batches are appended, then re-sorted

std::string alertKey(const AlertRecord& alert) {
    return alert.kind + '\n' + alert.client;
}

// Dotted IPv4 as a number; everything else sorts after IPv4 (then by text).
std::uint64_t clientSortKey(std::string_view ip) {
    std::uint64_t value = 0;
    std::uint64_t part = 0;
    int dots = 0;
    int digits = 0;
    for (const char c : ip) {
        if (c >= '0' && c <= '9') {
            part = part * 10 + static_cast<std::uint64_t>(c - '0');
            if (++digits > 3 || part > 255) return std::numeric_limits<std::uint64_t>::max();
        } else if (c == '.' && digits > 0 && dots < 3) {
            value = (value << 8) | part;
            part = 0;
            digits = 0;
            ++dots;
        } else {
            return std::numeric_limits<std::uint64_t>::max();
        }
    }
    if (dots != 3 || digits == 0) return std::numeric_limits<std::uint64_t>::max();
    return (value << 8) | part;
}

QString kindLabel(const std::string& kind) {
    if (kind == "dga") return QStringLiteral("DGA");
    if (kind == "tunnel") return QStringLiteral("Tunnel");
    if (kind == "exfil") return QStringLiteral("Exfiltration");
    return QString::fromStdString(kind);
}

// Keys that order like the values they come from, so the sort compares plain integers held in
// one contiguous array instead of chasing every row's strings (5-10x faster on a million rows).
std::uint64_t orderedKey(std::int64_t value) {
    return static_cast<std::uint64_t>(value) ^ (std::uint64_t{1} << 63);
}

std::uint64_t orderedKey(double value) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    // Negative doubles order backwards bit-wise: flip them all; positives: flip the sign bit.
    return (bits >> 63) != 0 ? ~bits : bits ^ (std::uint64_t{1} << 63);
}

// The first 8 bytes, big-endian: compares like std::string::compare on those bytes.
std::uint64_t prefixKey(const std::string& text) {
    std::uint64_t key = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        key = (key << 8) | (i < text.size() ? static_cast<unsigned char>(text[i]) : 0U);
    }
    return key;
}

template <typename T>
int compareValues(const T& a, const T& b) {
    return a < b ? -1 : (b < a ? 1 : 0);
}

}  // namespace

AlertTableModel::AlertTableModel(QObject* parent) : QAbstractTableModel(parent) {}

int AlertTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_view.size());
}

int AlertTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

const AlertRecord& AlertTableModel::alertAt(int row) const {
    return m_alerts[static_cast<std::size_t>(m_view.at(static_cast<std::size_t>(row)))];
}

QVariant AlertTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const AlertRecord& alert = alertAt(index.row());
    switch (role) {
        case Qt::DisplayRole:
            switch (index.column()) {
                case Kind:
                    return kindLabel(alert.kind);
                case Client:
                    return QString::fromStdString(alert.client);
                case Domain:
                    return QString::fromStdString(alert.domain);
                case Score:
                    return display::score(alert.score);
                case Count:
                    return display::count(static_cast<std::uint64_t>(alert.count));
                case FirstSeen:
                    return display::eventTime(alert.firstSeenUs);
                case LastSeen:
                    return display::eventTime(alert.lastSeenUs);
                case State:
                    return QString::fromStdString(alert.state);
                default:
                    return {};
            }
        case RawValueRole:
            switch (index.column()) {
                case Kind:
                    return QString::fromStdString(alert.kind);
                case Client:
                    return QString::fromStdString(alert.client);
                case Domain:
                    return QString::fromStdString(alert.domain);
                case Score:
                    return alert.score;
                case Count:
                    return static_cast<qint64>(alert.count);
                case FirstSeen:
                    return static_cast<qint64>(alert.firstSeenUs);
                case LastSeen:
                    return static_cast<qint64>(alert.lastSeenUs);
                case State:
                    return QString::fromStdString(alert.state);
                default:
                    return {};
            }
        case ClientRole:
            return QString::fromStdString(alert.client);
        case Qt::TextAlignmentRole:
            if (index.column() == Score || index.column() == Count) {
                return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
            }
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        case Qt::ToolTipRole:
            // Alerts say why in words (reason: tunnel and exfil figures, a DGA alert's family)
            // on every column.
            if (!alert.reason.empty() && (index.column() != Domain || alert.evidence.empty()))
                return QString::fromStdString(alert.reason);
            if (index.column() == Domain && !alert.evidence.empty()) {
                if (!alert.reason.empty()) {
                    QStringList lines;
                    for (const std::string& name : alert.evidence)
                        lines.push_back(QString::fromStdString(name));
                    return tr("%1\n\nEvidence:\n%2")
                        .arg(QString::fromStdString(alert.reason), lines.join(QLatin1Char('\n')));
                }
                QStringList lines;
                for (const std::string& name : alert.evidence) {
                    lines.push_back(QString::fromStdString(name));
                }
                return tr("Evidence:\n%1").arg(lines.join(QLatin1Char('\n')));
            }
            return {};
        default:
            return {};
    }
}

QVariant AlertTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
        case Kind:
            return tr("Kind");
        case Client:
            return tr("Client");
        case Domain:
            return tr("Top domain");
        case Score:
            return tr("Score");
        case Count:
            return tr("Evidence");
        case FirstSeen:
            return tr("First seen (UTC)");
        case LastSeen:
            return tr("Last seen (UTC)");
        case State:
            return tr("State");
        default:
            return {};
    }
}

bool AlertTableModel::matchesFilter(const AlertRecord& alert) const {
    if (m_toUs > m_fromUs && (alert.firstSeenUs < m_fromUs || alert.firstSeenUs >= m_toUs)) {
        return false;
    }
    return m_search.matches(alert);
}

bool AlertTableModel::lessThan(int a, int b) const {
    const AlertRecord& x = m_alerts[static_cast<std::size_t>(a)];
    const AlertRecord& y = m_alerts[static_cast<std::size_t>(b)];
    int order = 0;
    switch (m_sortColumn) {
        case Kind:
            order = x.kind.compare(y.kind);
            break;
        case Client:
            order = compareValues(m_clientKey[static_cast<std::size_t>(a)],
                                  m_clientKey[static_cast<std::size_t>(b)]);
            if (order == 0) order = x.client.compare(y.client);
            break;
        case Domain:
            order = x.domain.compare(y.domain);
            break;
        case Score:
            order = compareValues(x.score, y.score);
            break;
        case Count:
            order = compareValues(x.count, y.count);
            break;
        case FirstSeen:
            order = compareValues(x.firstSeenUs, y.firstSeenUs);
            break;
        case LastSeen:
            order = compareValues(x.lastSeenUs, y.lastSeenUs);
            break;
        case State:
            order = x.state.compare(y.state);
            break;
        default:
            break;
    }
    if (m_sortOrder == Qt::DescendingOrder) order = -order;
    // Ties keep arrival order in both directions, so the view never jumps between sorts.
    return order != 0 ? order < 0 : a < b;
}

void AlertTableModel::reindexFrom(std::size_t viewRow) {
    for (std::size_t row = viewRow; row < m_view.size(); ++row) {
        m_viewRowOf[static_cast<std::size_t>(m_view[row])] = static_cast<int>(row);
    }
}

std::uint64_t AlertTableModel::sortKey(int alertIndex) const {
    const auto i = static_cast<std::size_t>(alertIndex);
    const AlertRecord& alert = m_alerts[i];
    switch (m_sortColumn) {
        case Kind:
            return prefixKey(alert.kind);
        case Client:
            return m_clientKey[i];
        case Domain:
            return prefixKey(alert.domain);
        case Score:
            return orderedKey(alert.score);
        case Count:
            return orderedKey(alert.count);
        case FirstSeen:
            return orderedKey(alert.firstSeenUs);
        case LastSeen:
            return orderedKey(alert.lastSeenUs);
        case State:
            return prefixKey(alert.state);
        default:
            return 0;
    }
}

void AlertTableModel::sortView() {
    if (m_sortColumn < 0) {
        std::sort(m_view.begin(), m_view.end());  // arrival order
        reindexFrom(0);
        return;
    }
    std::vector<std::pair<std::uint64_t, int>> keyed;
    keyed.reserve(m_view.size());
    for (const int alertIndex : m_view) keyed.emplace_back(sortKey(alertIndex), alertIndex);
    const bool descending = m_sortOrder == Qt::DescendingOrder;
    std::sort(keyed.begin(), keyed.end(), [this, descending](const auto& x, const auto& y) {
        if (x.first != y.first) return descending ? x.first > y.first : x.first < y.first;
        return lessThan(x.second, y.second);  // equal keys: the full comparison decides
    });
    for (std::size_t row = 0; row < keyed.size(); ++row) m_view[row] = keyed[row].second;
    reindexFrom(0);
}

void AlertTableModel::rebuildView() {
    m_view.clear();
    std::fill(m_viewRowOf.begin(), m_viewRowOf.end(), -1);
    for (std::size_t i = 0; i < m_alerts.size(); ++i) {
        if (matchesFilter(m_alerts[i])) m_view.push_back(static_cast<int>(i));
    }
    sortView();
}

void AlertTableModel::sort(int column, Qt::SortOrder order) {
    m_sortColumn = column >= 0 && column < ColumnCount ? column : -1;
    m_sortOrder = order;
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    std::vector<int> alertOf;
    alertOf.reserve(static_cast<std::size_t>(before.size()));
    for (const QModelIndex& index : before) {
        alertOf.push_back(m_view[static_cast<std::size_t>(index.row())]);
    }
    sortView();
    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype i = 0; i < before.size(); ++i) {
        const int row = m_viewRowOf[static_cast<std::size_t>(alertOf[static_cast<std::size_t>(i)])];
        after.push_back(index(row, before[i].column()));
    }
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

int AlertTableModel::addAlert(const AlertRecord& alert) {
    const int alertIndex = static_cast<int>(m_alerts.size());
    m_alerts.push_back(alert);
    m_clientKey.push_back(clientSortKey(alert.client));
    m_viewRowOf.push_back(-1);
    m_byKey.emplace(alertKey(alert), alertIndex);
    return alertIndex;
}

void AlertTableModel::insertSorted(int alertIndex) {
    const auto pos = m_sortColumn < 0
                         ? m_view.end()
                         : std::upper_bound(m_view.begin(), m_view.end(), alertIndex,
                                            [this](int a, int b) { return lessThan(a, b); });
    const auto row = static_cast<std::size_t>(pos - m_view.begin());
    beginInsertRows({}, static_cast<int>(row), static_cast<int>(row));
    m_view.insert(pos, alertIndex);
    reindexFrom(row);
    endInsertRows();
}

void AlertTableModel::removeFromView(int alertIndex) {
    const int row = m_viewRowOf[static_cast<std::size_t>(alertIndex)];
    beginRemoveRows({}, row, row);
    m_view.erase(m_view.begin() + row);
    m_viewRowOf[static_cast<std::size_t>(alertIndex)] = -1;
    reindexFrom(static_cast<std::size_t>(row));
    endRemoveRows();
}

void AlertTableModel::upsertAlerts(const std::vector<AlertRecord>& alerts) {
    std::vector<int> added;
    const auto firstNew = static_cast<int>(m_alerts.size());
    for (const AlertRecord& alert : alerts) {
        const auto known = m_byKey.find(alertKey(alert));
        if (known == m_byKey.end()) {
            addAlert(alert);
            continue;
        }
        const int alertIndex = known->second;
        m_alerts[static_cast<std::size_t>(alertIndex)] = alert;
        m_clientKey[static_cast<std::size_t>(alertIndex)] = clientSortKey(alert.client);
        if (alertIndex >= firstNew) continue;  // new in this batch: shown below, final values
        const int row = m_viewRowOf[static_cast<std::size_t>(alertIndex)];
        const bool visible = row >= 0;
        const bool matches = matchesFilter(alert);
        if (visible && matches) {
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        } else if (visible) {
            removeFromView(alertIndex);
        } else if (matches) {
            insertSorted(alertIndex);
        }
    }
    for (auto i = static_cast<std::size_t>(firstNew); i < m_alerts.size(); ++i) {
        if (matchesFilter(m_alerts[i])) added.push_back(static_cast<int>(i));
    }
    if (added.size() <= kSortedInsertMax || m_sortColumn < 0) {
        if (m_sortColumn >= 0) {
            for (const int alertIndex : added) insertSorted(alertIndex);
        } else if (!added.empty()) {
            const auto first = m_view.size();
            beginInsertRows({}, static_cast<int>(first),
                            static_cast<int>(first + added.size() - 1));
            m_view.insert(m_view.end(), added.begin(), added.end());
            reindexFrom(first);
            endInsertRows();
        }
    } else {
        // Many rows at once: one insert at the end, then one re-sort, instead of k sorted inserts.
        const auto first = m_view.size();
        beginInsertRows({}, static_cast<int>(first), static_cast<int>(first + added.size() - 1));
        m_view.insert(m_view.end(), added.begin(), added.end());
        reindexFrom(first);
        endInsertRows();
        sort(m_sortColumn, m_sortOrder);
    }
    if (!alerts.empty()) Q_EMIT totalCountChanged(totalCount());
}

void AlertTableModel::setAlerts(std::vector<AlertRecord> alerts) {
    beginResetModel();
    m_alerts.clear();
    m_clientKey.clear();
    m_viewRowOf.clear();
    m_byKey.clear();
    m_alerts.reserve(alerts.size());
    m_byKey.reserve(alerts.size());
    for (AlertRecord& alert : alerts) {
        const auto known = m_byKey.find(alertKey(alert));
        if (known != m_byKey.end()) {
            m_alerts[static_cast<std::size_t>(known->second)] = std::move(alert);
            continue;
        }
        const int alertIndex = static_cast<int>(m_alerts.size());
        m_byKey.emplace(alertKey(alert), alertIndex);
        m_clientKey.push_back(clientSortKey(alert.client));
        m_viewRowOf.push_back(-1);
        m_alerts.push_back(std::move(alert));
    }
    rebuildView();
    endResetModel();
    Q_EMIT totalCountChanged(totalCount());
}

void AlertTableModel::clear() {
    setAlerts({});
}

QString AlertTableModel::setFilterText(const QString& text) {
    std::string filter = text.trimmed().toStdString();
    if (filter == m_filter) return {};
    const auto parsed = core::search::SearchQuery::parse(filter);
    core::search::AlertFilter search;
    std::optional<core::search::SearchError> error = parsed.error;
    if (!error) error = core::search::AlertFilter::compile(parsed.query, search);
    if (error) return QString::fromStdString(error->describe());
    // A new filter changes which rows exist, not one row: a reset is the honest signal here.
    beginResetModel();
    m_filter = std::move(filter);
    m_search = std::move(search);
    rebuildView();
    endResetModel();
    return {};
}

void AlertTableModel::setTimeWindow(std::int64_t fromUs, std::int64_t toUs) {
    if (fromUs == m_fromUs && toUs == m_toUs) return;
    beginResetModel();
    m_fromUs = fromUs;
    m_toUs = toUs;
    rebuildView();
    endResetModel();
}

void AlertTableModel::setAlertState(std::int64_t alertId, const std::string& state) {
    for (std::size_t i = 0; i < m_alerts.size(); ++i) {
        if (m_alerts[i].id != alertId) continue;
        m_alerts[i].state = state;
        if (const int row = m_viewRowOf[i]; row >= 0) {
            Q_EMIT dataChanged(index(row, State), index(row, State));
        }
        return;
    }
}

}  // namespace dnshound::ui::alerts
