#include "core/model/model_evaluation.h"

#include <algorithm>
#include <map>

#include "core/text/json_writer.h"
#include "core/text/number_format.h"

namespace dnshound::core::model {

namespace {

double ratio(std::size_t a, std::size_t b) {
    return b ? static_cast<double>(a) / static_cast<double>(b) : 0.0;
}

std::string confusionJson(const Confusion& c) {
    std::string out;
    text::JsonObjectWriter w(out);
    w.field("tp", static_cast<std::uint64_t>(c.tp))
        .field("fp", static_cast<std::uint64_t>(c.fp))
        .field("tn", static_cast<std::uint64_t>(c.tn))
        .field("fn", static_cast<std::uint64_t>(c.fn))
        .field("precision", c.precision())
        .field("recall", c.recall())
        .field("f1", c.f1())
        .field("fpr", c.fpr());
    w.finish();
    return out;
}

}  // namespace

double FamilyDetection::rate() const {
    return ratio(detectedAtThreshold, names);
}

double FamilyDetection::rateAt1e3() const {
    return ratio(detectedAt1e3, names);
}

double Evaluation::macroTprAt1e3() const {
    if (families.empty()) return 0;
    double sum = 0;
    for (const FamilyDetection& f : families) sum += f.rateAt1e3();
    return sum / static_cast<double>(families.size());
}

Evaluation evaluate(std::span<const float> scores, std::span<const bool> labels,
                    std::span<const std::string> families, double threshold, double targetFpr) {
    Evaluation e;
    const std::size_t n = std::min({scores.size(), labels.size(), families.size()});
    scores = scores.subspan(0, n);
    labels = labels.subspan(0, n);
    for (std::size_t i = 0; i < n; ++i) (labels[i] ? e.dga : e.benign)++;
    e.rocAuc = rocAuc(scores, labels);
    e.threshold = threshold;
    e.atThreshold = confusionAt(scores, labels, threshold);
    e.thresholdAt1e3 = thresholdForFpr(scores, labels, 1e-3);
    e.thresholdAt1e4 = thresholdForFpr(scores, labels, 1e-4);
    e.tprAt1e3 = confusionAt(scores, labels, e.thresholdAt1e3).recall();
    e.tprAt1e4 = confusionAt(scores, labels, e.thresholdAt1e4).recall();
    e.targetFpr = targetFpr;
    e.thresholdForTarget = thresholdForFpr(scores, labels, targetFpr);
    e.atTarget = confusionAt(scores, labels, e.thresholdForTarget);
    std::map<std::string, FamilyDetection> byFamily;
    for (std::size_t i = 0; i < n; ++i) {
        if (!labels[i]) continue;
        FamilyDetection& f = byFamily[families[i]];
        ++f.names;
        f.detectedAtThreshold += scores[i] >= threshold;
        f.detectedAt1e3 += scores[i] >= e.thresholdAt1e3;
    }
    for (auto& [name, f] : byFamily) {
        f.family = name;
        e.families.push_back(std::move(f));
    }
    return e;
}

std::string evaluationMarkdown(const Evaluation& e) {
    std::string s;
    const Confusion& c = e.atThreshold;
    s += "names: " + std::to_string(e.benign) + " benign, " + std::to_string(e.dga) + " DGA\n\n";
    s += "Confusion matrix at threshold " + text::sixSignificant(e.threshold) + ":\n\n";
    s += "| | called benign | called DGA |\n|---|---:|---:|\n";
    s += "| benign | " + std::to_string(c.tn) + " | " + std::to_string(c.fp) + " |\n";
    s += "| DGA | " + std::to_string(c.fn) + " | " + std::to_string(c.tp) + " |\n\n";
    s += "| measure | value |\n|---|---:|\n";
    s += "| ROC AUC | " + text::fixedDecimals(e.rocAuc, 5) + " |\n";
    s += "| precision at threshold | " + text::fixedDecimals(c.precision(), 4) + " |\n";
    s += "| recall (TPR) at threshold | " + text::fixedDecimals(c.recall(), 4) + " |\n";
    s += "| F1 at threshold | " + text::fixedDecimals(c.f1(), 4) + " |\n";
    s += "| benign FPR at threshold | " + text::fixedDecimals(c.fpr(), 6) + " |\n";
    s += "| TPR at FPR 1e-3 | " + text::fixedDecimals(e.tprAt1e3, 4) + " (threshold " +
         text::sixSignificant(e.thresholdAt1e3) + ") |\n";
    s += "| TPR at FPR 1e-4 | " + text::fixedDecimals(e.tprAt1e4, 4) + " (threshold " +
         text::sixSignificant(e.thresholdAt1e4) + ") |\n";
    s += "| threshold for FPR " + text::sixSignificant(e.targetFpr) + " | " +
         text::sixSignificant(e.thresholdForTarget) + " (TPR " +
         text::fixedDecimals(e.atTarget.recall(), 4) + ", FPR " +
         text::fixedDecimals(e.atTarget.fpr(), 6) + ") |\n";
    if (!e.families.empty()) {
        s += "\nPer family:\n\n| family | names | detected at threshold | TPR at FPR 1e-3 "
             "|\n|---|---:|---:|---:|\n";
        for (const FamilyDetection& f : e.families)
            s += "| " + f.family + " | " + std::to_string(f.names) + " | " +
                 text::fixedDecimals(f.rate(), 4) + " | " + text::fixedDecimals(f.rateAt1e3(), 4) +
                 " |\n";
        s += "| **macro mean** | " + std::to_string(e.dga) + " | | " +
             text::fixedDecimals(e.macroTprAt1e3(), 4) + " |\n";
    }
    return s;
}

std::string evaluationJson(const Evaluation& e) {
    std::string families;
    {
        text::JsonObjectWriter w(families);
        for (const FamilyDetection& f : e.families) {
            std::string one;
            text::JsonObjectWriter o(one);
            o.field("names", static_cast<std::uint64_t>(f.names))
                .field("detection_rate", f.rate())
                .field("tpr_at_fpr_1e-3", f.rateAt1e3());
            o.finish();
            w.rawField(f.family, one);
        }
        w.finish();
    }
    std::string out;
    text::JsonObjectWriter w(out);
    w.field("benign", static_cast<std::uint64_t>(e.benign))
        .field("dga", static_cast<std::uint64_t>(e.dga))
        .field("roc_auc", e.rocAuc)
        .field("threshold", e.threshold)
        .rawField("at_threshold", confusionJson(e.atThreshold))
        .field("tpr_at_fpr_1e-3", e.tprAt1e3)
        .field("threshold_at_fpr_1e-3", e.thresholdAt1e3)
        .field("tpr_at_fpr_1e-4", e.tprAt1e4)
        .field("threshold_at_fpr_1e-4", e.thresholdAt1e4)
        .field("target_fpr", e.targetFpr)
        .field("threshold_for_target_fpr", e.thresholdForTarget)
        .rawField("at_target_fpr", confusionJson(e.atTarget))
        .field("macro_tpr_at_fpr_1e-3", e.macroTprAt1e3())
        .rawField("families", families);
    w.finish();
    return out;
}

}  // namespace dnshound::core::model
