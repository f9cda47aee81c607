#include "ui/allowlist/allowlist_dialog.h"

#include <QCheckBox>
#include <QDateEdit>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>

#include "core/config/config.h"

namespace dnshound::ui::allowlist {

namespace {

QString kindTitle(core::config::AllowKind kind) {
    switch (kind) {
        case core::config::AllowKind::Domain:
            return QObject::tr("Allowlist domain");
        case core::config::AllowKind::Suffix:
            return QObject::tr("Allowlist domain suffix");
        case core::config::AllowKind::Client:
            return QObject::tr("Allowlist client");
    }
    return {};
}

QString kindHint(core::config::AllowKind kind) {
    switch (kind) {
        case core::config::AllowKind::Domain:
            return QObject::tr("This exact name is no longer DGA evidence.");
        case core::config::AllowKind::Suffix:
            return QObject::tr(
                "The name and every name below it (a.example.com for "
                "example.com, never badexample.com) are no longer DGA evidence.");
        case core::config::AllowKind::Client:
            return QObject::tr(
                "This client (an address or a CIDR network) never raises DGA "
                "alerts.");
    }
    return {};
}

}  // namespace

AllowlistDialog::AllowlistDialog(core::config::AllowKind kind, const QString& value,
                                 QWidget* parent)
    : QDialog(parent),
      m_kind(kind),
      m_value(new QLineEdit(value, this)),
      m_reason(new QLineEdit(this)),
      m_expires(new QCheckBox(tr("Expires after"), this)),
      m_expiry(new QDateEdit(this)),
      m_problem(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setWindowTitle(kindTitle(kind));
    auto* hint = new QLabel(kindHint(kind), this);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    m_reason->setPlaceholderText(tr("Why is this not a threat? (required)"));
    m_expiry->setCalendarPopup(true);
    m_expiry->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    const QDate today = QDateTime::currentDateTimeUtc().date();
    m_expiry->setMinimumDate(today);
    m_expiry->setDate(today.addDays(30));
    m_expiry->setEnabled(false);
    m_problem->setForegroundRole(QPalette::PlaceholderText);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add to allowlist"));

    auto* form = new QFormLayout;
    const QString valueLabel = kind == core::config::AllowKind::Client   ? tr("Client")
                               : kind == core::config::AllowKind::Suffix ? tr("Suffix")
                                                                         : tr("Domain");
    form->addRow(valueLabel, m_value);
    form->addRow(tr("Reason"), m_reason);
    auto* expiryRow = new QHBoxLayout;
    expiryRow->addWidget(m_expires);
    expiryRow->addWidget(m_expiry, 1);
    form->addRow(tr("Expiry"), expiryRow);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(hint);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 70);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_expires, &QCheckBox::toggled, m_expiry, &QWidget::setEnabled);
    connect(m_value, &QLineEdit::textChanged, this, &AllowlistDialog::validate);
    connect(m_reason, &QLineEdit::textChanged, this, &AllowlistDialog::validate);
    validate();
}

QPushButton* AllowlistDialog::okButton() const {
    return m_buttons->button(QDialogButtonBox::Ok);
}

void AllowlistDialog::setEntry(const core::config::AllowEntry& entry) {
    m_value->setText(QString::fromStdString(entry.value));
    m_reason->setText(QString::fromStdString(entry.reason));
    m_addedUs = entry.addedUs;
    m_expires->setChecked(entry.expiresUs != 0);
    if (entry.expiresUs != 0) {
        // The last day it applies (it stops at the next midnight, UTC).
        const QDate last =
            QDateTime::fromMSecsSinceEpoch(entry.expiresUs / 1000 - 1, Qt::UTC).date();
        m_expiry->setMinimumDate(std::min(m_expiry->minimumDate(), last));
        m_expiry->setDate(last);
    }
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Save"));
    validate();
}

core::config::AllowEntry AllowlistDialog::entry() const {
    core::config::AllowEntry e;
    e.kind = m_kind;
    e.value = m_value->text().trimmed().toStdString();
    e.reason = m_reason->text().trimmed().toStdString();
    e.addedUs = m_addedUs != 0 ? m_addedUs : QDateTime::currentMSecsSinceEpoch() * 1000;
    if (m_expires->isChecked()) {
        // Valid through the chosen day (UTC), as a bare date in the file means.
        const QDateTime end = m_expiry->date().addDays(1).startOfDay(Qt::UTC);
        e.expiresUs = end.toMSecsSinceEpoch() * 1000;
    }
    try {
        return core::config::normaliseAllowEntry(e, "entry");
    } catch (const core::config::ConfigError&) {
        return e;
    }
}

void AllowlistDialog::validate() {
    QString problem;
    try {
        core::config::AllowEntry e;
        e.kind = m_kind;
        e.value = m_value->text().trimmed().toStdString();
        e.reason = m_reason->text().toStdString();
        core::config::normaliseAllowEntry(e, "entry");
    } catch (const core::config::ConfigError& error) {
        problem = QString::fromStdString(error.what()).remove(QStringLiteral("entry: "));
    }
    m_problem->setText(problem);
    okButton()->setEnabled(problem.isEmpty());
}

}  // namespace dnshound::ui::allowlist
