#include "core/model/binned_trees.h"

#include <algorithm>
#include <cmath>
#include <utility>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace dnshound::core::model {

namespace {

constexpr std::size_t kLanes = BinnedTrees::kLanes;
using DeepNode = BinnedTrees::DeepNode;

// Levels walked with byte compares and blends: level k compares all its 2^k nodes, so deeper
// levels are cheaper lane by lane (measured on depth-8 trees: 6 is best, 7 no faster).
constexpr int kSimdLevels = 6;

constexpr int simdLevels(int depth) {
    return std::min(depth, kSimdLevels);
}

// Bytes of level k's rank table: one 16-byte shuffle table, or 2^k / 16 of them.
constexpr std::size_t rankTableBytes(int level) {
    return std::max(std::size_t{16}, std::size_t{1} << level);
}
constexpr std::size_t rankTableOffset(int level) {
    std::size_t offset = 0;
    for (int k = 0; k < level; ++k) offset += rankTableBytes(k);
    return offset;
}

struct Strides {
    std::size_t ranks, columns, deep, leaves;
};

constexpr Strides strides(int depth) {
    const int simd = simdLevels(depth);
    return {rankTableOffset(simd), (std::size_t{1} << simd) - 1,
            (std::size_t{1} << depth) - (std::size_t{1} << simd), std::size_t{1} << depth};
}

#if defined(__x86_64__)

#define DNSHOUND_AVX2 __attribute__((target("avx2")))
#define DNSHOUND_AVX2_INLINE __attribute__((target("avx2"), always_inline)) inline

// One tree's arrays.
struct TreeView {
    const std::uint8_t* ranks;
    const std::uint16_t* columns;
    const DeepNode* deep;
    const float* leaves;
};

// The bins of level K's node each lane is at: all 2^K nodes' lane vectors, picked by the lanes'
// decisions at levels S.. (right[S]: all ones where the lane went right), depth first.
template <int K, int S, int P>
DNSHOUND_AVX2 inline __m256i laneBins(const std::uint16_t* columns, const std::uint8_t* bins,
                                      const __m256i* right) {
    if constexpr (S == K)
        return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(bins + columns[P]));
    else
        return _mm256_blendv_epi8(laneBins<K, S + 1, 2 * P>(columns, bins, right),
                                  laneBins<K, S + 1, 2 * P + 1>(columns, bins, right), right[S]);
}

// The rank of level K's node each lane is at (`at`: the node's index in the level): a byte
// shuffle of 16-entry tables, from level 5 on several of them picked by the first decisions.
template <int K, int S, int P>
DNSHOUND_AVX2 inline __m256i laneRanks(const std::uint8_t* table, __m256i at,
                                       const __m256i* right) {
    constexpr int kPicks = K <= 4 ? 0 : K - 4;
    if constexpr (S == kPicks) {
        const __m128i t = _mm_loadu_si128(reinterpret_cast<const __m128i*>(table + 16 * P));
        return _mm256_shuffle_epi8(_mm256_broadcastsi128_si256(t), at);
    } else {
        return _mm256_blendv_epi8(laneRanks<K, S + 1, 2 * P>(table, at, right),
                                  laneRanks<K, S + 1, 2 * P + 1>(table, at, right), right[S]);
    }
}

// Levels K..L-1 for 32 lanes: `at` = each lane's node index within level K.
template <int K, int L>
DNSHOUND_AVX2_INLINE void walkLevels(const TreeView& tree, const std::uint8_t* bins, __m256i* right,
                                     __m256i& at) {
    if constexpr (K < L) {
        // Bins are unsigned, the byte compare signed: both sides biased by -128.
        const __m256i x = _mm256_xor_si256(
            laneBins<K, 0, 0>(tree.columns + ((1 << K) - 1), bins, right), _mm256_set1_epi8(-128));
        const __m256i rank = laneRanks<K, 0, 0>(tree.ranks + rankTableOffset(K), at, right);
        right[K] = _mm256_cmpgt_epi8(x, rank);
        at = _mm256_sub_epi8(_mm256_add_epi8(at, at), right[K]);  // 2 * at + went right
        walkLevels<K + 1, L>(tree, bins, right, at);
    }
}

