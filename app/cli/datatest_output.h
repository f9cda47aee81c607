#pragma once

#include <string>

#include "app/cli/command_line.h"
#include "core/pipeline/analysis_runner.h"

namespace dnshound::app::cli {

// Datatest and allowlist options shared by analyze (and capture, for the allowlist).

// --allowlist FILE, or allowlist.yaml next to --config when that file exists.
void prepareAllowlist(const CommandLine& cl, core::pipeline::AnalysisRequest& request);
// --truth FILE (repeatable) and --datatest (the inputs' label columns): sets request.truth.
void prepareTruth(const CommandLine& cl, core::pipeline::AnalysisRequest& request);

// {"query": {"tp","fp","fn","tn","precision","recall","f1","fpr"}, "client": {...}, ...}
std::string datatestJson(const core::datatest::DatatestResult& result);
// {"active","expired","suppressed_queries","suppressed_alerts"}
std::string allowlistJson(const core::pipeline::AnalysisResult& result);
// The confusion matrices as text on stdout.
void printDatatest(const core::datatest::DatatestResult& result);

}  // namespace dnshound::app::cli
