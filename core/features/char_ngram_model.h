#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/features/family_profiles.h"
#include "core/features/family_word_lists.h"
#include "core/features/huge_page_allocator.h"
#include "core/features/label_grams.h"
#include "core/features/long_gram_ratio.h"

namespace dnshound::core::features {

// A character 4-gram language model of second-level labels (Witten-Bell interpolated down to
// unigrams, boundary markers on both ends), trained from names at training time and stored
// beside the model as a derived artifact. Symbols: the 26 letters, one for any digit, one for
// any other character ('-', '_'), and the boundary. The probabilities live in one dense table
// of 29^4 bytes (negative natural log in 1/16 nat steps), so scoring a character is one lookup.
class CharNgramModel final {
public:
    static constexpr std::size_t kOrder = 4;
    static constexpr std::size_t kSymbols = 29;
    static constexpr std::size_t kTableSize = kSymbols * kSymbols * kSymbols * kSymbols;
    static constexpr std::size_t kBoundary = kSymbols - 1;
    static constexpr float kCostsPerNat = 16.0f;  // table units (negative log-probability) per nat

    // The symbol of a character: 0-25 letters, 26 any digit, 27 anything else.
    static constexpr std::size_t symbolOf(char c) {
        return c >= 'a' && c <= 'z'   ? static_cast<std::size_t>(c - 'a')
               : c >= '0' && c <= '9' ? 26
                                      : 27;
    }

    // Trains on the given labels (second-level labels, lower case).
    static CharNgramModel train(std::span<const std::string_view> labels);

    struct Score {
        float mean = 0;  // mean log-probability per symbol (the end boundary included)
        float min = 0;   // the least likely symbol's log-probability
        float sum = 0;   // log-probability of the whole label
    };
    Score score(std::string_view label) const;
    // score() of the label `grams` were made of (LabelGrams cuts labels at 255 characters).
    Score score(const LabelGrams& grams) const;
    // score() of two models (a benign and a DGA one) of the same label, in one pass.
    static std::array<Score, 2> score(const CharNgramModel& first, const CharNgramModel& second,
                                      std::string_view label);
    static std::array<Score, 2> score(const CharNgramModel& first, const CharNgramModel& second,
                                      const LabelGrams& grams);
    // Starts loading the table entries score(label) reads into the cache (a hint, no effect on
    // results): the tables are far larger than L2, so scoring waits on memory otherwise.
    void prefetch(std::string_view label) const;

    // The tables of two trained models interleaved, entry i of `first` at 2i and of `second` at
    // 2i+1: scoring both reads one cache line per symbol instead of two. Empty when either model
    // is untrained.
    using Interleaved = std::vector<std::uint8_t, HugePageAllocator<std::uint8_t>>;
    static Interleaved interleave(const CharNgramModel& first, const CharNgramModel& second);
    // score(first, second, label) from their interleaved tables (the same values).
    static std::array<Score, 2> score(const Interleaved& pair, std::string_view label);
    static void prefetch(const Interleaved& pair, std::string_view label);
    // The same from the label's precomputed windows.
    static std::array<Score, 2> score(const Interleaved& pair, const LabelGrams& grams);
    static void prefetch(const Interleaved& pair, const LabelGrams& grams);

    const std::vector<std::uint8_t>& table() const { return m_table; }
    static CharNgramModel fromTable(std::vector<std::uint8_t> table);

private:
    std::vector<std::uint8_t> m_table;  // index ((a*29+b)*29+c)*29+next
};

// CharNgramModel::symbolOf() of every byte: one load instead of compares and branches, for the
// per-character loops of scoring.
inline constexpr std::array<std::uint8_t, 256> kCharSymbols = [] {
    std::array<std::uint8_t, 256> t{};
    for (std::size_t c = 0; c < 256; ++c)
        t[c] = static_cast<std::uint8_t>(CharNgramModel::symbolOf(static_cast<char>(c)));
    return t;
}();
inline std::size_t charSymbol(char c) {
    return kCharSymbols[static_cast<unsigned char>(c)];
}

// Witten-Bell interpolated probabilities P(next | the order-1 previous symbols) of the labels'
// symbol sequences (boundaries before and after each label), order 1 to 4, dense: index
// ((a*29+b)*29+c)*29+next for order 4, (b*29+c)*29+next for order 3, and so on.
std::vector<double> wittenBellProbabilities(std::span<const std::string_view> labels,
                                            std::size_t order);
// A probability as a table byte: negative natural log in 1/kCostsPerNat steps, clamped to 255.
std::uint8_t quantizedCost(double probability);

// The benign and the DGA language models of one trained DGA model, of second-level labels and of
// public suffixes (a smooth prior over suffixes: "com" is common among benign names, "li" is not),
// read from and written to "<model>.ngrams.bin" (see ngramPathFor). Serving installs the pair of
// the loaded model once; DomainFeatures::extract(name, out) uses the installed pair.
struct LanguageModels {
    CharNgramModel benign, dga;              // second-level labels
    CharNgramModel benignSuffix, dgaSuffix;  // public suffixes
    FamilyProfiles families;                 // second-level labels per DGA family
    LongGramRatio longGrams;                 // 6-grams of second-level labels, DGA over benign
    FamilyWordLists wordLists;               // word lists of the word-list DGA families

    // Binary file: magic "DNSHNGR4", the four tables in the order above, then the family
    // profiles (FamilyProfiles::write), the 6-gram ratios (LongGramRatio::write) and the family
    // word lists (FamilyWordLists::write). Throws
    // std::runtime_error on an unreadable or malformed file.
    static std::shared_ptr<const LanguageModels> load(const std::string& path);
    // Prefetches what scoring the second-level label `label` reads from the label tables (the
    // benign and DGA 4-grams, the family profiles and the 6-grams), so the misses overlap with
    // other work.
    void prefetch(std::string_view label) const;
    void prefetch(const LabelGrams& grams) const;
    // CharNgramModel::score(benign, dga, label), from the interleaved pair when both are trained.
    std::array<CharNgramModel::Score, 2> scoreLabel(std::string_view label) const;
    std::array<CharNgramModel::Score, 2> scoreLabel(const LabelGrams& grams) const;
    // benign and dga interleaved (CharNgramModel::interleave), built on the first call; the
    // models must not change after scoring began.
    const CharNgramModel::Interleaved& labelPair() const;
    void save(const std::string& path) const;

    // The pair scoring uses (nullptr before any model was loaded: the n-gram features are then
    // NaN, "missing" to XGBoost). Installed pairs stay alive until the process ends, so the
    // pointer never dangles; loading another model installs its pair instead.
    static const LanguageModels* installed();
    static void install(std::shared_ptr<const LanguageModels> models);

private:
    mutable std::once_flag m_pairOnce;
    mutable CharNgramModel::Interleaved m_pair;
};

// "models/dga.json" -> "models/dga.ngrams.bin".
std::string ngramPathFor(const std::string& modelPath);

}  // namespace dnshound::core::features
