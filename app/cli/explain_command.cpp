#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include "app/cli/command_line.h"
#include "app/cli/commands.h"
#include "app/cli/train_options.h"
#include "core/features/domain_features.h"
#include "core/model/dga_model.h"
#include "core/model/tree_rules.h"
#include "core/text/ascii_text.h"
#include "core/text/json_writer.h"

// dnshound-cli explain: what the model looks at (global importance), why it scored given names
// as it did (SHAP contributions) and a readable rules summary (heiDGAF's rules.txt).

namespace dnshound::app::cli {

namespace {

using core::features::DomainFeatures;

std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), f, v);
    return buf;
}

}  // namespace

int runExplain(const std::vector<std::string>& args) {
    const CommandLine cl(args, {"--model", "--top", "--rules-out", "--tree-depth"}, {"--json"});
    const std::string modelPath =
        cl.value("--model").value_or(core::model::DgaModel::defaultModelPath());
    const auto model = core::model::DgaModel::load(modelPath);
    const auto top = static_cast<std::size_t>(wholeNumber(cl, "--top", 10, 1));
    const auto depth = static_cast<std::size_t>(wholeNumber(cl, "--tree-depth", 3, 1));
    const bool json = cl.flag("--json");
    const auto& names = DomainFeatures::names();
    const auto& descriptions = DomainFeatures::descriptions();

    const std::vector<double> gain = model->featureImportance("total_gain");
    const double totalGain = std::accumulate(gain.begin(), gain.end(), 0.0);
    std::vector<std::size_t> order(gain.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return gain[a] > gain[b]; });

    std::string out;
    core::text::JsonObjectWriter w(out);
    std::string text =
        "# Model " + modelPath +
        "\n\n## Global feature importance (share of "
        "total split gain)\n\n| rank | feature | share | meaning |\n|---:|---|---:|---|\n";
    std::string importanceJson;
    {
        core::text::JsonObjectWriter iw(importanceJson);
        for (std::size_t r = 0; r < order.size(); ++r) {
            const std::size_t i = order[r];
            const double share = totalGain > 0 ? gain[i] / totalGain : 0;
            iw.field(names[i], share);
            if (r < top)
                text += "| " + std::to_string(r + 1) + " | " + names[i] + " | " +
                        fmt("%.4f", share) + " | " + descriptions[i] + " |\n";
        }
        iw.finish();
    }
    w.rawField("importance", importanceJson);

    std::string namesJson;
    core::text::JsonObjectWriter nw(namesJson);
    for (const std::string& raw : cl.positional()) {
        std::string name = core::text::asciiLower(raw);
        if (!name.empty() && name.back() == '.') name.pop_back();
        const auto e = model->explain(name);
        std::vector<std::size_t> byImpact(e.contributions.size());
        std::iota(byImpact.begin(), byImpact.end(), 0);
        std::sort(byImpact.begin(), byImpact.end(), [&](std::size_t a, std::size_t b) {
            return std::fabs(e.contributions[a]) > std::fabs(e.contributions[b]);
        });
        text += "\n## " + name + ": score " + fmt("%.4f", e.score) +
                (e.score >= model->threshold() ? " (DGA)" : " (benign)") + ", margin " +
                fmt("%+.3f", e.margin) + " = bias " + fmt("%+.3f", e.bias) + " + contributions\n\n";
        const auto& like = e.resemblance;
        if (!like.family.empty())
            text += "Closest DGA family profile: " + like.family + " (" + fmt("%+.1f", like.llr) +
                    " nats over benign, " + fmt("%.1f", like.margin) +
                    " nats ahead of the next family)\n\n";
        text += "| feature | value | contribution (log-odds) |\n|---|---:|---:|\n";
        std::string contribJson;
        core::text::JsonObjectWriter cw(contribJson);
        for (std::size_t r = 0; r < byImpact.size(); ++r) {
            const std::size_t i = byImpact[r];
            cw.field(names[i], static_cast<double>(e.contributions[i]));
            if (r < top)
                text += "| " + names[i] + " | " + fmt("%.4g", e.features[i]) + " | " +
                        fmt("%+.4f", e.contributions[i]) + " |\n";
        }
        cw.finish();
        std::string one;
        core::text::JsonObjectWriter ow(one);
        ow.field("score", static_cast<double>(e.score))
            .field("dga", e.score >= model->threshold())
            .field("margin", static_cast<double>(e.margin))
            .field("bias", static_cast<double>(e.bias))
            .field("resembles_family", like.family)
            .field("family_llr", static_cast<double>(like.llr))
            .field("family_margin", static_cast<double>(like.margin))
            .rawField("contributions", contribJson);
        ow.finish();
        nw.rawField(name, one);
    }
    nw.finish();
    w.rawField("names", namesJson);

    const core::model::TreeRules rules(model->treeDump());
    std::string rulesText =
        "Rules summary of " + modelPath + " (" + std::to_string(rules.treeCount()) +
        " trees; a tree sends a name left when value < threshold).\n\n"
        "Thresholds that matter most, per feature (share of its split gain):\n\n" +
        rules.thresholdSummary(names, top, 4) + "\nFirst tree, depth " + std::to_string(depth) +
        ":\n\n" + rules.treeText(0, names, depth);
    text += "\n## Rules\n\n```\n" + rulesText + "```\n";
    w.field("rules", rulesText);
    w.finish();
    if (const auto path = cl.value("--rules-out")) {
        std::ofstream r(*path, std::ios::trunc);
        r << rulesText;
        if (!r) throw std::runtime_error("cannot write " + *path);
    }
    std::fputs(json ? (out + "\n").c_str() : text.c_str(), stdout);
    return 0;
}

}  // namespace dnshound::app::cli
