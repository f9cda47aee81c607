#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace dnshound::core::model {

// One split of a dumped XGBoost tree.
struct TreeSplit {
    std::size_t feature = 0;
    float threshold = 0;  // goes to "yes" when value < threshold
    double gain = 0;
};

// Readable rules from a tree dump (DgaModel::treeDump()), in the spirit of heiDGAF's rules.txt.
class TreeRules final {
public:
    explicit TreeRules(std::vector<std::string> treeDump);

    std::size_t treeCount() const { return m_trees.size(); }
    // Every split of every tree.
    std::vector<TreeSplit> splits() const;
    // Per feature, its split thresholds ranked by summed gain (at most `perFeature` each), for the
    // `features` features with the most split gain: "sld_entropy: < 3.12 (41 %), < 2.80 (9 %)".
    std::string thresholdSummary(const std::vector<std::string>& featureNames, std::size_t features,
                                 std::size_t perFeature) const;
    // Tree `tree` as nested if/else down to `depth`, leaves as log-odds.
    std::string treeText(std::size_t tree, const std::vector<std::string>& featureNames,
                         std::size_t depth) const;

private:
    struct Node {
        int id = -1;
        bool leaf = false;
        std::size_t feature = 0;
        float threshold = 0;
        int yes = -1, no = -1, missing = -1;
        double gain = 0, leafValue = 0, cover = 0;
    };
    using Tree = std::vector<Node>;  // indexed by node id
    std::vector<Tree> m_trees;
    void appendNode(std::string& out, const Tree& t, int id,
                    const std::vector<std::string>& featureNames, std::size_t depth,
                    std::size_t indent) const;
};

}  // namespace dnshound::core::model
