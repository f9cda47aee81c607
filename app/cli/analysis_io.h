#pragma once

#include <string_view>

#include "app/cli/command_line.h"
#include "core/pipeline/analysis_runner.h"

namespace dnshound::app::cli {

// What `analyze` and `capture` share around runAnalysis: the --config and --db options before
// it, and the --alerts / --summary files, the printed alert list and the clean-up after it.

// Sets request.config (--config FILE or the compiled-in default) and request.dbPath (--db FILE,
// or a temporary file named after `tempPrefix` that finishOutputs() removes).
void prepareRequest(const CommandLine& cl, core::pipeline::AnalysisRequest& request,
                    std::string_view tempPrefix);

// Writes --alerts and --summary, prints the alerts unless `quiet`, and removes a temporary
// analysis file (or says where the kept one is).
void finishOutputs(const CommandLine& cl, const core::pipeline::AnalysisRequest& request,
                   const core::pipeline::AnalysisResult& result, bool quiet);

}  // namespace dnshound::app::cli
