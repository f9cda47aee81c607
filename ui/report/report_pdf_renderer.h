#pragma once

#include <QIODevice>
#include <QString>

#include "core/report/incident_report.h"

namespace dnshound::ui::report {

// Lays an incident report out on A4 pages (the same content as the HTML, through
// QTextDocument) and writes it as PDF to `device`. Charts are embedded as 300-dpi-class bitmaps.
// Needs a QGuiApplication (fonts); safe on a worker thread.
class ReportPdfRenderer final {
public:
    // Returns the number of pages written.
    int render(const core::report::IncidentReport& report, QIODevice& device) const;
};

}  // namespace dnshound::ui::report