// Levels L..D-1 for eight lanes, each lane on its own (`i`: the lanes' node indices within level
// L on entry, their leaves' on return).
template <int D, int L>
inline void walkDeep(const DeepNode* deep, const std::uint8_t* bins, std::uint32_t* i) {
    std::uint32_t at[8];
#pragma GCC unroll 8
    for (std::size_t k = 0; k < 8; ++k) at[k] = i[k];
#pragma GCC unroll 4
    for (int level = L; level < D; ++level) {
        const DeepNode* nodes = deep + ((std::size_t{1} << level) - (std::size_t{1} << L));
#pragma GCC unroll 8
        for (std::size_t k = 0; k < 8; ++k) {
            const std::uint8_t x = bins[nodes[at[k]].column + k];
            // at = 2 * at + (rank < x): one compare and one add-with-carry (GCC makes three
            // more instructions of the C expression, this loop's main cost).
            asm("cmpb %[x], %[rank]\n\tadcl %[at], %[at]"
                : [at] "+r"(at[k])
                : [x] "q"(x), [rank] "m"(nodes[at[k]].rank)
                : "cc");
        }
    }
#pragma GCC unroll 8
    for (std::size_t k = 0; k < 8; ++k) i[k] = at[k];
}

// One tree for the 32 lanes of `bins` (feature f of lane k at bins[f * 32 + k]).
template <int D>
DNSHOUND_AVX2 void walkGroup(const TreeView& tree, const std::uint8_t* bins, float* margins) {
    constexpr int L = simdLevels(D);
    __m256i right[L];
    __m256i at = _mm256_setzero_si256();
    walkLevels<0, L>(tree, bins, right, at);
    alignas(32) std::uint8_t atBytes[kLanes];
    _mm256_store_si256(reinterpret_cast<__m256i*>(atBytes), at);
    alignas(32) float leaf[kLanes];
    for (std::size_t c = 0; c < kLanes; c += 8) {
        std::uint32_t i[8];
#pragma GCC unroll 8
        for (std::size_t k = 0; k < 8; ++k) i[k] = atBytes[c + k];
        if constexpr (D > L) walkDeep<D, L>(tree.deep, bins + c, i);
#pragma GCC unroll 8
        for (std::size_t k = 0; k < 8; ++k) leaf[c + k] = tree.leaves[i[k]];
    }
    for (std::size_t k = 0; k < kLanes; k += 8)
        _mm256_storeu_ps(margins + k,
                         _mm256_add_ps(_mm256_loadu_ps(margins + k), _mm256_load_ps(leaf + k)));
}

struct Forest {
    std::size_t trees;
    const std::uint8_t* ranks;
    const std::uint16_t* columns;
    const DeepNode* deep;
    const float* leaves;
};

template <int D>
DNSHOUND_AVX2 void walkForest(const Forest& forest, const std::uint8_t* bins, std::size_t groups,
                              std::size_t groupBytes, float* margins) {
    constexpr Strides s = strides(D);
    for (std::size_t t = 0; t < forest.trees; ++t) {
        const TreeView tree{forest.ranks + t * s.ranks, forest.columns + t * s.columns,
                            forest.deep + t * s.deep, forest.leaves + t * s.leaves};
        for (std::size_t g = 0; g < groups; ++g)
            walkGroup<D>(tree, bins + g * groupBytes, margins + g * kLanes);
    }
}

template <int... Ds>
void dispatch(int depth, std::integer_sequence<int, Ds...>, const Forest& forest,
              const std::uint8_t* bins, std::size_t groups, std::size_t groupBytes,
              float* margins) {
    ((depth == Ds + 1 ? walkForest<Ds + 1>(forest, bins, groups, groupBytes, margins) : void()),
     ...);
}

