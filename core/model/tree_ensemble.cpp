#include "core/model/tree_ensemble.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <sstream>
#include <utility>

#include "core/text/json_reader.h"

namespace dnshound::core::model {

namespace {

using text::JsonValue;

constexpr std::uint32_t kFeatureBits = 10;
constexpr std::uint32_t kMaxFeatures = 1u << kFeatureBits;
constexpr std::uint32_t kDefaultLeftBit = 1u << kFeatureBits;
constexpr std::uint32_t kLeftShift = kFeatureBits + 1;
constexpr std::uint32_t kMaxNodesPerTree = 1u << (32 - kLeftShift);
constexpr std::size_t kBlockRows = 64;
constexpr std::size_t kMaxPerfectBytes = std::size_t{64} << 20;

[[noreturn]] void fail(const std::string& what) {
    throw TreeEnsembleError("XGBoost model: " + what);
}

JsonValue need(const JsonValue& object, const char* key) {
    if (!object.valid() || !object.isObject())
        fail(std::string("expected an object around ") + key);
    const JsonValue v = object[key];
    if (!v.valid()) fail(std::string("missing '") + key + "'");
    return v;
}

// One tree as XGBoost writes it: parallel arrays indexed by node id.
struct RawTree {
    std::vector<std::int64_t> left, right, feature;
    std::vector<float> condition;
    std::vector<bool> defaultLeft;
};

RawTree readTree(const JsonValue& tree, std::size_t featureCount) {
    RawTree t;
    const std::size_t n = need(tree, "left_children").size();
    if (n == 0) fail("a tree without nodes");
    if (n > kMaxNodesPerTree) fail("a tree with too many nodes");
    auto ints = [&](const char* key, std::vector<std::int64_t>& out) {
        const JsonValue a = need(tree, key);
        if (!a.isArray() || a.size() != n) fail(std::string("'") + key + "' has the wrong size");
        out.reserve(n);
        for (const JsonValue v : a) out.push_back(v.asInt());
    };
    ints("left_children", t.left);
    ints("right_children", t.right);
    ints("split_indices", t.feature);
    const JsonValue conds = need(tree, "split_conditions");
    if (!conds.isArray() || conds.size() != n) fail("'split_conditions' has the wrong size");
    t.condition.reserve(n);
    for (const JsonValue v : conds) t.condition.push_back(v.asFloat());
    const JsonValue dl = need(tree, "default_left");
    if (!dl.isArray() || dl.size() != n) fail("'default_left' has the wrong size");
    for (const JsonValue v : dl) t.defaultLeft.push_back(v.isBool() ? v.asBool() : v.asInt() != 0);
    if (const JsonValue types = tree["split_type"]; types.valid()) {
        for (const JsonValue v : types)
            if (v.asInt() != 0) fail("categorical splits are not supported");
    }
    for (std::size_t i = 0; i < n; ++i) {
        const bool leaf = t.left[i] == -1;
        if (leaf != (t.right[i] == -1)) fail("a node with only one child");
        if (leaf) continue;
        if (t.left[i] <= 0 || t.right[i] <= 0 || static_cast<std::size_t>(t.left[i]) >= n ||
            static_cast<std::size_t>(t.right[i]) >= n)
            fail("a child index out of range");
        if (t.feature[i] < 0 || static_cast<std::size_t>(t.feature[i]) >= featureCount)
            fail("a split on a feature index out of range");
    }
    return t;
}

float sigmoid(float margin) {
    // As XGBoost's common::Sigmoid.
    const float denominator = std::exp(std::min(-margin, 88.7f)) + 1.0f + 1e-16f;
    return 1.0f / denominator;
}

}  // namespace

TreeEnsemble TreeEnsemble::loadXgboostJson(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw TreeEnsembleError("cannot read model " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return fromXgboostJson(std::move(s).str());
}

TreeEnsemble TreeEnsemble::fromXgboostJson(std::string json) {
    TreeEnsemble e;
    try {
        const text::JsonDocument doc = text::JsonDocument::parse(std::move(json));
        const JsonValue learner = need(doc.root(), "learner");
        const std::string objective = need(need(learner, "objective"), "name").asString();
        if (objective != "binary:logistic" && objective != "reg:logistic")
            fail("objective '" + objective + "' is not supported (binary:logistic only)");
        const JsonValue param = need(learner, "learner_model_param");
        const double numFeature = need(param, "num_feature").asDoubleLenient();
        if (numFeature < 1 || numFeature > kMaxFeatures) fail("unsupported num_feature");
        e.m_featureCount = static_cast<std::size_t>(numFeature);
        if (const JsonValue c = param["num_class"]; c.valid() && c.asDoubleLenient() > 1)
            fail("multi-class models are not supported");
        if (const JsonValue t = param["num_target"]; t.valid() && t.asDoubleLenient() > 1)
            fail("multi-target models are not supported");
        const JsonValue base = need(param, "base_score");
        float baseScore = 0;
        if (base.isString()) {
            try {
                baseScore = std::stof(base.asString());
            } catch (const std::exception&) {
                fail("base_score '" + base.asString() + "' is not a number");
            }
        } else {
            baseScore = base.asFloat();
        }
        if (!(baseScore > 0.0f && baseScore < 1.0f)) fail("base_score outside (0, 1)");
        // binary:logistic stores base_score as a probability; XGBoost's ProbToMargin.
        e.m_baseMargin = -std::log(1.0f / baseScore - 1.0f);

        const JsonValue booster = need(learner, "gradient_booster");
        const std::string boosterName = need(booster, "name").asString();
        if (boosterName != "gbtree") fail("booster '" + boosterName + "' is not supported");
        const JsonValue model = need(booster, "model");
        const JsonValue trees = need(model, "trees");
        if (!trees.isArray() || trees.size() == 0) fail("no trees");
        if (const JsonValue info = model["tree_info"]; info.valid()) {
            for (const JsonValue g : info)
                if (g.asInt() != 0) fail("trees for more than one output group");
        }

        std::vector<RawTree> raw;
        raw.reserve(trees.size());
        for (const JsonValue t : trees) raw.push_back(readTree(t, e.m_featureCount));

        // General layout: breadth-first renumbering, children adjacent.
        std::vector<std::uint32_t> queue, depth;
        std::vector<int> seen;
        for (const RawTree& t : raw) {
            const std::uint32_t start = static_cast<std::uint32_t>(e.m_nodes.size());
            e.m_treeStart.push_back(start);
            queue.assign(1, 0);
            depth.assign(1, 0);
            seen.assign(t.left.size(), 0);
            seen[0] = 1;
            e.m_nodes.push_back({});
            for (std::size_t q = 0; q < queue.size(); ++q) {
                const std::uint32_t id = queue[q];
                Node& node = e.m_nodes[start + q];
                if (t.left[id] == -1) {
                    node = {t.condition[id], 0};
                    e.m_maxDepth = std::max(e.m_maxDepth, static_cast<int>(depth[q]));
                    continue;
                }
                const auto l = static_cast<std::uint32_t>(t.left[id]);
                const auto r = static_cast<std::uint32_t>(t.right[id]);
                if (seen[l]++ || seen[r]++) fail("a tree whose nodes are not a tree");
                const auto left = static_cast<std::uint32_t>(queue.size());
                node = {t.condition[id], static_cast<std::uint32_t>(t.feature[id]) |
                                             (t.defaultLeft[id] ? kDefaultLeftBit : 0u) |
                                             (left << kLeftShift)};
                queue.push_back(l);
                queue.push_back(r);
                depth.push_back(depth[q] + 1);
                depth.push_back(depth[q] + 1);
                e.m_nodes.push_back({});
                e.m_nodes.push_back({});
            }
        }

        // Perfect layout when the trees are shallow enough: every leaf above the last level is
        // copied into all the leaf slots below it, so every row walks exactly d levels.
        const int d = std::min(e.m_maxDepth, kMaxPerfectDepth + 1);  // no shift past 63
        const std::size_t internal = (std::size_t{1} << d) - 1, leaves = std::size_t{1} << d;
        const std::size_t perfectBytes = raw.size() * (internal * 8 + leaves * 4);
        if (d >= 1 && e.m_maxDepth <= kMaxPerfectDepth && perfectBytes <= kMaxPerfectBytes) {
            e.m_perfectDepth = d;
            std::vector<float> threshold(raw.size() * internal, 0.0f);
            std::vector<std::uint32_t> feature(raw.size() * internal, 0);
            std::vector<std::uint8_t> split(raw.size() * internal, 0);
            e.m_perfectLeaf.assign(raw.size() * leaves, 0.0f);
            for (std::size_t ti = 0; ti < raw.size(); ++ti) {
                const RawTree& t = raw[ti];
                const std::size_t node0 = ti * internal;
                float* leaf = e.m_perfectLeaf.data() + ti * leaves;
                auto place = [&](auto&& self, std::size_t id, std::size_t pos, int level) -> void {
                    if (t.left[id] == -1) {
                        // Fill the leaf range under `pos` (position pos at `level`).
                        const std::size_t first = (pos - ((std::size_t{1} << level) - 1))
                                                  << (d - level);
                        std::fill_n(leaf + first, std::size_t{1} << (d - level), t.condition[id]);
                        return;
                    }
                    threshold[node0 + pos] = t.condition[id];
                    feature[node0 + pos] = static_cast<std::uint32_t>(t.feature[id]);
                    split[node0 + pos] = 1;
                    self(self, static_cast<std::size_t>(t.left[id]), 2 * pos + 1, level + 1);
                    self(self, static_cast<std::size_t>(t.right[id]), 2 * pos + 2, level + 1);
                };
                place(place, 0, 0, 0);
            }
            e.m_perfectNodes.reserve(threshold.size());
            for (std::size_t i = 0; i < threshold.size(); ++i)
                e.m_perfectNodes.push_back(
                    {threshold[i], static_cast<std::uint32_t>(feature[i] * kLanes)});
            e.m_binned =
                BinnedTrees::build(d, e.m_featureCount, threshold, feature, split, e.m_perfectLeaf);
        }
    } catch (const text::JsonError& err) {
        fail(err.what());
    }
    return e;
}

void TreeEnsemble::marginsGeneral(const float* rows, std::size_t n, float* margins) const {
    const std::size_t cols = m_featureCount;
    for (const std::uint32_t start : m_treeStart) {
        const Node* tree = m_nodes.data() + start;
        for (std::size_t r = 0; r < n; ++r) {
            const float* x = rows + r * cols;
            std::uint32_t i = 0;
            for (;;) {
                const Node node = tree[i];
                const std::uint32_t left = node.bits >> kLeftShift;
                if (left == 0) break;
                const float v = x[node.bits & (kMaxFeatures - 1)];
                const bool goLeft =
                    std::isnan(v) ? (node.bits & kDefaultLeftBit) != 0 : v < node.value;
                i = left + (goLeft ? 0u : 1u);
            }
            margins[r] += tree[i].value;
        }
    }
}

namespace {

// The perfect layout walks rows sixteen at a time, transposed to feature-major lane groups:
// feature f of lane k at xt[f * kLanes + k]. A node stores f * kLanes ("column"), so a lane's
// value is one load at a constant offset from the node's column.
constexpr std::size_t kLanes = TreeEnsemble::kLanes;

// One lane group down one complete tree of depth D: D steps of "i = 2i + 1 + (x >= threshold)",
// the sixteen node indices in registers, so sixteen independent load chains fill the
// out-of-order core.
template <int D>
void walkGroup(const TreeEnsemble::PerfectNode* nodes, const float* leaves, const float* xt,
               float* margins) {
    constexpr std::uint32_t kInternal = (1u << D) - 1;
    std::uint32_t i[kLanes];
    const TreeEnsemble::PerfectNode root = nodes[0];
#pragma GCC unroll 16
    for (std::size_t k = 0; k < kLanes; ++k)
        i[k] = 1 + static_cast<std::uint32_t>(xt[root.column + k] >= root.threshold);
    for (int level = 1; level < D; ++level) {
#pragma GCC unroll 16
        for (std::size_t k = 0; k < kLanes; ++k) {
            const TreeEnsemble::PerfectNode node = nodes[i[k]];
            i[k] = 2 * i[k] + 1 + static_cast<std::uint32_t>(xt[node.column + k] >= node.threshold);
        }
    }
#pragma GCC unroll 16
    for (std::size_t k = 0; k < kLanes; ++k) margins[k] += leaves[i[k] - kInternal];
}

// One row (the tail of a block that does not fill a lane group), row-major.
template <int D>
float walkRow(const TreeEnsemble::PerfectNode* nodes, const float* leaves, const float* x) {
    std::uint32_t i = 0;
    for (int level = 0; level < D; ++level) {
        const TreeEnsemble::PerfectNode node = nodes[i];
        i = 2 * i + 1 + static_cast<std::uint32_t>(x[node.column / kLanes] >= node.threshold);
    }
    return leaves[i - ((1u << D) - 1)];
}

template <int D>
void walkAllPerfect(const TreeEnsemble::PerfectNode* nodes, const float* leaves, std::size_t trees,
                    const float* rows, const float* xt, std::size_t cols, std::size_t n,
                    float* margins) {
    constexpr std::size_t kInternal = (std::size_t{1} << D) - 1, kLeaves = std::size_t{1} << D;
    const std::size_t groups = n / kLanes;
    for (std::size_t t = 0; t < trees; ++t) {
        const TreeEnsemble::PerfectNode* treeNodes = nodes + t * kInternal;
        const float* treeLeaves = leaves + t * kLeaves;
        for (std::size_t g = 0; g < groups; ++g)
            walkGroup<D>(treeNodes, treeLeaves, xt + g * cols * kLanes, margins + g * kLanes);
        for (std::size_t r = groups * kLanes; r < n; ++r)
            margins[r] += walkRow<D>(treeNodes, treeLeaves, rows + r * cols);
    }
}

template <int... Ds>
void dispatchPerfect(int depth, std::integer_sequence<int, Ds...>,
                     const TreeEnsemble::PerfectNode* nodes, const float* leaves, std::size_t trees,
                     const float* rows, const float* xt, std::size_t cols, std::size_t n,
                     float* margins) {
    ((depth == Ds + 1 ? walkAllPerfect<Ds + 1>(nodes, leaves, trees, rows, xt, cols, n, margins)
                      : void()),
     ...);
}

}  // namespace

void TreeEnsemble::marginsPerfect(const float* rows, std::size_t n, float* margins,
                                  float* scratch) const {
    const std::size_t cols = m_featureCount;
    for (std::size_t g = 0; g < n / kLanes; ++g) {
        float* xt = scratch + g * cols * kLanes;
        const float* x = rows + g * kLanes * cols;
        for (std::size_t k = 0; k < kLanes; ++k)
            for (std::size_t f = 0; f < cols; ++f) xt[f * kLanes + k] = x[k * cols + f];
    }
    dispatchPerfect(m_perfectDepth, std::make_integer_sequence<int, kMaxPerfectDepth>(),
                    m_perfectNodes.data(), m_perfectLeaf.data(), m_treeStart.size(), rows, scratch,
                    cols, n, margins);
}

bool TreeEnsemble::canWalk(Walker walker) const {
    switch (walker) {
        case Walker::best:
        case Walker::general:
            return true;
        case Walker::perfect:
            return m_perfectDepth > 0;
        case Walker::binned:
            return m_binned.has_value() && BinnedTrees::cpuHasAvx2();
    }
    return false;
}

void TreeEnsemble::predictBlock(const float* rows, std::size_t n, float* margins, float* scratch,
                                Walker walker) const {
    std::fill_n(margins, n, m_baseMargin);
    bool missing = false;
    if (walker == Walker::perfect) {
        const std::size_t count = n * m_featureCount;
        for (std::size_t i = 0; i < count; ++i) missing |= std::isnan(rows[i]);
    }
    if (walker == Walker::perfect && !missing)
        marginsPerfect(rows, n, margins, scratch);
    else
        marginsGeneral(rows, n, margins);
}

void TreeEnsemble::predictBinned(const float* rows, std::size_t n, float* margins) const {
    // The binned rows of a block: on the stack for up to 128 features, else one allocation.
    constexpr std::size_t kStackBytes = BinnedTrees::kBlockRows * 128;
    alignas(32) std::array<std::uint8_t, kStackBytes> stackScratch;
    std::vector<std::uint8_t> heapScratch;
    std::uint8_t* scratch = stackScratch.data();
    if (m_binned->scratchBytes() > kStackBytes) {
        heapScratch.resize(m_binned->scratchBytes() + 32);
        scratch = heapScratch.data() +
                  (32 - reinterpret_cast<std::uintptr_t>(heapScratch.data()) % 32) % 32;
    }
    std::array<bool, BinnedTrees::kBlockRows> missing;
    for (std::size_t b = 0; b < n; b += BinnedTrees::kBlockRows) {
        const std::size_t count = std::min(BinnedTrees::kBlockRows, n - b);
        const float* block = rows + b * m_featureCount;
        std::fill_n(margins + b, count, m_baseMargin);
        m_binned->addLeaves(block, count, margins + b, missing.data(), scratch);
        for (std::size_t r = 0; r < count; ++r) {
            if (!missing[r]) continue;
            margins[b + r] = m_baseMargin;
            marginsGeneral(block + r * m_featureCount, 1, margins + b + r);
        }
    }
}

void TreeEnsemble::predictMargin(std::span<const float> features, std::size_t rows,
                                 std::span<float> margins, Walker walker) const {
    if (features.size() < rows * m_featureCount || margins.size() < rows)
        throw TreeEnsembleError("predict: buffers smaller than rows x features");
    if (walker == Walker::best)
        walker = canWalk(Walker::binned)    ? Walker::binned
                 : canWalk(Walker::perfect) ? Walker::perfect
                                            : Walker::general;
    else if (!canWalk(walker))
        throw TreeEnsembleError("predict: this model or CPU has no such walker");
    if (walker == Walker::binned)
        predictBinned(features.data(), rows, margins.data());
    else
        predictScalar(features.data(), rows, margins.data(), walker);
}

// Out of line so that the binned walk's calls do not reserve (and probe) this frame.
__attribute__((noinline)) void TreeEnsemble::predictScalar(const float* rows, std::size_t n,
                                                           float* margins, Walker walker) const {
    // The block's rows transposed into lane groups: on the stack for up to 128 features (no
    // allocation per batch), else one allocation per call.
    constexpr std::size_t kStackFeatures = 128;
    std::array<float, kBlockRows * kStackFeatures> stackScratch;
    std::vector<float> heapScratch;
    float* scratch = stackScratch.data();
    if (walker == Walker::perfect && m_featureCount > kStackFeatures) {
        heapScratch.resize(kBlockRows * m_featureCount);
        scratch = heapScratch.data();
    }
    for (std::size_t b = 0; b < n; b += kBlockRows) {
        const std::size_t k = std::min(kBlockRows, n - b);
        predictBlock(rows + b * m_featureCount, k, margins + b, scratch, walker);
    }
}

void TreeEnsemble::predict(std::span<const float> features, std::size_t rows,
                           std::span<float> scores) const {
    predictMargin(features, rows, scores);
    for (std::size_t r = 0; r < rows; ++r) scores[r] = sigmoid(scores[r]);
}

}  // namespace dnshound::core::model
