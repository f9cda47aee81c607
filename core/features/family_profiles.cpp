#include "core/features/family_profiles.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <istream>
#include <ostream>
#include <stdexcept>
#include <type_traits>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "core/features/char_ngram_model.h"

namespace dnshound::core::features {

namespace {

constexpr std::size_t S = CharNgramModel::kSymbols;
constexpr std::size_t kBoundary = CharNgramModel::kBoundary;
constexpr std::size_t kMaxLabel = 255;  // 256 symbols of cost <= 255 plus a length cost fit u16

std::size_t lengthBucket(std::size_t length) {
    return std::min(length, FamilyProfiles::kLengths - 1);
}

// One column of the cost tables: the trigram model and the length distribution of `labels`.
template <typename Costs>
void fillColumn(std::span<const std::string_view> labels, std::size_t column, std::size_t stride,
                Costs& costs, std::vector<std::uint8_t>& lengthCosts) {
    const std::vector<double> p = wittenBellProbabilities(labels, 3);
    for (std::size_t i = 0; i < FamilyProfiles::kContexts; ++i)
        costs[i * FamilyProfiles::kPitch + column] = quantizedCost(p[i]);
    // Add-half smoothing: a length the family never produced costs about log(2 n) nats.
    std::array<double, FamilyProfiles::kLengths> counts{};
    for (std::string_view l : labels) counts[lengthBucket(std::min(l.size(), kMaxLabel))] += 1;
    const double total = static_cast<double>(labels.size()) + 0.5 * FamilyProfiles::kLengths;
    for (std::size_t len = 0; len < FamilyProfiles::kLengths; ++len)
        lengthCosts[len * stride + column] = quantizedCost((counts[len] + 0.5) / total);
}

}  // namespace

std::size_t FamilyProfiles::strideFor(std::size_t families) {
    return (families + 1 + 15) / 16 * 16;
}

FamilyProfiles FamilyProfiles::train(std::span<const std::string_view> benign,
                                     std::span<const Family> families) {
    FamilyProfiles p;
    std::vector<const Family*> kept;
    for (const Family& f : families)
        if (!f.labels.empty()) kept.push_back(&f);
    if (kept.size() > kMaxFamilies)
        throw std::invalid_argument("too many DGA families for family profiles");
    if (kept.empty()) return p;
    p.m_stride = strideFor(kept.size());
    // Padding columns cost the most, so that no family minimum over the whole row picks them.
    p.m_costs.assign(kContexts * kPitch, 255);
    p.m_lengthCosts.assign(kLengths * p.m_stride, 255);
    fillColumn(benign, 0, p.m_stride, p.m_costs, p.m_lengthCosts);
    for (std::size_t k = 0; k < kept.size(); ++k) {
        p.m_families.push_back(kept[k]->name);
        fillColumn(kept[k]->labels, k + 1, p.m_stride, p.m_costs, p.m_lengthCosts);
    }
    return p;
}

namespace {

// Cost sums (1/kCostsPerNat nats) of a label: benign and the cheapest family, over the
// characters alone and with the length.
struct Costs {
    std::uint16_t benignGrams = 0, familyGrams = 0, benign = 0, family = 0;
};

// Eight 16-bit sums, and sixteen byte costs widened into two of them (GCC/Clang vector
// extensions: plain SSE2 code without intrinsics).
using Sums8 = std::uint16_t __attribute__((vector_size(16)));
using Bytes16 = std::uint8_t __attribute__((vector_size(16)));

// One row (benign, families, padding) added per symbol, sixteen columns at a time; padding
// columns cost 255 per row, so they never win the minimum.
template <std::size_t Stride>
Costs sumCosts(const LabelGrams& grams, const std::uint8_t* costs,
               const std::uint8_t* lengthCosts) {
    static_assert(Stride % 16 == 0);
    constexpr std::size_t kVectors = Stride / 8;
    std::array<Sums8, kVectors> sums{};
    // The loops over the vectors are unrolled, so the sums stay in registers (at -O2 GCC keeps
    // them in memory otherwise). Interleaving the bytes with zeros is the little-endian 16-bit
    // widening (punpcklbw / punpckhbw); __builtin_convertvector of eight bytes compiles to
    // three times the instructions.
    auto add = [&](const std::uint8_t* row) {
        const Bytes16 zero{};
#pragma GCC unroll 8
        for (std::size_t v = 0; v < kVectors; v += 2) {
            Bytes16 bytes;
            std::memcpy(&bytes, row + v * 8, sizeof(bytes));
            const Bytes16 low = __builtin_shufflevector(bytes, zero, 0, 16, 1, 17, 2, 18, 3, 19, 4,
                                                        20, 5, 21, 6, 22, 7, 23);
            const Bytes16 high = __builtin_shufflevector(bytes, zero, 8, 24, 9, 25, 10, 26, 11, 27,
                                                         12, 28, 13, 29, 14, 30, 15, 31);
            sums[v] += reinterpret_cast<const Sums8&>(low);
            sums[v + 1] += reinterpret_cast<const Sums8&>(high);
        }
    };
    auto cheapestFamily = [&] {
        Sums8 best = sums[0];
        best[0] = 0xffff;  // column 0 is benign
#pragma GCC unroll 8
        for (std::size_t v = 1; v < kVectors; ++v) best = sums[v] < best ? sums[v] : best;
        std::uint16_t m = best[0];
        for (std::size_t j = 1; j < 8; ++j) m = std::min<std::uint16_t>(m, best[j]);
        return m;
    };
    // Every symbol's row, the end boundary's included.
    for (const std::uint32_t row : grams.grams3()) add(costs + row * FamilyProfiles::kPitch);
    Costs out;
    out.benignGrams = sums[0][0];
    out.familyGrams = cheapestFamily();
    add(lengthCosts + lengthBucket(grams.length()) * Stride);
    out.benign = sums[0][0];
    out.family = cheapestFamily();
    return out;
}

#if defined(__x86_64__)

// The same sums with AVX2, picked at run time: sixteen byte costs widen into sixteen 16-bit lanes
// in one instruction (vpmovzxbw) and add in another, where SSE2 needs two unpacks, two adds and
// register copies per sixteen. Integer sums, so the results are the same.
template <std::size_t Stride>
__attribute__((target("avx2"), always_inline)) inline void addRowAvx2(__m256i* sums,
                                                                      const std::uint8_t* row) {
#pragma GCC unroll 4
    for (std::size_t v = 0; v < Stride / 16; ++v) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + v * 16));
        sums[v] = _mm256_add_epi16(sums[v], _mm256_cvtepu8_epi16(bytes));
    }
}