DNSHOUND_AVX2 inline __m256i lessOrEqual(const float* cuts, __m256 x) {
    return _mm256_castps_si256(_mm256_cmp_ps(_mm256_loadu_ps(cuts), x, _CMP_LE_OQ));
}

// The number of a feature's cuts <= x (0 for NaN), branch-free: `full` = per block of eight
// cuts its last one when the block is full, else NaN (never <= x), 32 entries; `cuts` = the
// blocks, then one of NaN.
DNSHOUND_AVX2 inline std::uint32_t binOf(const float* full, const float* cuts, float x) {
    const __m256 v = _mm256_set1_ps(x);
    const __m256i lo = _mm256_packs_epi32(lessOrEqual(full, v), lessOrEqual(full + 8, v));
    const __m256i hi = _mm256_packs_epi32(lessOrEqual(full + 16, v), lessOrEqual(full + 24, v));
    const auto fullMask = static_cast<unsigned>(_mm256_movemask_epi8(_mm256_packs_epi16(lo, hi)));
    const auto blocks = static_cast<std::uint32_t>(__builtin_popcount(fullMask));
    const auto within = static_cast<unsigned>(
        _mm256_movemask_ps(_mm256_castsi256_ps(lessOrEqual(cuts + 8 * blocks, v))));
    return 8 * blocks + static_cast<std::uint32_t>(__builtin_popcount(within));
}

// Bins of the n rows into 32-lane groups of `cols` * 32 bytes (feature f of lane k at
// f * 32 + k), the lanes past the last row padded; missing[r]: whether row r has a NaN.
DNSHOUND_AVX2 void binRows(const float* rows, std::size_t n, std::size_t cols, const float* full,
                           const float* cuts, const std::uint32_t* cutStart, std::uint8_t* bins,
                           bool* missing) {
    const std::size_t groupBytes = cols * kLanes;
    for (std::size_t r = 0; r < n; ++r) {
        const float* x = rows + r * cols;
        std::uint8_t* lane = bins + (r / kLanes) * groupBytes + r % kLanes;
        bool nan = false;
        for (std::size_t f = 0; f < cols; ++f) {
            nan |= std::isnan(x[f]);
            lane[f * kLanes] =
                static_cast<std::uint8_t>(binOf(full + f * 32, cuts + cutStart[f], x[f]));
        }
        missing[r] = nan;
    }
    const std::size_t padded = (n + kLanes - 1) / kLanes * kLanes;
    for (std::size_t r = n; r < padded; ++r) {
        std::uint8_t* lane = bins + (r / kLanes) * groupBytes + r % kLanes;
        for (std::size_t f = 0; f < cols; ++f) lane[f * kLanes] = 0;
    }
}

#endif  // __x86_64__

}  // namespace

bool BinnedTrees::cpuHasAvx2() {
#if defined(__x86_64__)
    static const bool has = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") != 0;
    }();
    return has;
#else
    return false;
#endif
}

