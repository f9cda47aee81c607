#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dnshound::core::features {

struct LanguageModels;

// Lexical features of one domain name, computed on a public-suffix-aware split. This one module
// serves training and scoring, so the two can never disagree.
class DomainFeatures final {
public:
    // Bumped whenever a feature's meaning or order changes; models record the version they need.
    static int version();
    static std::size_t count();
    static const std::vector<std::string>& names();
    // One short sentence per feature, same order as names(), for explanations and the GUI.
    static const std::vector<std::string>& descriptions();

    // Writes count() values for the normalised name (lower case, no trailing dot) into `out`.
    // No heap allocation per call. The n-gram features use the language models installed by the
    // loaded model (LanguageModels::installed()); NaN when none is.
    static void extract(std::string_view name, std::span<float> out);
    // The same with explicit language models (training computes features of the training rows
    // with models that never saw them).
    static void extract(std::string_view name, std::span<float> out, const LanguageModels* models);
};

}  // namespace dnshound::core::features
