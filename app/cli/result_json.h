#pragma once

#include <string>
#include <vector>

#include "core/pipeline/analysis_runner.h"

namespace dnshound::app::cli {

// The JSON documents the CLI writes (keys are part of the command-line contract).
std::string summaryJson(const core::pipeline::AnalysisResult& result, const std::string& dbPath);
// [{"stage", "batches", "events_in", "events_out", "busy_s"}, ...]
std::string stagesJson(const std::vector<core::pipeline::StageTotals>& stages);

}  // namespace dnshound::app::cli
