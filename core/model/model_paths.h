#pragma once

#include <string>

namespace dnshound::core::model {

// The files that travel with a model file: "models/dga.json" has its manifest at
// "models/dga.manifest.json" and its training report at "models/dga.report.md".
std::string manifestPathFor(const std::string& modelPath);
std::string reportPathFor(const std::string& modelPath);
// "models/dga.suspects.txt": the benign names the training's cleaning suspected (hashes).
std::string suspectsPathFor(const std::string& modelPath);

}  // namespace dnshound::core::model
