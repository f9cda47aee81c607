#include "ui/settings/config_settings_dialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>
#include <exception>

#include "core/config/config.h"

namespace dnshound::ui::settings {

namespace {
constexpr int kValidateDelayMs = 300;
}

QString ConfigSettingsDialog::userConfigPath() {
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
           QStringLiteral("/config.yaml");
}

ConfigSettingsDialog::ConfigSettingsDialog(const QString& path, QWidget* parent)
    : QDialog(parent),
      m_path(path),
      m_editor(new QPlainTextEdit(this)),
      m_status(new QLabel(this)),
      m_buttons(new QDialogButtonBox(
          QDialogButtonBox::Save | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults,
          this)),
      m_validateDelay(new QTimer(this)) {
    setWindowTitle(tr("Detection settings"));
    resize(820, 640);
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* intro = new QLabel(
        tr("The YAML configuration of the detection pipeline (%1). It is checked as you type; "
           "analyses started after saving use it.")
            .arg(QDir::toNativeSeparators(path)),
        this);
    intro->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);

    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        m_editor->setPlainText(QString::fromUtf8(file.readAll()));
    } else {
        resetToDefault();
    }
    m_validateDelay->setSingleShot(true);
    m_validateDelay->setInterval(kValidateDelayMs);
    connect(m_validateDelay, &QTimer::timeout, this, &ConfigSettingsDialog::validate);
    connect(m_editor, &QPlainTextEdit::textChanged, m_validateDelay, qOverload<>(&QTimer::start));
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Save), &QPushButton::clicked, this, [this] {
        if (save()) accept();
    });
    connect(m_buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            &ConfigSettingsDialog::resetToDefault);
    validate();
}

QString ConfigSettingsDialog::validate() {
    m_validateDelay->stop();
    QString error;
    m_errorLine = 0;
    try {
        core::config::loadConfigText(m_editor->toPlainText().toStdString(),
                                     QFileInfo(m_path).fileName().toStdString());
    } catch (const std::exception& e) {
        error = QString::fromStdString(e.what());
        // Messages read "config.yaml:12: key: problem".
        const auto match = QRegularExpression(QStringLiteral(":(\\d+):")).match(error);
        if (match.hasMatch()) m_errorLine = match.captured(1).toInt();
    }
    QList<QTextEdit::ExtraSelection> marks;
    if (m_errorLine > 0) {
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(m_editor->document()->findBlockByLineNumber(m_errorLine - 1));
        mark.format.setBackground(QColor(255, 80, 80, 90));
        mark.format.setProperty(QTextFormat::FullWidthSelection, true);
        marks.push_back(mark);
    }
    m_editor->setExtraSelections(marks);
    m_status->setText(error.isEmpty() ? tr("✔ The configuration is valid.")
                                      : tr("✘ Line %1: %2").arg(m_errorLine).arg(error));
    QPalette palette = m_status->palette();
    palette.setColor(QPalette::WindowText,
                     error.isEmpty() ? palette.color(QPalette::Text) : QColor(0xd0, 0x30, 0x30));
    m_status->setPalette(palette);
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(error.isEmpty());
    return error;
}

bool ConfigSettingsDialog::save() {
    if (!validate().isEmpty()) return false;
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_editor->toPlainText().toUtf8()) < 0 ||
        !file.commit()) {
        m_status->setText(tr("✘ Cannot save %1: %2").arg(m_path, file.errorString()));
        return false;
    }
    Q_EMIT saved(m_path);
    return true;
}

void ConfigSettingsDialog::resetToDefault() {
    const std::string_view text = core::config::defaultConfigText();
    m_editor->setPlainText(QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())));
}

}  // namespace dnshound::ui::settings
