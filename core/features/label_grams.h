#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace dnshound::core::features {

// The symbol windows of one second-level label that the language models look up (the 4-gram
// models, the family trigram profiles, the 6-gram ratios), computed in one walk over the label.
// Feature extraction prefetches and scores each model from these instead of walking the label
// and recomputing table indices once per model and pass. Symbols are CharNgramModel's (29: the
// letters, any digit, anything else, the boundary); the label is framed by boundaries as the
// models frame it when they train. Fixed size, no allocation.
class LabelGrams final {
public:
    static constexpr std::size_t kMaxLabel = 255;  // longer labels are cut, as the models cut
    static constexpr std::uint32_t kSymbols = 29;
    static constexpr std::uint32_t kBoundary = kSymbols - 1;

    explicit LabelGrams(std::string_view label);

    // Characters of the label that were read (at most kMaxLabel).
    std::size_t length() const { return m_length; }
    // One entry per symbol after the start boundaries, the end boundary included (length() + 1):
    // ((a*29+b)*29+c)*29+s for the three symbols a, b, c before symbol s.
    std::span<const std::uint32_t> grams4() const { return {m_grams4.data(), m_length + 1}; }
    // The same windows' last three symbols, (b*29+c)*29+s.
    std::span<const std::uint32_t> grams3() const { return {m_grams3.data(), m_length + 1}; }
    // The 6-symbol windows of "^label$" (one start boundary), oldest symbol in the highest
    // bits, five bits a symbol; none for labels under four characters.
    std::span<const std::uint32_t> grams6() const {
        return m_length >= 4 ? std::span<const std::uint32_t>{m_keys6.data() + 4, m_length - 3}
                             : std::span<const std::uint32_t>{};
    }

private:
    std::size_t m_length = 0;
    std::array<std::uint32_t, kMaxLabel + 1> m_grams4;
    std::array<std::uint32_t, kMaxLabel + 1> m_grams3;
    std::array<std::uint32_t, kMaxLabel + 1> m_keys6;  // after each symbol; 6-grams from index 4
};

}  // namespace dnshound::core::features
