#include "ui/alerts/alerts_view.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "ui/alerts/alert_table_model.h"
#include "ui/display/display_text.h"

namespace dnshound::ui::alerts {

namespace {
constexpr int kFilterDelayMs = 150;  // one filter pass per pause in typing, not per key
}

AlertsView::AlertsView(AlertTableModel* model, QWidget* parent)
    : QWidget(parent),
      m_model(model),
      m_filter(new QLineEdit(this)),
      m_countLabel(new QLabel(this)),
      m_table(new QTableView(this)),
      m_filterDelay(new QTimer(this)) {
    m_filter->setPlaceholderText(tr("Filter by client, domain or kind"));
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
    header->resizeSection(AlertTableModel::Client, width("2001:db8:10:1:3146:6b55:f48d:46a2"));
    header->resizeSection(AlertTableModel::Score, width("Score 0.000"));
    header->resizeSection(AlertTableModel::Count, width("Evidence"));
    header->resizeSection(AlertTableModel::FirstSeen, width("2026-11-27 00:00:00"));
    header->resizeSection(AlertTableModel::LastSeen, width("2026-11-27 00:00:00"));
    header->resizeSection(AlertTableModel::State, width("acknowledged"));
    // Most suspicious first; setSortingEnabled applies the indicator through model->sort().
    header->setSortIndicator(AlertTableModel::Score, Qt::DescendingOrder);
    m_table->setSortingEnabled(true);

    auto* top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(m_countLabel);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);

    connect(m_filter, &QLineEdit::textChanged, m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_filterDelay, &QTimer::timeout, this, [this] {
        m_model->setFilterText(m_filter->text());
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

void AlertsView::addContextActions(const QList<QAction*>& actions) {
    m_contextActions += actions;
}

void AlertsView::showContextMenu(const QPoint& pos) {
    const QModelIndex index = m_table->indexAt(pos);
    if (!index.isValid() || m_contextActions.isEmpty()) return;
    m_table->setCurrentIndex(index);
    auto* menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    for (QAction* action : m_contextActions) {
        if (action == nullptr) {
            menu->addSeparator();
        } else {
            menu->addAction(action);
        }
    }
    menu->popup(m_table->viewport()->mapToGlobal(pos));
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
