#pragma once

#include <QDialog>
#include <QString>
#include <cstdint>

#include "core/config/allowlist.h"

class QCheckBox;
class QDateEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace dnshound::ui::allowlist {

// Asks for one allowlist entry: the value (prefilled from the alert, editable), a reason
// (required) and an optional expiry date. OK stays disabled until the entry is valid by the
// same rules the allowlist loader applies.
class AllowlistDialog final : public QDialog {
    Q_OBJECT

public:
    AllowlistDialog(core::config::AllowKind kind, const QString& value, QWidget* parent = nullptr);

    // Fills the dialog with an existing entry (the list editor's Edit).
    void setEntry(const core::config::AllowEntry& entry);

    // The entry as typed, normalised (valid whenever OK is enabled).
    core::config::AllowEntry entry() const;
    core::config::AllowKind kind() const { return m_kind; }

    QLineEdit* valueEdit() const { return m_value; }
    QLineEdit* reasonEdit() const { return m_reason; }
    QCheckBox* expiresCheck() const { return m_expires; }
    QDateEdit* expiryEdit() const { return m_expiry; }
    QPushButton* okButton() const;

private:
    void validate();

    core::config::AllowKind m_kind;
    QLineEdit* m_value;
    QLineEdit* m_reason;
    QCheckBox* m_expires;
    QDateEdit* m_expiry;
    QLabel* m_problem;
    QDialogButtonBox* m_buttons;
    std::int64_t m_addedUs = 0;  // kept when editing an existing entry
};

}  // namespace dnshound::ui::allowlist
