#pragma once

#include <QDialog>
#include <QString>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QTimer;

namespace dnshound::ui::settings {

// The detection settings as YAML text, checked by core/config's own loader as the user types:
// an error shows its line and message and marks the line; only a valid file can be saved, and
// saving replaces the file atomically. Analyses started afterwards use it.
class ConfigSettingsDialog final : public QDialog {
    Q_OBJECT

public:
    // Where the GUI keeps its configuration (…/dnshound/config.yaml under the user's config
    // folder); analyses use it when it exists, else the built-in default.
    static QString userConfigPath();

    explicit ConfigSettingsDialog(const QString& path, QWidget* parent = nullptr);

    QPlainTextEdit* editor() const { return m_editor; }
    // Validates the text now; returns the error ("" when valid) and shows it.
    QString validate();
    int errorLine() const { return m_errorLine; }
    // Validates and writes the file; returns false (leaving the file as it was) when invalid or
    // unwritable.
    bool save();
    void resetToDefault();

Q_SIGNALS:
    void saved(const QString& path);

private:
    QString m_path;
    QPlainTextEdit* m_editor;
    QLabel* m_status;
    QDialogButtonBox* m_buttons;
    QTimer* m_validateDelay;
    int m_errorLine = 0;
};

}  // namespace dnshound::ui::settings
