#pragma once

#include <QDialog>
#include <QString>
#include <cstdint>

#include "core/report/incident_report.h"
#include "ui/report/report_file_writer.h"

class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLineEdit;
class QRadioButton;

namespace dnshound::ui::incident {

// What the window offers to report on: the alert selected in the Alerts tab, the client whose
// tab is open, and the analysis' time extent (the default range).
struct ReportChoices {
    std::int64_t alertId = 0;  // 0: no alert selected
    QString alertLabel;        // "#3 dga 10.0.0.5"
    QString client;            // empty: no client tab open
    std::int64_t fromUs = 0;
    std::int64_t toUs = 0;
};

// "Export report…": choose what to report on, the format and the file.
class ReportExportDialog final : public QDialog {
    Q_OBJECT

public:
    explicit ReportExportDialog(const ReportChoices& choices, QWidget* parent = nullptr);

    core::report::ReportSelection selection() const;
    report::ReportFormat format() const;
    QString path() const;
    void setPath(const QString& path);

    QRadioButton* alertButton() const { return m_alert; }
    QRadioButton* clientButton() const { return m_client; }
    QRadioButton* rangeButton() const { return m_range; }
    QComboBox* formatBox() const { return m_format; }

private:
    void browse();
    void updateSuffix();
    void updateOk();

    ReportChoices m_choices;
    QRadioButton* m_alert;
    QRadioButton* m_client;
    QRadioButton* m_range;
    QDateTimeEdit* m_from;
    QDateTimeEdit* m_to;
    QComboBox* m_format;
    QLineEdit* m_path;
    QDialogButtonBox* m_buttons;
};

}  // namespace dnshound::ui::incident
