#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/features/huge_page_allocator.h"
#include "core/features/label_grams.h"

namespace dnshound::core::features {

// Log-likelihood ratios, DGA names over benign, of the character 6-grams of second-level labels
// (hashed into 2^20 buckets), trained with the model. Six characters are a word piece: the word-
// and name-list families (suppobox, matsnu, nymaim) reuse a small vocabulary, so their labels are
// full of 6-grams that the DGA training names have and benign names rarely do, which the
// 4-gram models only half see. One table lookup per character, no allocation.
class LongGramRatio final {
public:
    static constexpr std::size_t kOrder = 6;
    static constexpr std::size_t kBuckets = std::size_t{1} << 20;
    static constexpr float kStepsPerNat = 16.0f;

    static LongGramRatio train(std::span<const std::string_view> benign,
                               std::span<const std::string_view> dga);

    struct Score {
        float sum = 0;   // summed log-likelihood ratio of the label's 6-grams
        float mean = 0;  // per 6-gram (0 for labels too short to have one)
    };
    // NaN when untrained.
    Score score(std::string_view label) const;
    // score() of the label `grams` were made of (both cut labels at 255 characters).
    Score score(const LabelGrams& grams) const;
    // Starts loading the buckets score(label) reads into the cache (a hint, no effect on results).
    void prefetch(std::string_view label) const;
    void prefetch(const LabelGrams& grams) const;

    bool trained() const { return m_table.size() == kBuckets; }
    // Binary form: kBuckets signed bytes, or nothing when untrained (a u8 flag first).
    void write(std::ostream& out) const;
    static LongGramRatio read(std::istream& in, const std::string& path);

    bool operator==(const LongGramRatio&) const = default;

private:
    // ratio in 1/kStepsPerNat nats, clamped to +-127; huge pages
    std::vector<std::int8_t, HugePageAllocator<std::int8_t>> m_table;
};

}  // namespace dnshound::core::features
