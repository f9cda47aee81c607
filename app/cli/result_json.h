#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/pipeline/analysis_runner.h"

namespace dnshound::app::cli {

// The JSON documents the CLI writes (keys are part of the command-line contract).
std::string summaryJson(const core::pipeline::AnalysisResult& result, const std::string& dbPath);
// One alert as a JSON line (alerts file of analyze and capture).
std::string alertJson(const core::store::AlertRecord& alert);
// 2026-11-27T22:33:30.123Z
std::string isoTime(std::int64_t us);
// Writes (replaces) `path`; throws UsageError when it cannot.
void writeOutputFile(const std::string& path, const std::string& text);
// [{"stage", "batches", "events_in", "events_out", "busy_s"}, ...]
std::string stagesJson(const std::vector<core::pipeline::StageTotals>& stages);

}  // namespace dnshound::app::cli
