#pragma once

#include <QString>
#include <QWidget>
#include <optional>

#include "core/store/store_records.h"
#include "ui/triage/alert_triage.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTextBrowser;
class QButtonGroup;

namespace dnshound::ui::explain {
class ExplanationView;
}

namespace dnshound::ui::triage {

// The selected alert in full: what raised it (evidence; for DGA alerts the SHAP bars of its top
// name), its triage state with buttons to change it, and the analyst notes with a box to add one.
class AlertTriagePanel final : public QWidget {
    Q_OBJECT

public:
    AlertTriagePanel(AlertTriage* triage, QWidget* parent = nullptr);

    void setAnalysis(const QString& dbPath);
    void setAlert(const core::store::AlertRecord& alert);
    void clearAlert();
    std::optional<std::int64_t> alertId() const;

    explain::ExplanationView* explanation() const { return m_explanation; }
    QPlainTextEdit* noteEdit() const { return m_noteEdit; }
    QTextBrowser* history() const { return m_history; }
    // Notes shown for the current alert, oldest first.
    const TriageHistory& shownHistory() const { return m_shown; }
    void focusNoteEditor();

Q_SIGNALS:
    void historyShown(qint64 alertId);

private:
    void showHistory(const TriageHistory& history);
    void submitNote();
    void updateStateButtons();

    AlertTriage* m_triage;
    std::optional<core::store::AlertRecord> m_alert;
    QLabel* m_header;
    QLabel* m_evidence;
    QButtonGroup* m_stateButtons;
    explain::ExplanationView* m_explanation;
    QTextBrowser* m_history;
    QPlainTextEdit* m_noteEdit;
    QPushButton* m_addNote;
    TriageHistory m_shown;
};

}  // namespace dnshound::ui::triage
