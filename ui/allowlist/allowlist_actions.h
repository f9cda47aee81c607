#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <vector>

#include "core/config/allowlist.h"
#include "core/store/store_records.h"

class QWidget;

namespace dnshound::ui::allowlist {

class AllowlistDialog;

// The allowlist as the GUI edits it: the file next to the configuration (or in the user's
// configuration folder) and the open analysis file. Dialogs are window-modal but never block
// (open(), not exec()).
class AllowlistActions final : public QObject {
    Q_OBJECT

public:
    explicit AllowlistActions(QWidget* dialogParent);

    void setAllowlistPath(const QString& path) { m_allowlistPath = path; }
    QString allowlistPath() const { return m_allowlistPath; }
    void setAnalysisPath(const QString& path) { m_analysisPath = path; }

    // Opens the dialog for one entry, prefilled with `value`; on OK the entry is added.
    AllowlistDialog* openDialog(core::config::AllowKind kind, const QString& value);
    // Appends the entry to the allowlist file (atomically: the whole new file is validated,
    // then replaces the old one) and records it in the analysis file. Returns an error text,
    // empty on success.
    QString addEntry(const core::config::AllowEntry& entry);

    // The entries of the allowlist file (none when it does not exist yet); on a file that does
    // not load, `error` gets the loader's message.
    std::vector<core::config::AllowEntry> loadEntries(QString* error) const;
    // Rewrites the allowlist file with exactly `entries` (the list editor: edits and removals),
    // validated before it replaces the old file, and the open analysis file's allowlist with
    // them. Returns an error text, empty on success.
    QString replaceEntries(const std::vector<core::config::AllowEntry>& entries);

    // A suffix to propose for `domain`: its parent when it has three labels or more.
    static QString proposedSuffix(const QString& domain);
    // Alerts that allowlist entries (records from an analysis file) suppress, marked with the
    // state "suppressed"; returns whether any changed.
    static bool markSuppressed(const std::vector<core::store::AllowlistRecord>& records,
                               std::vector<core::store::AlertRecord>& alerts);

Q_SIGNALS:
    void dialogOpened(dnshound::ui::allowlist::AllowlistDialog* dialog);
    void entryAdded(const dnshound::core::store::AllowlistRecord& entry);
    void entriesReplaced();
    void failed(const QString& message);

private:
    QString saveFile(const QByteArray& text);

    QWidget* m_dialogParent;
    QString m_allowlistPath;
    QString m_analysisPath;
};

}  // namespace dnshound::ui::allowlist
