#pragma once

#include <string>

#include "core/report/incident_report.h"

namespace dnshound::core::report {

// Machine-readable exports for SIEMs; columns and keys are documented in docs/reports.md.

// One CSV table (RFC 4180, header row, UTF-8): a row per alert (record = "alert") followed by a
// row per listed evidence query (record = "query"), sharing one set of columns.
std::string reportCsv(const IncidentReport& report);
// One JSON object: report facts, summary, alerts with explanations and notes, evidence queries,
// input sources with reject counts, glossary.
std::string reportJson(const IncidentReport& report);

}  // namespace dnshound::core::report
