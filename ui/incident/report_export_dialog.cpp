#include "ui/incident/report_export_dialog.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTimeZone>
#include <QVBoxLayout>

namespace dnshound::ui::incident {

namespace {

QDateTimeEdit* utcEdit(std::int64_t us, QWidget* parent) {
    auto* edit = new QDateTimeEdit(parent);
    edit->setTimeSpec(Qt::UTC);
    edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
    edit->setDateTime(QDateTime::fromMSecsSinceEpoch(us / 1000, QTimeZone::utc()));
    return edit;
}

const char* suffixOf(report::ReportFormat format) {
    switch (format) {
        case report::ReportFormat::Pdf:
            return "pdf";
        case report::ReportFormat::Html:
            return "html";
        case report::ReportFormat::Csv:
            return "csv";
        case report::ReportFormat::Json:
            return "json";
    }
    return "pdf";
}

}  // namespace

ReportExportDialog::ReportExportDialog(const ReportChoices& choices, QWidget* parent)
    : QDialog(parent),
      m_choices(choices),
      m_alert(new QRadioButton(this)),
      m_client(new QRadioButton(this)),
      m_range(new QRadioButton(tr("Time range (event time, UTC)"), this)),
      m_from(utcEdit(choices.fromUs, this)),
      m_to(utcEdit(choices.toUs, this)),
      m_format(new QComboBox(this)),
      m_path(new QLineEdit(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setWindowTitle(tr("Export incident report"));
    m_alert->setText(choices.alertId > 0 ? tr("Selected alert %1").arg(choices.alertLabel)
                                         : tr("Selected alert (select one in the Alerts tab)"));
    m_alert->setEnabled(choices.alertId > 0);
    m_client->setText(!choices.client.isEmpty()
                          ? tr("Client %1 (all of its queries and alerts)").arg(choices.client)
                          : tr("Client (open a client's tab first)"));
    m_client->setEnabled(!choices.client.isEmpty());
    (choices.alertId > 0 ? m_alert : (!choices.client.isEmpty() ? m_client : m_range))
        ->setChecked(true);

    m_format->addItem(tr("PDF document (to print or mail)"),
                      static_cast<int>(report::ReportFormat::Pdf));
    m_format->addItem(tr("HTML page (one file, charts inside)"),
                      static_cast<int>(report::ReportFormat::Html));
    m_format->addItem(tr("CSV table for a SIEM (alerts and evidence queries)"),
                      static_cast<int>(report::ReportFormat::Csv));
    m_format->addItem(tr("JSON document for a SIEM"), static_cast<int>(report::ReportFormat::Json));
    m_path->setText(QStringLiteral("incident-report.pdf"));
    auto* browseButton = new QPushButton(tr("Browse…"), this);

    auto* range = new QHBoxLayout;
    range->addWidget(m_from);
    range->addWidget(new QLabel(tr("to"), this));
    range->addWidget(m_to);
    auto* file = new QHBoxLayout;
    file->addWidget(m_path, 1);
    file->addWidget(browseButton);
    auto* form = new QFormLayout;
    form->addRow(tr("Format"), m_format);
    form->addRow(tr("File"), file);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Report on:"), this));
    layout->addWidget(m_alert);
    layout->addWidget(m_client);
    layout->addWidget(m_range);
    layout->addLayout(range);
    layout->addLayout(form);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browseButton, &QPushButton::clicked, this, &ReportExportDialog::browse);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ReportExportDialog::updateSuffix);
    connect(m_path, &QLineEdit::textChanged, this, &ReportExportDialog::updateOk);
    connect(m_range, &QRadioButton::toggled, m_from, &QWidget::setEnabled);
    connect(m_range, &QRadioButton::toggled, m_to, &QWidget::setEnabled);
    m_from->setEnabled(m_range->isChecked());
    m_to->setEnabled(m_range->isChecked());
    updateOk();
}

core::report::ReportSelection ReportExportDialog::selection() const {
    core::report::ReportSelection s;
    if (m_alert->isChecked()) {
        s.scope = core::report::ReportSelection::Scope::Alert;
        s.alertId = m_choices.alertId;
    } else if (m_client->isChecked()) {
        s.scope = core::report::ReportSelection::Scope::Client;
        s.client = m_choices.client.toStdString();
    } else {
        s.scope = core::report::ReportSelection::Scope::TimeRange;
        s.fromUs = m_from->dateTime().toMSecsSinceEpoch() * 1000;
        // The editor shows whole seconds: the end covers its last second.
        s.toUs = m_to->dateTime().toMSecsSinceEpoch() * 1000 + 999'999;
    }
    return s;
}

report::ReportFormat ReportExportDialog::format() const {
    return static_cast<report::ReportFormat>(m_format->currentData().toInt());
}

QString ReportExportDialog::path() const {
    return m_path->text().trimmed();
}

void ReportExportDialog::setPath(const QString& path) {
    m_path->setText(path);
}

void ReportExportDialog::browse() {
    const QString suffix = QString::fromLatin1(suffixOf(format()));
    const QString chosen = QFileDialog::getSaveFileName(
        this, tr("Export report as"), path(), tr("%1 files (*.%2)").arg(suffix.toUpper(), suffix));
    if (!chosen.isEmpty()) m_path->setText(chosen);
}

void ReportExportDialog::updateSuffix() {
    const QString current = path();
    if (current.isEmpty()) return;
    const QFileInfo info(current);
    const QString base =
        info.suffix().isEmpty() ? current : current.left(current.size() - info.suffix().size() - 1);
    m_path->setText(base + u'.' + QString::fromLatin1(suffixOf(format())));
}

void ReportExportDialog::updateOk() {
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!path().isEmpty());
}

}  // namespace dnshound::ui::incident