template <std::size_t Stride>
__attribute__((target("avx2"), always_inline)) inline std::uint16_t cheapestFamilyAvx2(
    const __m256i* sums) {
    __m256i best = _mm256_insert_epi16(sums[0], -1, 0);  // column 0 is benign
#pragma GCC unroll 4
    for (std::size_t v = 1; v < Stride / 16; ++v) best = _mm256_min_epu16(best, sums[v]);
    const __m128i half =
        _mm_min_epu16(_mm256_castsi256_si128(best), _mm256_extracti128_si256(best, 1));
    return static_cast<std::uint16_t>(_mm_cvtsi128_si32(_mm_minpos_epu16(half)));
}

__attribute__((target("avx2"), always_inline)) inline std::uint16_t firstColumnAvx2(
    const __m256i* sums) {
    return static_cast<std::uint16_t>(_mm_cvtsi128_si32(_mm256_castsi256_si128(sums[0])));
}

template <std::size_t Stride>
__attribute__((target("avx2"))) Costs sumCostsAvx2(const LabelGrams& grams,
                                                   const std::uint8_t* costs,
                                                   const std::uint8_t* lengthCosts) {
    static_assert(Stride % 16 == 0);
    __m256i sums[Stride / 16];
    for (__m256i& v : sums) v = _mm256_setzero_si256();
    for (const std::uint32_t row : grams.grams3())
        addRowAvx2<Stride>(sums, costs + row * FamilyProfiles::kPitch);
    Costs out;
    out.benignGrams = firstColumnAvx2(sums);
    out.familyGrams = cheapestFamilyAvx2<Stride>(sums);
    addRowAvx2<Stride>(sums, lengthCosts + lengthBucket(grams.length()) * Stride);
    out.benign = firstColumnAvx2(sums);
    out.family = cheapestFamilyAvx2<Stride>(sums);
    return out;
}

