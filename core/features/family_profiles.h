#pragma once

#include <array>
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

// Character trigram models and label-length distributions of the second-level labels of each
// DGA family and of the benign names, trained with the model. A label's best family
// log-likelihood ratio over benign says "this looks like conficker" where one model of all DGA
// names blurs the families' distinct alphabets and lengths. The costs are laid out context-major:
// scoring a character adds one row of byte costs (benign first, then every family) to running
// sums, one table lookup per character and no allocation.
class FamilyProfiles final {
public:
    static constexpr std::size_t kMaxFamilies = 63;
    static constexpr std::size_t kMaxStride = 64;  // benign + families, padded to 16
    static constexpr std::size_t kContexts = 29 * 29 * 29;
    static constexpr std::size_t kLengths = 64;  // label lengths 0 to 62, then 63 and longer
    // Bytes between rows of the context costs in memory: one cache line, whatever the stride, so
    // a row is one line to fetch (a 48-byte row straddles two lines every other time). The file
    // keeps rows of m_stride bytes.
    static constexpr std::size_t kPitch = kMaxStride;

    struct Family {
        std::string name;
        std::vector<std::string_view> labels;
    };
    // Families without labels are left out. Throws std::invalid_argument for more than
    // kMaxFamilies families.
    static FamilyProfiles train(std::span<const std::string_view> benign,
                                std::span<const Family> families);

    struct Score {
        float llr = 0;         // best family: log P(label, length | family) - the same for benign
        float ngramLlr = 0;    // best family over the characters alone (length ignored)
        float llrPerChar = 0;  // llr per scored symbol (characters and the end boundary)
    };
    // NaN when no family is profiled.
    Score score(std::string_view label) const;
    // Which code adds the cost rows: the fastest this CPU runs (AVX2 where it has it) or the
    // portable vector code every CPU runs. Integer sums, so both give the same scores; tests
    // compare them, since a machine with AVX2 would otherwise never run the portable one.
    enum class Kernel { Fastest, Portable };
    // score() of the label `grams` were made of (both cut labels at 255 characters).
    Score score(const LabelGrams& grams, Kernel kernel = Kernel::Fastest) const;
    // Starts loading the rows score(label) reads into the cache (a hint, no effect on results).
    void prefetch(std::string_view label) const;
    void prefetch(const LabelGrams& grams) const;

    // Which family a label resembles most (characters and length), for analysts: an attribution,
    // not a feature. `margin` is how much likelier it is under that family than under the
    // runner-up (nats; 0 with one family). family is -1 when no family is profiled. Families whose
    // names start with `ignoredPrefix` (synthetic training families, no real ones) are neither
    // chosen nor runner-up.
    struct Resemblance {
        int family = -1;   // index into families()
        float llr = 0;     // that family over benign, as Score::llr
        float margin = 0;  // over the second most likely family
    };
    Resemblance resemblance(std::string_view label, std::string_view ignoredPrefix = {}) const;

    const std::vector<std::string>& families() const { return m_families; }
    // Binary form: family count (u32), each name (u8 length, bytes), then the cost tables.
    void write(std::ostream& out) const;
    // Throws std::runtime_error (naming `path`) on a truncated or malformed stream.
    static FamilyProfiles read(std::istream& in, const std::string& path);

    bool operator==(const FamilyProfiles&) const = default;

private:
    static std::size_t strideFor(std::size_t families);

    std::vector<std::string> m_families;
    std::size_t m_stride = 0;  // columns per row
    // kContexts rows of kPitch bytes (m_stride used), row ((b*29+c)*29+next); huge pages
    std::vector<std::uint8_t, HugePageAllocator<std::uint8_t>> m_costs;
    std::vector<std::uint8_t> m_lengthCosts;  // kLengths x m_stride
};

}  // namespace dnshound::core::features
