#pragma once

#include <QString>
#include <optional>

#include "core/report/incident_report.h"

namespace dnshound::ui::report {

enum class ReportFormat { Html, Pdf, Csv, Json };

// "html", "pdf", "csv", "json" (case-insensitive); nullopt for anything else.
std::optional<ReportFormat> reportFormatFromName(const QString& name);
// The format a file name's suffix asks for, nullopt when it names none.
std::optional<ReportFormat> reportFormatForPath(const QString& path);

// Writes `report` to `path` atomically (a temporary file renamed into place, so a failed export
// never leaves half a report). Returns an empty string on success, else what went wrong.
// Html and Pdf need a QGuiApplication; Csv and Json do not.
QString writeReportFile(const core::report::IncidentReport& report, ReportFormat format,
                        const QString& path);

}  // namespace dnshound::ui::report
