#include "ui/allowlist/allowlist_editor.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/allowlist/allowlist_actions.h"
#include "ui/allowlist/allowlist_dialog.h"

namespace dnshound::ui::allowlist {

namespace {

QString timeText(std::int64_t us, const QString& none) {
    if (us == 0) return none;
    return QDateTime::fromMSecsSinceEpoch(us / 1000, Qt::UTC)
        .toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

std::int64_t nowUs() {
    return QDateTime::currentMSecsSinceEpoch() * 1000;
}

}  // namespace

AllowlistEditor::AllowlistEditor(AllowlistActions* actions,
                                 std::vector<core::store::AlertRecord> alerts, QWidget* parent)
    : QDialog(parent),
      m_actions(actions),
      m_alerts(std::move(alerts)),
      m_path(new QLabel(this)),
      m_problem(new QLabel(this)),
      m_table(new QTableWidget(0, ColumnCount, this)),
      m_kind(new QComboBox(this)),
      m_add(new QPushButton(tr("&Add…"), this)),
      m_edit(new QPushButton(tr("&Edit…"), this)),
      m_remove(new QPushButton(tr("&Remove"), this)) {
    setWindowTitle(tr("Allowlist"));
    m_path->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_path->setWordWrap(true);
    m_problem->setWordWrap(true);
    m_problem->setForegroundRole(QPalette::PlaceholderText);
    m_table->setHorizontalHeaderLabels(
        {tr("Kind"), tr("Value"), tr("Reason"), tr("Expires"), tr("Added"), tr("Alerts matched")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(Reason, QHeaderView::Stretch);
    m_table->horizontalHeaderItem(Matched)->setToolTip(
        tr("Alerts of the open analysis this entry matches"));
    m_kind->addItem(tr("Domain"), static_cast<int>(core::config::AllowKind::Domain));
    m_kind->addItem(tr("Suffix"), static_cast<int>(core::config::AllowKind::Suffix));
    m_kind->addItem(tr("Client"), static_cast<int>(core::config::AllowKind::Client));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_kind);
    buttons->addWidget(m_add);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addWidget(close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_path);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_problem);
    layout->addLayout(buttons);
    resize(fontMetrics().averageCharWidth() * 130, fontMetrics().height() * 28);

    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_add, &QPushButton::clicked, this, &AllowlistEditor::addEntry);
    connect(m_edit, &QPushButton::clicked, this, &AllowlistEditor::editSelected);
    connect(m_remove, &QPushButton::clicked, this, &AllowlistEditor::removeSelected);
    connect(m_table, &QTableWidget::doubleClicked, this, &AllowlistEditor::editSelected);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] {
        m_edit->setEnabled(selectedRow() >= 0);
        m_remove->setEnabled(selectedRow() >= 0);
    });
    reload();
}

int AllowlistEditor::matchedAlerts(const core::config::AllowEntry& entry) const {
    const core::config::Allowlist one({entry}, nowUs(), {});
    int n = 0;
    for (const auto& alert : m_alerts) {
        const auto ip = core::event::IpAddress::parse(alert.client);
        if ((ip && one.matchesClient(*ip)) || one.matchesName(alert.domain)) ++n;
    }
    return n;
}

void AllowlistEditor::reload() {
    QString error;
    m_entries = m_actions->loadEntries(&error);
    m_problem->setText(error);
    fill();
}

void AllowlistEditor::fill() {
    m_path->setText(tr("File: %1").arg(m_actions->allowlistPath()));
    m_table->setRowCount(static_cast<int>(m_entries.size()));
    const std::int64_t now = nowUs();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const auto& e = m_entries[static_cast<std::size_t>(row)];
        QString expires = timeText(e.expiresUs, tr("never"));
        if (e.expiresUs != 0 && e.expiresUs <= now) expires += tr(" (expired)");
        const QStringList cells = {
            QString::fromUtf8(core::config::allowKindName(e.kind)),
            QString::fromStdString(e.value),
            QString::fromStdString(e.reason),
            expires,
            timeText(e.addedUs, tr("unknown")),
            m_alerts.empty() ? tr("no analysis") : QString::number(matchedAlerts(e))};
        for (int c = 0; c < ColumnCount; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c == Matched) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(row, c, item);
        }
    }
    m_edit->setEnabled(selectedRow() >= 0);
    m_remove->setEnabled(selectedRow() >= 0);
}

int AllowlistEditor::selectedRow() const {
    const auto rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.front().row();
}

void AllowlistEditor::save(std::vector<core::config::AllowEntry> entries) {
    const QString error = m_actions->replaceEntries(entries);
    if (!error.isEmpty()) {
        m_problem->setText(error);
        return;
    }
    m_problem->clear();
    reload();
    Q_EMIT changed();
}

void AllowlistEditor::addEntry() {
    const auto kind = static_cast<core::config::AllowKind>(m_kind->currentData().toInt());
    auto* dialog = new AllowlistDialog(kind, QString(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        auto entries = m_entries;
        entries.push_back(dialog->entry());
        save(std::move(entries));
    });
    dialog->open();
    Q_EMIT entryDialogOpened(dialog);
}

void AllowlistEditor::editSelected() {
    const int row = selectedRow();
    if (row < 0) return;
    const auto index = static_cast<std::size_t>(row);
    auto* dialog = new AllowlistDialog(m_entries[index].kind, QString(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setEntry(m_entries[index]);
    connect(dialog, &QDialog::accepted, this, [this, dialog, index] {
        auto entries = m_entries;
        if (index < entries.size()) entries[index] = dialog->entry();
        save(std::move(entries));
    });
    dialog->open();
    Q_EMIT entryDialogOpened(dialog);
}

void AllowlistEditor::removeSelected() {
    const int row = selectedRow();
    if (row < 0) return;
    auto entries = m_entries;
    entries.erase(entries.begin() + row);
    save(std::move(entries));
}

}  // namespace dnshound::ui::allowlist