std::optional<BinnedTrees> BinnedTrees::build(int depth, std::size_t featureCount,
                                              std::span<const float> thresholds,
                                              std::span<const std::uint32_t> features,
                                              std::span<const std::uint8_t> split,
                                              std::span<const float> leaves) {
    if (depth < 1 || depth > kMaxDepth || featureCount == 0 ||
        featureCount * kLanes > 0xFFFF + std::size_t{1})
        return std::nullopt;
    const std::size_t internal = (std::size_t{1} << depth) - 1;
    const std::size_t trees = thresholds.size() / internal;
    if (trees == 0 || thresholds.size() != trees * internal ||
        features.size() != trees * internal || split.size() != trees * internal ||
        leaves.size() != trees * (internal + 1))
        return std::nullopt;

    BinnedTrees b;
    b.m_depth = depth;
    b.m_featureCount = featureCount;
    b.m_treeCount = trees;

    // Distinct thresholds per feature (distinct as floats compare: -0 and +0 are one).
    std::vector<std::vector<float>> cuts(featureCount);
    for (std::size_t i = 0; i < thresholds.size(); ++i) {
        if (!split[i]) continue;
        if (std::isnan(thresholds[i]) || features[i] >= featureCount) return std::nullopt;
        cuts[features[i]].push_back(thresholds[i]);
    }
    for (std::vector<float>& c : cuts) {
        std::sort(c.begin(), c.end());
        c.erase(std::unique(c.begin(), c.end()), c.end());
        if (c.size() > 255) return std::nullopt;
        b.m_cutStart.push_back(static_cast<std::uint32_t>(b.m_cuts.size()));
        b.m_cuts.insert(b.m_cuts.end(), c.begin(), c.end());
        b.m_cuts.resize(b.m_cuts.size() + (8 - c.size() % 8) % 8 + 8, std::nanf(""));
        for (std::size_t block = 0; block < 32; ++block)
            b.m_fullBlocks.push_back(8 * block + 8 <= c.size() ? c[8 * block + 7] : std::nanf(""));
    }
    auto rankOf = [&](std::size_t node) -> std::uint8_t {
        if (!split[node]) return 0;
        const std::vector<float>& c = cuts[features[node]];
        return static_cast<std::uint8_t>(std::lower_bound(c.begin(), c.end(), thresholds[node]) -
                                         c.begin());
    };
    auto column = [&](std::size_t node) {
        return static_cast<std::uint16_t>(split[node] ? features[node] * kLanes : 0);
    };

    const Strides s = strides(depth);
    const int simd = simdLevels(depth);
    b.m_ranks.assign(trees * s.ranks, 0);
    b.m_columns.assign(trees * s.columns, 0);
    b.m_deep.assign(trees * s.deep, DeepNode{0, 0});
    b.m_leaves.assign(leaves.begin(), leaves.end());
    for (std::size_t t = 0; t < trees; ++t) {
        const std::size_t first = t * internal;
        for (int level = 0; level < depth; ++level) {
            const std::size_t levelFirst = (std::size_t{1} << level) - 1;
            for (std::size_t j = 0; j < (std::size_t{1} << level); ++j) {
                const std::size_t node = first + levelFirst + j;
                if (level < simd) {
                    b.m_ranks[t * s.ranks + rankTableOffset(level) + j] =
                        static_cast<std::uint8_t>(rankOf(node) ^ 0x80u);
                    b.m_columns[t * s.columns + levelFirst + j] = column(node);
                } else {
                    const std::size_t deepFirst =
                        (std::size_t{1} << level) - (std::size_t{1} << simd);
                    b.m_deep[t * s.deep + deepFirst + j] = {column(node), rankOf(node)};
                }
            }
        }
    }
    return b;
}

void BinnedTrees::addLeaves(const float* rows, std::size_t n, float* margins, bool* missing,
                            std::uint8_t* scratch) const {
#if defined(__x86_64__)
    binRows(rows, n, m_featureCount, m_fullBlocks.data(), m_cuts.data(), m_cutStart.data(), scratch,
            missing);
    const std::size_t groups = (n + kLanes - 1) / kLanes;
    alignas(32) float sums[kBlockRows] = {};
    std::copy_n(margins, n, sums);
    const Forest forest{m_treeCount, m_ranks.data(), m_columns.data(), m_deep.data(),
                        m_leaves.data()};
    dispatch(m_depth, std::make_integer_sequence<int, kMaxDepth>(), forest, scratch, groups,
             m_featureCount * kLanes, sums);
    std::copy_n(sums, n, margins);
#else
    (void)rows, (void)n, (void)margins, (void)missing, (void)scratch;
#endif
}

}  // namespace dnshound::core::model
