#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/report/incident_report.h"

namespace dnshound::core::report {

// Thrown when the selection names nothing in the analysis (no such alert, unknown client,
// empty range): the message says what was asked for.
class ReportError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ReportOptions {
    std::size_t evidenceQueryLimit = 200;  // rows listed; the total is always counted
    std::size_t timelineMaxBuckets = 120;
    std::size_t explainedNamesPerAlert = 10;
    // Per-feature contributions of one name's score, when the model can give them (SHAP). Left
    // empty, reports show each name's score only.
    std::function<std::vector<FeatureContribution>(std::string_view domain)> contributions;
    // The shipped model file, read for its manifest (version, training command) when its sha256
    // matches the analysis; empty: DgaModel::defaultModelPath().
    std::string modelPath;
};

// Reads what `selection` covers from the analysis file at `analysisPath` (through
// core/store/ReportQuery) into a report. Throws ReportError or store::StoreError.
IncidentReport buildIncidentReport(const std::string& analysisPath,
                                   const ReportSelection& selection,
                                   const ReportOptions& options = {});

// "DGA", "DNS tunnel", "data exfiltration over DNS" for the stored alert kinds.
std::string alertKindText(std::string_view kind);

}  // namespace dnshound::core::report
