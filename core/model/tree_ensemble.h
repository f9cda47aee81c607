#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/model/binned_trees.h"

namespace dnshound::core::model {

class TreeEnsembleError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A binary:logistic gradient-boosted (or num_parallel_tree random-forest) XGBoost model, read from
// XGBoost's JSON model file into flat arrays and evaluated without XGBoost: rows are scored in
// blocks, tree by tree, so one tree's nodes stay in L1 while a block of rows walks it.
// Scores equal XGBoost's own (same float comparisons `x < threshold` goes left, NaN follows the
// default direction, leaves summed in float in tree order from logit(base_score), same sigmoid).
// Immutable after loading: predict() may be called from several threads at once.
class TreeEnsemble final {
public:
    // Throws TreeEnsembleError for a malformed file or a model kind it does not evaluate
    // (another objective, dart, multi-class, categorical splits).
    static TreeEnsemble fromXgboostJson(std::string json);
    static TreeEnsemble loadXgboostJson(const std::string& path);

    std::size_t featureCount() const { return m_featureCount; }
    std::size_t treeCount() const { return m_treeStart.size(); }
    std::size_t nodeCount() const { return m_nodes.size(); }
    int maxDepth() const { return m_maxDepth; }
    // logit(base_score): the margin before any tree.
    float baseMargin() const { return m_baseMargin; }
    // True when every tree is also stored as a complete binary tree (depth <= kMaxPerfectDepth),
    // the branch-free layout used for rows without missing values.
    bool hasPerfectLayout() const { return m_perfectDepth > 0; }

    // The evaluators: `general` walks each row down the breadth-first trees; `perfect` walks 16
    // rows at a time down complete trees (rows without missing values); `binned` walks 32 rows at
    // a time on bytes with AVX2 (BinnedTrees; rows without missing values). They give the same
    // margins, bit for bit. `best`: binned where the model and the CPU allow, else perfect, else
    // general (a row with a missing value always takes the general walk).
    enum class Walker { best, general, perfect, binned };
    bool canWalk(Walker walker) const;

    // `features`: rows x featureCount() floats, row-major, NaN = missing. Writes one value per row.
    // A forced walker (tests, benchmarks) throws TreeEnsembleError where canWalk() is false.
    void predictMargin(std::span<const float> features, std::size_t rows, std::span<float> margins,
                       Walker walker = Walker::best) const;
    // Probability (sigmoid of the margin), as XGBoost's binary:logistic prediction.
    void predict(std::span<const float> features, std::size_t rows, std::span<float> scores) const;

    static constexpr int kMaxPerfectDepth = 10;

    // Rows walked together in the perfect layout.
    static constexpr std::size_t kLanes = 16;
    // A split of the perfect layout (x >= threshold goes right; NaN rows never take it).
    struct PerfectNode {
        float threshold;
        std::uint32_t column;  // feature index * kLanes
    };

private:
    TreeEnsemble() = default;
    void predictBlock(const float* rows, std::size_t n, float* margins, float* scratch,
                      Walker walker) const;
    void predictBinned(const float* rows, std::size_t n, float* margins) const;
    // The general and perfect walks, block by block (their 32 KB scratch lives only here).
    void predictScalar(const float* rows, std::size_t n, float* margins, Walker walker) const;
    void marginsGeneral(const float* rows, std::size_t n, float* margins) const;
    void marginsPerfect(const float* rows, std::size_t n, float* margins, float* scratch) const;

    // General layout, breadth-first per tree with the two children of a node adjacent.
    // bits: 0 for a leaf (value = leaf value); else feature | defaultLeft << 10 | left << 11,
    // left relative to the tree's first node, right = left + 1; value = split threshold.
    struct Node {
        float value;
        std::uint32_t bits;
    };
    std::vector<Node> m_nodes;
    std::vector<std::uint32_t> m_treeStart;

    // Perfect layout: per tree 2^d - 1 internal nodes (threshold, feature) then 2^d leaves.
    int m_perfectDepth = 0;
    std::vector<PerfectNode> m_perfectNodes;
    std::vector<float> m_perfectLeaf;
    // The perfect layout on bytes, when every feature has at most 255 distinct thresholds.
    std::optional<BinnedTrees> m_binned;

    std::size_t m_featureCount = 0;
    int m_maxDepth = 0;
    float m_baseMargin = 0;
};

}  // namespace dnshound::core::model
