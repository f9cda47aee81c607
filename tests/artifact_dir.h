#pragma once

#include <filesystem>
#include <string_view>

// An empty folder `name` under the build's test-artifacts folder (DNSHOUND_TEST_ARTIFACTS), left
// in place after the test so its files can be looked at.
inline std::filesystem::path freshArtifactDir(std::string_view name) {
    const std::filesystem::path dir = std::filesystem::path(DNSHOUND_TEST_ARTIFACTS) / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}
