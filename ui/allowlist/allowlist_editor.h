#pragma once

#include <QDialog>
#include <vector>

#include "core/config/allowlist.h"
#include "core/store/store_records.h"

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace dnshound::ui::allowlist {

class AllowlistActions;
class AllowlistDialog;

// The whole allowlist as a list: kind, value, reason, expiry and how many alerts of the open
// analysis each entry matches, with add, edit and remove. Every change rewrites the allowlist
// file (and the open analysis file's copy) through AllowlistActions. Entry dialogs open with
// open(), never exec().
class AllowlistEditor final : public QDialog {
    Q_OBJECT

public:
    enum Column { Kind, Value, Reason, Expires, Added, Matched, ColumnCount };

    AllowlistEditor(AllowlistActions* actions, std::vector<core::store::AlertRecord> alerts,
                    QWidget* parent = nullptr);

    const std::vector<core::config::AllowEntry>& entries() const { return m_entries; }
    QTableWidget* table() const { return m_table; }
    QComboBox* kindChoice() const { return m_kind; }
    QPushButton* addButton() const { return m_add; }
    QPushButton* editButton() const { return m_edit; }
    QPushButton* removeButton() const { return m_remove; }
    // Alerts of the open analysis that `entry` matches.
    int matchedAlerts(const core::config::AllowEntry& entry) const;

    // Rereads the allowlist file.
    void reload();
    void addEntry();
    void editSelected();
    void removeSelected();

Q_SIGNALS:
    void entryDialogOpened(dnshound::ui::allowlist::AllowlistDialog* dialog);
    void changed();

private:
    void fill();
    void save(std::vector<core::config::AllowEntry> entries);
    int selectedRow() const;

    AllowlistActions* m_actions;
    std::vector<core::store::AlertRecord> m_alerts;
    std::vector<core::config::AllowEntry> m_entries;
    QLabel* m_path;
    QLabel* m_problem;
    QTableWidget* m_table;
    QComboBox* m_kind;
    QPushButton* m_add;
    QPushButton* m_edit;
    QPushButton* m_remove;
};

}  // namespace dnshound::ui::allowlist
