#include "ui/allowlist/allowlist_actions.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <exception>

#include "core/config/config.h"
#include "core/store/allowlist_store.h"
#include "ui/allowlist/allowlist_dialog.h"

namespace dnshound::ui::allowlist {

namespace {
constexpr const char* kNewFileHeader =
    "# DNS Hound allowlist: names, suffixes and clients that never raise DGA alerts.\n"
    "# Each entry: one of domain / suffix / client, a reason, and optionally expires\n"
    "# (YYYY-MM-DD: valid through that day, UTC) and added.\n";

std::int64_t nowUs() {
    return QDateTime::currentMSecsSinceEpoch() * 1000;
}

core::store::AllowlistRecord toRecord(const core::config::AllowEntry& entry) {
    return {std::string(core::config::allowKindName(entry.kind)), entry.value, entry.reason,
            entry.expiresUs, entry.addedUs};
}
}  // namespace

AllowlistActions::AllowlistActions(QWidget* dialogParent)
    : QObject(dialogParent), m_dialogParent(dialogParent) {}

QString AllowlistActions::proposedSuffix(const QString& domain) {
    const int dot = domain.indexOf(QLatin1Char('.'));
    return domain.count(QLatin1Char('.')) >= 2 ? domain.mid(dot + 1) : domain;
}

AllowlistDialog* AllowlistActions::openDialog(core::config::AllowKind kind, const QString& value) {
    auto* dialog = new AllowlistDialog(kind, value, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const QString error = addEntry(dialog->entry());
        if (!error.isEmpty()) Q_EMIT failed(error);
    });
    dialog->open();
    Q_EMIT dialogOpened(dialog);
    return dialog;
}

QString AllowlistActions::addEntry(const core::config::AllowEntry& raw) {
    if (m_allowlistPath.isEmpty()) return tr("No allowlist file is set");
    core::config::AllowEntry entry;
    try {
        entry = core::config::normaliseAllowEntry(raw, "allowlist entry");
    } catch (const core::config::ConfigError& error) {
        return QString::fromStdString(error.what());
    }
    QByteArray text;
    if (QFile::exists(m_allowlistPath)) {
        QFile current(m_allowlistPath);
        if (!current.open(QIODevice::ReadOnly))
            return tr("Cannot read %1: %2").arg(m_allowlistPath, current.errorString());
        text = current.readAll();
        if (!text.isEmpty() && !text.endsWith('\n')) text.append('\n');
    } else {
        text = kNewFileHeader;
    }
    text.append(QByteArray::fromStdString(core::config::allowEntryYaml(entry)));
    if (QString error = saveFile(text); !error.isEmpty()) return error;

    const core::store::AllowlistRecord record = toRecord(entry);
    if (!m_analysisPath.isEmpty()) {
        try {
            core::store::appendAllowlistRecord(m_analysisPath.toStdString(), record);
        } catch (const std::exception& error) {
            return tr("Allowlist saved, but the analysis file could not record it: %1")
                .arg(QString::fromStdString(error.what()));
        }
    }
    Q_EMIT entryAdded(record);
    return {};
}

QString AllowlistActions::saveFile(const QByteArray& text) {
    // The new file must load before it replaces the old one.
    try {
        core::config::loadAllowlistText(text.toStdString(), m_allowlistPath.toStdString(), nowUs());
    } catch (const core::config::ConfigError& error) {
        return tr("The allowlist would not load after this change: %1")
            .arg(QString::fromStdString(error.what()));
    }
    QDir().mkpath(QFileInfo(m_allowlistPath).absolutePath());
    QSaveFile file(m_allowlistPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit())
        return tr("Cannot write %1: %2").arg(m_allowlistPath, file.errorString());
    return {};
}

std::vector<core::config::AllowEntry> AllowlistActions::loadEntries(QString* error) const {
    if (m_allowlistPath.isEmpty() || !QFile::exists(m_allowlistPath)) return {};
    try {
        return core::config::loadAllowlistFile(m_allowlistPath.toStdString(), nowUs()).entries();
    } catch (const core::config::ConfigError& e) {
        if (error != nullptr) *error = QString::fromStdString(e.what());
        return {};
    }
}

QString AllowlistActions::replaceEntries(const std::vector<core::config::AllowEntry>& entries) {
    if (m_allowlistPath.isEmpty()) return tr("No allowlist file is set");
    QByteArray text = kNewFileHeader;
    std::vector<core::store::AllowlistRecord> records;
    for (const auto& raw : entries) {
        core::config::AllowEntry entry;
        try {
            entry = core::config::normaliseAllowEntry(raw, "allowlist entry");
        } catch (const core::config::ConfigError& error) {
            return QString::fromStdString(error.what());
        }
        text.append(QByteArray::fromStdString(core::config::allowEntryYaml(entry)));
        records.push_back(toRecord(entry));
    }
    if (QString error = saveFile(text); !error.isEmpty()) return error;
    if (!m_analysisPath.isEmpty()) {
        try {
            core::store::replaceAllowlistRecords(m_analysisPath.toStdString(), records);
        } catch (const std::exception& error) {
            return tr("Allowlist saved, but the analysis file could not record it: %1")
                .arg(QString::fromStdString(error.what()));
        }
    }
    Q_EMIT entriesReplaced();
    return {};
}

bool AllowlistActions::markSuppressed(const std::vector<core::store::AllowlistRecord>& records,
                                      std::vector<core::store::AlertRecord>& alerts) {
    std::vector<core::config::AllowEntry> entries;
    for (const auto& r : records) {
        const auto kind = core::config::allowKindFromName(r.kind);
        if (!kind) continue;
        core::config::AllowEntry e;
        e.kind = *kind;
        e.value = r.value;
        e.reason = r.reason;
        e.expiresUs = r.expiresUs;
        entries.push_back(std::move(e));
    }
    const core::config::Allowlist list(std::move(entries), nowUs(), {});
    bool changed = false;
    for (auto& alert : alerts) {
        const auto ip = core::event::IpAddress::parse(alert.client);
        const bool suppressed = (ip && list.matchesClient(*ip)) || list.matchesName(alert.domain);
        if (suppressed && alert.state != "suppressed") {
            alert.state = "suppressed";
            changed = true;
        }
    }
    return changed;
}

}  // namespace dnshound::ui::allowlist