bool cpuHasAvx2() {
    static const bool has = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") != 0;
    }();
    return has;
}

#endif  // __x86_64__

// The ratios of a label of `length` characters from its cost sums.
FamilyProfiles::Score scoreOf(const Costs& c, std::size_t length) {
    auto ratio = [](std::uint16_t benign, std::uint16_t family) {
        return (static_cast<float>(benign) - static_cast<float>(family)) /
               CharNgramModel::kCostsPerNat;
    };
    FamilyProfiles::Score out;
    out.ngramLlr = ratio(c.benignGrams, c.familyGrams);
    out.llr = ratio(c.benign, c.family);
    out.llrPerChar = out.llr / static_cast<float>(length + 1);
    return out;
}

}  // namespace

FamilyProfiles::Score FamilyProfiles::score(std::string_view label) const {
    return score(LabelGrams(label));
}

FamilyProfiles::Score FamilyProfiles::score(const LabelGrams& grams,
                                            [[maybe_unused]] Kernel kernel) const {
    static_assert(LabelGrams::kMaxLabel == kMaxLabel);
    Score out;
    if (m_families.empty()) {
        out.llr = out.ngramLlr = out.llrPerChar = std::nanf("");
        return out;
    }
    const std::uint8_t* costs = m_costs.data();
    const std::uint8_t* lengths = m_lengthCosts.data();
    // The row stride as a compile-time constant for `sum` (16, 32, 48 or 64 bytes).
    auto byStride = [&](auto sum) {
        switch (m_stride) {
            case 16:
                return sum(std::integral_constant<std::size_t, 16>{});
            case 32:
                return sum(std::integral_constant<std::size_t, 32>{});
            case 48:
                return sum(std::integral_constant<std::size_t, 48>{});
            default:
                return sum(std::integral_constant<std::size_t, 64>{});
        }
    };
#if defined(__x86_64__)
    if (kernel == Kernel::Fastest && cpuHasAvx2())
        return scoreOf(byStride([&](auto stride) {
                           return sumCostsAvx2<decltype(stride)::value>(grams, costs, lengths);
                       }),
                       grams.length());
#endif
    return scoreOf(byStride([&](auto stride) {
                       return sumCosts<decltype(stride)::value>(grams, costs, lengths);
                   }),
                   grams.length());
}

void FamilyProfiles::prefetch(std::string_view label) const {
    if (m_families.empty()) return;
    prefetch(LabelGrams(label));
}

void FamilyProfiles::prefetch(const LabelGrams& grams) const {
    if (m_families.empty()) return;
    const std::uint8_t* costs = m_costs.data();
    // A row is one cache line (kPitch) when the table starts on one, as huge pages do.
    for (const std::uint32_t row : grams.grams3()) __builtin_prefetch(costs + row * kPitch);
}

