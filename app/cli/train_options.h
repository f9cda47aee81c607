#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/cli/command_line.h"
#include "core/model/dga_trainer.h"

namespace dnshound::app::cli {

// The value options train understands (test --leave-families-out accepts them too).
std::vector<std::string> trainValueOptions();
// Reads them; `--out` is required only when `needOut`; `--model` is the model kind only when
// `modelIsKind` (test uses it for the model file).
core::model::TrainOptions trainOptionsFrom(const CommandLine& cl, bool needOut,
                                           bool modelIsKind = true);
// The command line as a shell would accept it again (for manifests and reports).
std::string commandLineText(std::string_view command, const std::vector<std::string>& args);
// A whole-number option >= min.
long long wholeNumber(const CommandLine& cl, const char* option, double fallback, double min);

}  // namespace dnshound::app::cli
