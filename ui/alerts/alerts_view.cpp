#include "ui/alerts/alerts_view.h"

#include <algorithm>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "ui/alerts/alert_table_model.h"
#include "ui/allowlist/allowlist_actions.h"
#include "ui/display/display_text.h"

namespace dnshound::ui::alerts {

namespace {
// The widest client address the table is sized for: a full IPv6 address.
constexpr char kWidestAddress[] = "2001:db8:10:1:3146:6b55:f48d:46a2";
}  // namespace

namespace {
constexpr int kFilterDelayMs = 150;  // one filter pass per pause in typing, not per key
}

AlertsView::AlertsView(AlertTableModel* model, QWidget* parent)
    : QWidget(parent),
      m_model(model),
      m_filter(new QLineEdit(this)),
      m_filterError(new QLabel(this)),
      m_countLabel(new QLabel(this)),
      m_table(new QTableView(this)),
      m_filterDelay(new QTimer(this)) {
    m_filter->setPlaceholderText(
        tr("Search: kind:dga score:>0.9 client:10.0.0.* domain:*.example.com state:new, or words"));
    m_filter->setToolTip(
        tr("Terms are ANDed. Fields: client, domain, kind, state, score, count (with < <= > >= "
           "=), -term to exclude, * and ? wildcards in client and domain, bare words match any "
           "of client, domain or kind. See README ▸ Search."));
    QPalette errorColours = m_filterError->palette();
    errorColours.setColor(QPalette::WindowText, QColor(0xd6, 0x3b, 0x3b));  // red on light and dark
    m_filterError->setPalette(errorColours);
    m_filterError->setVisible(false);
    m_filter->setClearButtonEnabled(true);
    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(kFilterDelayMs);

    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    QHeaderView* header = m_table->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(AlertTableModel::Domain, QHeaderView::Stretch);
    // Widths from the widest expected text, so dates and IPv6 addresses are never cut.
    const QFontMetrics metrics = m_table->fontMetrics();
    const auto width = [&metrics](const char* sample) {
        return metrics.horizontalAdvance(QLatin1String(sample)) + 3 * metrics.averageCharWidth();
    };
    header->resizeSection(AlertTableModel::Kind, width("Exfiltration"));
    header->resizeSection(AlertTableModel::Client, width(kWidestAddress));
    header->resizeSection(AlertTableModel::Score, width("Score 0.000"));
    header->resizeSection(AlertTableModel::Count, width("Evidence"));
    header->resizeSection(AlertTableModel::FirstSeen, width("2026-11-27 00:00:00"));
    header->resizeSection(AlertTableModel::LastSeen, width("2026-11-27 00:00:00"));
    header->resizeSection(AlertTableModel::State, width("acknowledged"));
    connect(header, &QHeaderView::sectionResized, this, [this](int section, int, int) {
        if (section == AlertTableModel::Client && !m_fittingClient) m_clientResizedByUser = true;
    });
    for (int c = 0; c < static_cast<int>(m_charAdvance.size()); ++c)
        m_charAdvance[static_cast<std::size_t>(c)] = metrics.horizontalAdvance(QChar(c));
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_clientTextWidth = 0;
        fitClientColumn(0, m_model->rowCount() - 1);
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex&, int first, int last) { fitClientColumn(first, last); });
    // Most suspicious first; setSortingEnabled applies the indicator through model->sort().
    header->setSortIndicator(AlertTableModel::Score, Qt::DescendingOrder);
    m_table->setSortingEnabled(true);

    auto* top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(m_filterError);
    top->addWidget(m_countLabel);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);

    connect(m_filter, &QLineEdit::textChanged, m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_filterDelay, &QTimer::timeout, this, [this] {
        const QString error = m_model->setFilterText(m_filter->text());
        m_filterError->setText(error);
        m_filterError->setVisible(!error.isEmpty());
        updateCountLabel();
    });
    connect(m_model, &AlertTableModel::totalCountChanged, this, &AlertsView::updateCountLabel);
    connect(m_model, &QAbstractItemModel::modelReset, this, &AlertsView::updateCountLabel);
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        if (index.column() == AlertTableModel::Domain) {
            const QString name = index.data(AlertTableModel::RawValueRole).toString();
            if (!name.isEmpty()) Q_EMIT domainRequested(name);
            return;
        }
        const QString ip = index.data(AlertTableModel::ClientRole).toString();
        if (!ip.isEmpty()) Q_EMIT clientRequested(ip);
    });
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, &AlertsView::showContextMenu);
    updateCountLabel();
}

