#pragma once

#include <QString>
#include <vector>

#include "core/report/incident_report.h"
#include "ui/report/report_chart.h"

namespace dnshound::ui::report {

// Writes an incident report as one self-contained XHTML page (well-formed XML, so any XML
// parser reads it): sections with stable ids (summary, timeline, alerts, explanation, evidence,
// notes, run, inputs, glossary) and plain tables.
class ReportHtmlWriter final {
public:
    enum class Images {
        Embedded,  // <img src="data:image/png;base64,...">: one file to mail around
        ByName,    // <img src="timeline.png">: for QTextDocument resources (the PDF renderer)
    };

    explicit ReportHtmlWriter(Images images = Images::Embedded) : m_images(images) {}

    QString write(const core::report::IncidentReport& report,
                  const std::vector<ReportChart>& charts) const;

private:
    Images m_images;
};

}  // namespace dnshound::ui::report
