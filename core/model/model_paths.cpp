#include "core/model/model_paths.h"

#include <filesystem>

namespace dnshound::core::model {

namespace {
std::string sibling(const std::string& modelPath, const char* extension) {
    std::filesystem::path p(modelPath);
    return (p.parent_path() / (p.stem().string() + extension)).string();
}
}  // namespace

std::string manifestPathFor(const std::string& modelPath) {
    return sibling(modelPath, ".manifest.json");
}

std::string reportPathFor(const std::string& modelPath) {
    return sibling(modelPath, ".report.md");
}

std::string suspectsPathFor(const std::string& modelPath) {
    return sibling(modelPath, ".suspects.txt");
}

}  // namespace dnshound::core::model
