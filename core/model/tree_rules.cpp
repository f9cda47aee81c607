#include "core/model/tree_rules.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string_view>

namespace dnshound::core::model {

namespace {

// The number after "key=" in `line`, or `fallback`.
double attribute(std::string_view line, std::string_view key, double fallback) {
    const std::size_t at = line.find(key);
    if (at == std::string_view::npos) return fallback;
    const std::string value(line.substr(at + key.size(), 32));
    return std::strtod(value.c_str(), nullptr);
}

std::string featureName(const std::vector<std::string>& names, std::size_t i) {
    return i < names.size() ? names[i] : "f" + std::to_string(i);
}

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.4g", v);
    return buf;
}

}  // namespace

TreeRules::TreeRules(std::vector<std::string> treeDump) {
    for (const std::string& text : treeDump) {
        Tree tree;
        std::string_view rest(text);
        while (!rest.empty()) {
            const std::size_t eol = std::min(rest.find('\n'), rest.size());
            std::string_view line = rest.substr(0, eol);
            rest.remove_prefix(std::min(eol + 1, rest.size()));
            line.remove_prefix(std::min(line.find_first_not_of(" \t"), line.size()));
            const std::size_t colon = line.find(':');
            if (line.empty() || colon == std::string_view::npos) continue;
            Node n;
            n.id = std::atoi(std::string(line.substr(0, colon)).c_str());
            const std::string_view body = line.substr(colon + 1);
            if (body.starts_with("leaf=")) {
                n.leaf = true;
                n.leafValue = attribute(body, "leaf=", 0);
            } else if (body.starts_with("[f")) {
                const std::size_t lt = body.find('<');
                if (lt == std::string_view::npos) continue;
                n.feature = std::strtoul(std::string(body.substr(2, lt - 2)).c_str(), nullptr, 10);
                n.threshold = static_cast<float>(attribute(body, "<", 0));
                n.yes = static_cast<int>(attribute(body, "yes=", -1));
                n.no = static_cast<int>(attribute(body, "no=", -1));
                n.missing = static_cast<int>(attribute(body, "missing=", -1));
                n.gain = attribute(body, "gain=", 0);
            } else {
                continue;
            }
            n.cover = attribute(body, "cover=", 0);
            if (n.id < 0) continue;
            if (tree.size() <= static_cast<std::size_t>(n.id))
                tree.resize(static_cast<std::size_t>(n.id) + 1);
            tree[static_cast<std::size_t>(n.id)] = n;
        }
        m_trees.push_back(std::move(tree));
    }
}

std::vector<TreeSplit> TreeRules::splits() const {
    std::vector<TreeSplit> out;
    for (const Tree& t : m_trees)
        for (const Node& n : t)
            if (n.id >= 0 && !n.leaf) out.push_back({n.feature, n.threshold, n.gain});
    return out;
}

std::string TreeRules::thresholdSummary(const std::vector<std::string>& featureNames,
                                        std::size_t features, std::size_t perFeature) const {
    std::map<std::size_t, std::map<float, double>> byFeature;
    std::map<std::size_t, double> featureGain;
    double total = 0;
    for (const TreeSplit& s : splits()) {
        byFeature[s.feature][s.threshold] += s.gain;
        featureGain[s.feature] += s.gain;
        total += s.gain;
    }
    std::vector<std::pair<double, std::size_t>> ranked;
    for (const auto& [f, g] : featureGain) ranked.emplace_back(g, f);
    std::sort(ranked.rbegin(), ranked.rend());
    std::string out;
    for (std::size_t r = 0; r < std::min(features, ranked.size()); ++r) {
        const std::size_t f = ranked[r].second;
        out += featureName(featureNames, f) + " (" + number(100.0 * ranked[r].first / total) +
               " % of all split gain): ";
        std::vector<std::pair<double, float>> th;
        for (const auto& [t, g] : byFeature[f]) th.emplace_back(g, t);
        std::sort(th.rbegin(), th.rend());
        for (std::size_t i = 0; i < std::min(perFeature, th.size()); ++i)
            out += std::string(i ? ", " : "") + "< " + number(th[i].second) + " (" +
                   number(100.0 * th[i].first / ranked[r].first) + " %)";
        out += "\n";
    }
    return out;
}

void TreeRules::appendNode(std::string& out, const Tree& t, int id,
                           const std::vector<std::string>& featureNames, std::size_t depth,
                           std::size_t indent) const {
    const std::string pad(indent * 2, ' ');
    if (id < 0 || static_cast<std::size_t>(id) >= t.size() ||
        t[static_cast<std::size_t>(id)].id < 0)
        return;
    const Node& n = t[static_cast<std::size_t>(id)];
    if (n.leaf) {
        out += pad + "-> " + number(n.leafValue) + " log-odds (" + number(n.cover) + " cover)\n";
        return;
    }
    if (depth == 0) {
        out += pad + "-> ... (" + number(n.cover) + " cover)\n";
        return;
    }
    const std::string f = featureName(featureNames, n.feature);
    out += pad + "if " + f + " < " + number(n.threshold) + ":\n";
    appendNode(out, t, n.yes, featureNames, depth - 1, indent + 1);
    out += pad + "else (" + f + " >= " + number(n.threshold) + "):\n";
    appendNode(out, t, n.no, featureNames, depth - 1, indent + 1);
}

std::string TreeRules::treeText(std::size_t tree, const std::vector<std::string>& featureNames,
                                std::size_t depth) const {
    std::string out;
    if (tree < m_trees.size()) appendNode(out, m_trees[tree], 0, featureNames, depth, 0);
    return out;
}

}  // namespace dnshound::core::model
