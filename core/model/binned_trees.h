#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace dnshound::core::model {

// TreeEnsemble's perfect layout (complete trees of one depth) on bytes. Every split threshold is
// replaced by its rank among the distinct thresholds of its feature, and a row's value by its bin,
// the number of those thresholds <= the value: `x >= threshold` is then exactly `bin > rank` for
// every value but NaN (rows with a NaN are flagged and left to the caller). Rows are binned in
// blocks and walked 32 at a time: the first levels of a tree with AVX2 byte compares on the lanes'
// contiguous bins (a level's nodes are all compared, the lanes' own picked with blends: no
// gathers), the deeper levels lane by lane. Leaves are added in float in tree order, as XGBoost.
// Exists for trees of depth <= kMaxDepth whose features have at most 255 distinct thresholds each;
// walks only where cpuHasAvx2().
class BinnedTrees final {
public:
    static constexpr int kMaxDepth = 10;
    // Rows walked together (one byte each in a 256-bit register).
    static constexpr std::size_t kLanes = 32;
    // Rows per addLeaves() call at most.
    static constexpr std::size_t kBlockRows = 256;

    // `depth` >= 1. Per tree 2^depth - 1 nodes in breadth-first order (children of node i at
    // 2i + 1 and 2i + 2): split threshold, feature, and split = 0 for the padding below a leaf
    // (never a real decision: both sides lead to the same leaf); then 2^depth leaves per tree.
    // Empty when the trees do not fit (depth, more than 255 thresholds for a feature, a NaN
    // threshold).
    static std::optional<BinnedTrees> build(int depth, std::size_t featureCount,
                                            std::span<const float> thresholds,
                                            std::span<const std::uint32_t> features,
                                            std::span<const std::uint8_t> split,
                                            std::span<const float> leaves);

    static bool cpuHasAvx2();

    // Bytes of the scratch buffer addLeaves() needs (32-byte aligned).
    std::size_t scratchBytes() const { return kBlockRows * m_featureCount; }

    // For the n <= kBlockRows rows (row-major, featureCount floats each): adds every tree's leaf
    // to margins[r] in tree order, and sets missing[r] to whether the row has a NaN (its margin
    // is then meaningless). Requires cpuHasAvx2().
    void addLeaves(const float* rows, std::size_t n, float* margins, bool* missing,
                   std::uint8_t* scratch) const;

    // A node below the levels walked with SIMD: byte offset of its feature's lane group, rank.
    struct DeepNode {
        std::uint16_t column;
        std::uint8_t rank;
    };

private:
    BinnedTrees() = default;

    int m_depth = 0;
    std::size_t m_featureCount = 0;
    std::size_t m_treeCount = 0;
    // Per feature its distinct thresholds ascending in blocks of 8 (padded with NaN, then one
    // block of NaN), concatenated; and per feature 32 floats: the last threshold of each full
    // block, else NaN.
    std::vector<float> m_cuts, m_fullBlocks;
    std::vector<std::uint32_t> m_cutStart;
    // Per tree: rank tables of the SIMD levels (16 bytes, or 2^level from level 5 on; ranks
    // biased by -128 for signed byte compares), the byte
    // offsets (feature * kLanes) of their nodes, the deeper nodes, the leaves.
    std::vector<std::uint8_t> m_ranks;
    std::vector<std::uint16_t> m_columns;
    std::vector<DeepNode> m_deep;
    std::vector<float> m_leaves;
};

}  // namespace dnshound::core::model
