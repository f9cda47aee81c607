#include "core/model/synthetic_families.h"

#include <algorithm>
#include <random>
#include <stdexcept>
#include <unordered_set>

#include "core/features/english_lexicon.h"
#include "core/features/public_suffix.h"

namespace dnshound::core::model {
namespace {

// `count` names whose labels `makeLabel(rng)` writes, under suffixes drawn from `suffixSource`.
template <typename MakeLabel>
std::vector<std::string> drawNames(std::size_t count, std::uint64_t seed,
                                   std::span<const std::string> suffixSource,
                                   const std::function<bool(std::string_view)>& taken,
                                   const char* what, MakeLabel&& makeLabel) {
    if (count == 0) return {};
    if (suffixSource.empty())
        throw std::invalid_argument(std::string(what) + ": no names to draw suffixes from");
    std::mt19937_64 rng(seed);
    std::vector<std::string> out;
    out.reserve(count);
    std::unordered_set<std::string> made;
    // Synthetic labels repeat rarely; the bound only guards against a loop.
    for (std::size_t tries = 0; out.size() < count && tries < count * 4; ++tries) {
        std::string name = makeLabel(rng);
        const std::string& source = suffixSource[rng() % suffixSource.size()];
        const std::string_view suffix = features::PublicSuffix::split(source).suffix;
        if (suffix.empty()) continue;
        name.push_back('.');
        name.append(suffix);
        if (taken(name) || !made.insert(name).second) continue;
        out.push_back(std::move(name));
    }
    return out;
}

// The built-in word list's distinct dictionary words (three letters or more), sorted.
std::vector<std::string_view> listedWords() {
    std::vector<std::string_view> words = features::englishWordList();
    std::erase_if(words, [](std::string_view w) {
        return w.size() < features::EnglishLexicon::kMinWordLength;
    });
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    return words;
}

}  // namespace

std::vector<std::string> randomStringNames(std::size_t count, std::uint64_t seed,
                                           std::span<const std::string> suffixSource,
                                           const std::function<bool(std::string_view)>& taken) {
    constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    constexpr std::size_t kMinLength = 6, kMaxLength = 24;
    return drawNames(count, seed ^ 0x5bd1e9955bd1e995ULL, suffixSource, taken, "randomStringNames",
                     [&](std::mt19937_64& rng) {
                         const std::size_t length =
                             kMinLength + rng() % (kMaxLength - kMinLength + 1);
                         const std::size_t alphabet = rng() % 4 == 0 ? kAlphabet.size() : 26;
                         std::string label;
                         for (std::size_t i = 0; i < length; ++i)
                             label.push_back(kAlphabet[rng() % alphabet]);
                         return label;
                     });
}

std::vector<std::string> wordPairNames(std::size_t count, std::uint64_t seed,
                                       std::span<const std::string> suffixSource,
                                       const std::function<bool(std::string_view)>& taken) {
    if (count == 0) return {};
    const std::vector<std::string_view> words = listedWords();
    return drawNames(count, seed ^ 0x9e3779b97f4a7c15ULL, suffixSource, taken, "wordPairNames",
                     [&](std::mt19937_64& rng) {
                         const std::size_t parts = rng() % 3 == 0 ? 3 : 2;
                         const bool hyphens = rng() % 4 == 0;
                         std::string label;
                         for (std::size_t i = 0; i < parts; ++i) {
                             if (i > 0 && hyphens) label.push_back('-');
                             label.append(words[rng() % words.size()]);
                         }
                         return label;
                     });
}

}  // namespace dnshound::core::model