int AlertsView::asciiWidth(std::string_view text) const {
    int w = 0;
    for (const unsigned char ch : text) w += m_charAdvance[ch & 0x7f];
    return w;
}

void AlertsView::fitClientColumn(int first, int last) {
    if (m_clientResizedByUser || last < first) return;
    // Addresses are ASCII: summing per-character advances sizes a million rows in milliseconds,
    // where laying each out as a string took seconds on the GUI thread.
    const int cap = asciiWidth(kWidestAddress);
    for (int row = first; row <= last && m_clientTextWidth < cap; ++row)
        m_clientTextWidth = std::max(m_clientTextWidth, asciiWidth(m_model->alertAt(row).client));
    const QFontMetrics metrics = m_table->fontMetrics();
    const int headerText = metrics.horizontalAdvance(
        m_model->headerData(AlertTableModel::Client, Qt::Horizontal).toString());
    m_fittingClient = true;
    m_table->horizontalHeader()->resizeSection(
        AlertTableModel::Client,
        std::min(std::max(m_clientTextWidth, headerText), cap) + 3 * metrics.averageCharWidth());
    m_fittingClient = false;
}

void AlertsView::addContextActions(const QList<QAction*>& actions) {
    m_contextActions += actions;
}

void AlertsView::showContextMenu(const QPoint& pos) {
    const QModelIndex index = m_table->indexAt(pos);
    if (!index.isValid()) return;
    m_table->setCurrentIndex(index);
    QMenu* menu = contextMenuFor(index.row(), this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(m_table->viewport()->mapToGlobal(pos));
}

QMenu* AlertsView::contextMenuFor(int row, QWidget* parent) {
    auto* menu = new QMenu(parent);
    if (row < 0 || row >= m_model->rowCount()) return menu;
    // Triage and drill-down first (they act on the current row), then the allowlist section.
    for (QAction* action : m_contextActions) {
        if (action == nullptr) {
            menu->addSeparator();
        } else {
            menu->addAction(action);
        }
    }
    addAllowlistActions(menu, m_model->alertAt(row));
    return menu;
}

// Allowlist section of the alert menu (the window opens the dialog).
void AlertsView::addAllowlistActions(QMenu* menu, const core::store::AlertRecord& alert) {
    using core::config::AllowKind;
    const QString domain = QString::fromStdString(alert.domain);
    const QString client = QString::fromStdString(alert.client);
    menu->addSection(tr("Allowlist"));
    QAction* byDomain = menu->addAction(tr("Allowlist domain…"), this, [this, domain] {
        Q_EMIT allowlistRequested(AllowKind::Domain, domain);
    });
    QAction* bySuffix = menu->addAction(tr("Allowlist suffix…"), this, [this, domain] {
        Q_EMIT allowlistRequested(AllowKind::Suffix,
                                  allowlist::AllowlistActions::proposedSuffix(domain));
    });
    menu->addAction(tr("Allowlist client…"), this,
                    [this, client] { Q_EMIT allowlistRequested(AllowKind::Client, client); });
    byDomain->setEnabled(!domain.isEmpty());
    bySuffix->setEnabled(!domain.isEmpty());
}

void AlertsView::updateCountLabel() {
    const int shown = m_model->rowCount();
    const int total = m_model->totalCount();
    m_countLabel->setText(shown == total
                              ? tr("%1 alerts").arg(display::count(static_cast<quint64>(total)))
                              : tr("%1 of %2 alerts")
                                    .arg(display::count(static_cast<quint64>(shown)),
                                         display::count(static_cast<quint64>(total))));
}

}  // namespace dnshound::ui::alerts