FamilyProfiles::Resemblance FamilyProfiles::resemblance(std::string_view label,
                                                        std::string_view ignoredPrefix) const {
    Resemblance out;
    if (m_families.empty()) return out;
    label = label.substr(0, kMaxLabel);
    // Column sums in plain integers: a handful of names per explanation, never a hot path.
    std::array<std::uint32_t, kMaxStride> sums{};
    auto add = [&](const std::uint8_t* row) {
        for (std::size_t j = 0; j <= m_families.size(); ++j) sums[j] += row[j];
    };
    std::size_t b = kBoundary, c = kBoundary;
    for (char ch : label) {
        const std::size_t s = charSymbol(ch);
        add(m_costs.data() + ((b * S + c) * S + s) * kPitch);
        b = c;
        c = s;
    }
    add(m_costs.data() + ((b * S + c) * S + kBoundary) * kPitch);
    add(m_lengthCosts.data() + lengthBucket(label.size()) * m_stride);
    std::uint32_t best = UINT32_MAX, second = UINT32_MAX;
    for (std::size_t k = 0; k < m_families.size(); ++k) {
        if (!ignoredPrefix.empty() && m_families[k].starts_with(ignoredPrefix)) continue;
        const std::uint32_t cost = sums[k + 1];
        if (cost < best) {
            second = best;
            best = cost;
            out.family = static_cast<int>(k);
        } else if (cost < second) {
            second = cost;
        }
    }
    if (out.family < 0) return out;  // only ignored families are profiled
    constexpr float kPerNat = CharNgramModel::kCostsPerNat;
    out.llr = (static_cast<float>(sums[0]) - static_cast<float>(best)) / kPerNat;
    out.margin = second == UINT32_MAX ? 0.0f : static_cast<float>(second - best) / kPerNat;
    return out;
}

void FamilyProfiles::write(std::ostream& out) const {
    const auto count = static_cast<std::uint32_t>(m_families.size());
    out.write(reinterpret_cast<const char*>(&count), sizeof(count));
    for (const std::string& name : m_families) {
        const auto len = static_cast<std::uint8_t>(std::min<std::size_t>(name.size(), 255));
        out.put(static_cast<char>(len));
        out.write(name.data(), len);
    }
    std::vector<std::uint8_t> rows(kContexts * m_stride);
    for (std::size_t i = 0; i < kContexts && m_stride > 0; ++i)
        std::memcpy(rows.data() + i * m_stride, m_costs.data() + i * kPitch, m_stride);
    out.write(reinterpret_cast<const char*>(rows.data()),
              static_cast<std::streamsize>(rows.size()));
    out.write(reinterpret_cast<const char*>(m_lengthCosts.data()),
              static_cast<std::streamsize>(m_lengthCosts.size()));
}

FamilyProfiles FamilyProfiles::read(std::istream& in, const std::string& path) {
    FamilyProfiles p;
    std::uint32_t count = 0;
    in.read(reinterpret_cast<char*>(&count), sizeof(count));
    if (!in) throw std::runtime_error(path + " is truncated (family profiles)");
    if (count > kMaxFamilies) throw std::runtime_error(path + " has too many family profiles");
    for (std::uint32_t k = 0; k < count; ++k) {
        const int len = in.get();
        if (len == std::char_traits<char>::eof())
            throw std::runtime_error(path + " is truncated (family names)");
        std::string name(static_cast<std::size_t>(len), '\0');
        in.read(name.data(), len);
        p.m_families.push_back(std::move(name));
    }
    if (count == 0) return p;
    p.m_stride = strideFor(count);
    std::vector<std::uint8_t> rows(kContexts * p.m_stride);
    p.m_lengthCosts.resize(kLengths * p.m_stride);
    in.read(reinterpret_cast<char*>(rows.data()), static_cast<std::streamsize>(rows.size()));
    p.m_costs.assign(kContexts * kPitch, 255);
    for (std::size_t i = 0; i < kContexts; ++i)
        std::memcpy(p.m_costs.data() + i * kPitch, rows.data() + i * p.m_stride, p.m_stride);
    in.read(reinterpret_cast<char*>(p.m_lengthCosts.data()),
            static_cast<std::streamsize>(p.m_lengthCosts.size()));
    if (!in) throw std::runtime_error(path + " is truncated (family profiles)");
    return p;
}

}  // namespace dnshound::core::features
