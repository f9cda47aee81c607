#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/cli/command_line.h"
#include "app/cli/commands.h"
#include "app/cli/train_options.h"
#include "core/model/benign_suspects.h"
#include "core/model/dga_model.h"
#include "core/model/dga_trainer.h"
#include "core/model/family_attribution.h"
#include "core/model/model_evaluation.h"
#include "core/model/model_paths.h"
#include "core/model/training_data.h"
#include "core/text/ascii_text.h"
#include "core/text/json_writer.h"
#include "core/text/number_format.h"

// dnshound-cli test: measures a model on labelled names it never trained on (the test split of
// the hash split the trainer uses), or, with --leave-families-out K, trains K models that each
// never see a fold of families and scores every family with the model trained without it.

namespace dnshound::app::cli {

namespace {

using core::model::LabelledName;

struct Scored {
    std::vector<std::string> names, families;
    std::vector<float> scores;
    std::unique_ptr<bool[]> labels;
    std::size_t size() const { return names.size(); }
};

std::vector<float> scoreAll(const core::model::DgaModel& model,
                            const std::vector<std::string>& names) {
    const std::vector<float> features = core::model::DgaTrainer::featureMatrix(names);
    std::vector<float> scores(names.size());
    model.predict(features, names.size(), scores);
    return scores;
}

Scored scoreRows(const core::model::DgaModel& model, const std::vector<LabelledName>& rows) {
    Scored s;
    s.labels = std::make_unique<bool[]>(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        s.names.push_back(rows[i].name);
        s.families.push_back(rows[i].family);
        s.labels[i] = rows[i].dga;
    }
    s.scores = scoreAll(model, s.names);
    return s;
}

core::model::Evaluation evaluate(const Scored& s, double threshold, double targetFpr) {
    return core::model::evaluate(s.scores, std::span<const bool>(s.labels.get(), s.size()),
                                 s.families, threshold, targetFpr);
}

// Which family profile each DGA row resembles, against its known family.
core::model::AttributionEvaluation attribution(const core::model::DgaModel& model, const Scored& s,
                                               double threshold) {
    std::vector<std::string> truth, guesses;
    std::vector<float> margins, scores;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (!s.labels[i]) continue;
        auto r = model.resemblance(s.names[i]);
        truth.push_back(s.families[i]);
        guesses.push_back(std::move(r.family));
        margins.push_back(r.margin);
        scores.push_back(s.scores[i]);
    }
    return core::model::evaluateAttribution(truth, guesses, margins, scores, threshold);
}

// The rows of `s` that are not benign suspects.
Scored withoutSuspects(const Scored& s, const core::model::BenignSuspects& suspects) {
    Scored out;
    std::vector<std::size_t> keep;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (s.labels[i] || !suspects.contains(s.names[i])) keep.push_back(i);
    out.labels = std::make_unique<bool[]>(keep.size());
    for (std::size_t j = 0; j < keep.size(); ++j) {
        out.names.push_back(s.names[keep[j]]);
        out.families.push_back(s.families[keep[j]]);
        out.scores.push_back(s.scores[keep[j]]);
        out.labels[j] = s.labels[keep[j]];
    }
    return out;
}

// The headline measures of both evaluations in one table, so neither is mistaken for the other.
std::string sideBySide(const core::model::Evaluation& raw, const core::model::Evaluation& clean,
                       std::size_t marked) {
    using core::text::fixedDecimals;
    auto row = [](const std::string& m, const std::string& a, const std::string& b) {
        return "| " + m + " | " + a + " | " + b + " |\n";
    };
    std::string t = "| measure | raw (as labelled) | without the " + std::to_string(marked) +
                    " benign suspects |\n|---|---:|---:|\n";
    t += row("benign / DGA names", std::to_string(raw.benign) + " / " + std::to_string(raw.dga),
             std::to_string(clean.benign) + " / " + std::to_string(clean.dga));
    t += row("ROC AUC", fixedDecimals(raw.rocAuc, 5), fixedDecimals(clean.rocAuc, 5));
    t += row("TPR at FPR 1e-3", fixedDecimals(raw.tprAt1e3, 4), fixedDecimals(clean.tprAt1e3, 4));
    t += row("TPR at FPR 1e-4", fixedDecimals(raw.tprAt1e4, 4), fixedDecimals(clean.tprAt1e4, 4));
    t += row("recall at the model's threshold", fixedDecimals(raw.atThreshold.recall(), 4),
             fixedDecimals(clean.atThreshold.recall(), 4));
    t += row("benign FPR at the model's threshold", fixedDecimals(raw.atThreshold.fpr(), 6),
             fixedDecimals(clean.atThreshold.fpr(), 6));
    t += row("macro TPR at FPR 1e-3", fixedDecimals(raw.macroTprAt1e3(), 4),
             fixedDecimals(clean.macroTprAt1e3(), 4));
    return t;
}

// The benign names of `s` the model scores highest: they set the thresholds at FPR 1e-3 and
// 1e-4, so they are where label noise in a benign list (DGA output in a top-sites list) shows.
// Each with the known family it resembles when that attribution is confident.
void highestBenign(const core::model::DgaModel& model, const Scored& s, std::size_t count,
                   core::text::JsonObjectWriter& w, std::string& text) {
    std::vector<std::size_t> benign;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (!s.labels[i]) benign.push_back(i);
    count = std::min(count, benign.size());
    std::partial_sort(benign.begin(), benign.begin() + static_cast<std::ptrdiff_t>(count),
                      benign.end(), [&](std::size_t a, std::size_t b) {
                          return s.scores[a] > s.scores[b] ||
                                 (s.scores[a] == s.scores[b] && s.names[a] < s.names[b]);
                      });
    std::string list = "[";
    text += "## Benign names scored highest\n\nThey set the thresholds at low FPR (" +
            std::to_string(benign.size()) + " benign names: FPR 1e-3 allows " +
            std::to_string(benign.size() / 1000) + ", 1e-4 allows " +
            std::to_string(benign.size() / 10000) +
            "). Check them for DGA output in the benign list.\n\n"
            "| rank | score | name | resembles (margin >= 5 nats) |\n|---:|---:|---|---|\n";
    for (std::size_t k = 0; k < count; ++k) {
        const std::size_t i = benign[k];
        const auto r = model.resemblance(s.names[i]);
        const std::string family = r.confident() ? r.family : "";
        std::string one;
        core::text::JsonObjectWriter ow(one);
        ow.field("name", s.names[i])
            .field("score", static_cast<double>(s.scores[i]))
            .field("resembles", family);
        ow.finish();
        list += (k ? "," : "") + one;
        text += "| " + std::to_string(k + 1) + " | " +
                core::text::fixedDecimals(static_cast<double>(s.scores[i]), 6) + " | " +
                s.names[i] + " | " + family + " |\n";
    }
    w.rawField("highest_benign", list + "]");
    text += "\n";
}

// Distinct names, one per line (plain or gzip); blank and '#' lines skipped.
std::vector<std::string> readNameList(const std::string& path) {
    std::unique_ptr<gzFile_s, int (*)(gzFile)> in(gzopen(path.c_str(), "rb"), &gzclose);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::set<std::string> names;
    char buf[1024];
    while (gzgets(in.get(), buf, sizeof(buf)) != nullptr) {
        std::string n = core::text::asciiLower(buf);
        while (!n.empty() && (n.back() == '\n' || n.back() == '\r' || n.back() == '.'))
            n.pop_back();
        if (n.empty() || n.front() == '#') continue;
        names.insert(std::move(n));
    }
    return {names.begin(), names.end()};
}

std::vector<LabelledName> readRows(const core::model::TrainOptions& o,
                                   core::model::DatasetSummary& summary) {
    std::vector<LabelledName> rows;
    if (!o.dgaDir.empty())
        for (const std::string& f : core::model::dgaFeedFiles(o.dgaDir))
            core::model::readLabelledCsv(f, rows, summary);
    for (const std::string& f : o.benignFiles) core::model::readLabelledCsv(f, rows, summary);
    for (const std::string& d : o.datasetFiles) core::model::readDataset(d, rows, summary);
    return core::model::assembleDataset(std::move(rows), o.perFamilyCap, o.seed, summary);
}

// The benign suspects to measure without, and the file they came from: --benign-suspects FILE
// (a suspects file of another training, e.g. the shipped model's), else those beside the model,
// if any.
struct SuspectsFile {
    core::model::BenignSuspects suspects;
    std::string path;
    bool lent = false;  // given by --benign-suspects, not the model's own training
};
std::optional<SuspectsFile> suspectsFor(const CommandLine& cl, const std::string& modelPath) {
    if (const auto file = cl.value("--benign-suspects"))
        return SuspectsFile{core::model::BenignSuspects::load(*file), *file, true};
    if (auto beside = core::model::BenignSuspects::besideModel(modelPath))
        return SuspectsFile{std::move(*beside), core::model::suspectsPathFor(modelPath), false};
    return std::nullopt;
}

int leaveFamiliesOut(const CommandLine& cl, const std::vector<std::string>& args, int folds) {
    core::model::TrainOptions base = trainOptionsFrom(cl, false);
    const std::string workDir = cl.value("--work-dir").value_or("lofo-models");
    const bool json = cl.flag("--json");
    core::model::DatasetSummary summary;
    const std::vector<LabelledName> rows = readRows(base, summary);
    std::vector<std::string> families;
    for (const auto& [family, n] : summary.perFamily) families.push_back(family);
    if (families.size() < static_cast<std::size_t>(folds))
        throw UsageError("fewer families than folds");
    std::vector<core::model::FamilyDetection> all, allClean;
    std::string foldJson;
    core::text::JsonObjectWriter folds_(foldJson);
    for (int k = 0; k < folds; ++k) {
        core::model::TrainOptions o = base;
        o.excludeFamilies.clear();
        for (std::size_t i = 0; i < families.size(); ++i)
            if (static_cast<int>(i % static_cast<std::size_t>(folds)) == k)
                o.excludeFamilies.push_back(families[i]);
        o.outPath =
            (std::filesystem::path(workDir) / ("fold" + std::to_string(k)) / "dga.json").string();
        o.createdBy = commandLineText("test", args) + " (fold " + std::to_string(k) + ")";
        std::fprintf(stderr, "test: fold %d of %d, training without %zu families\n", k + 1, folds,
                     o.excludeFamilies.size());
        core::model::DgaTrainer(o).run([](std::string_view) {});
        const auto model = core::model::DgaModel::load(o.outPath);
        // Unseen: every name of the left-out families, and the benign names of the test split.
        std::vector<LabelledName> eval;
        for (const LabelledName& r : rows) {
            const bool heldOutFamily =
                r.dga && std::find(o.excludeFamilies.begin(), o.excludeFamilies.end(), r.family) !=
                             o.excludeFamilies.end();
            const bool testBenign =
                !r.dga && core::model::splitOf(r.name) == core::model::Split::Test;
            if (heldOutFamily || testBenign) eval.push_back(r);
        }
        const Scored s = scoreRows(*model, eval);
        const auto e = evaluate(s, model->threshold(), base.targetFpr);
        std::fprintf(stderr, "test: fold %d: AUC %.5f, TPR at FPR 1e-3 %.4f\n", k + 1, e.rocAuc,
                     e.tprAt1e3);
        std::string one = core::model::evaluationJson(e);
        folds_.rawField("fold" + std::to_string(k), one);
        all.insert(all.end(), e.families.begin(), e.families.end());
        // Trained with --clean-benign-folds (or given --benign-suspects): the same without the
        // benign suspects.
        if (const auto suspects = suspectsFor(cl, o.outPath)) {
            const auto ce = evaluate(withoutSuspects(s, suspects->suspects), model->threshold(),
                                     base.targetFpr);
            folds_.rawField("fold" + std::to_string(k) + "_without_benign_suspects",
                            core::model::evaluationJson(ce));
            allClean.insert(allClean.end(), ce.families.begin(), ce.families.end());
        }
    }
    folds_.finish();
    std::sort(all.begin(), all.end(),
              [](const auto& a, const auto& b) { return a.family < b.family; });
    std::sort(allClean.begin(), allClean.end(),
              [](const auto& a, const auto& b) { return a.family < b.family; });
    const bool cleaned = allClean.size() == all.size();
    double macro = 0, macroClean = 0;
    for (const auto& f : all) macro += f.rateAt1e3();
    macro /= static_cast<double>(all.size());
    for (const auto& f : allClean) macroClean += f.rateAt1e3();
    if (cleaned) macroClean /= static_cast<double>(allClean.size());
    if (json) {
        std::string out;
        core::text::JsonObjectWriter w(out);
        w.field("leave_families_out", folds).field("macro_tpr_at_fpr_1e-3", macro);
        if (cleaned) w.field("macro_tpr_at_fpr_1e-3_without_benign_suspects", macroClean);
        w.rawField("folds", foldJson);
        w.finish();
        std::printf("%s\n", out.c_str());
        return 0;
    }
    std::printf(
        "Leave-families-out, %d folds (each family scored by a model trained without "
        "it; threshold per fold for FPR 1e-3 on its test-split benign names%s)\n\n"
        "| family | names | TPR at FPR 1e-3 | detected at model threshold |%s\n"
        "|---|---:|---:|---:|%s\n",
        folds, cleaned ? "; last column: those benign names without the benign suspects" : "",
        cleaned ? " TPR at FPR 1e-3 without benign suspects |" : "", cleaned ? "---:|" : "");
    for (std::size_t i = 0; i < all.size(); ++i) {
        const auto& f = all[i];
        std::printf("| %s | %zu | %.4f | %.4f |", f.family.c_str(), f.names, f.rateAt1e3(),
                    f.rate());
        if (cleaned) std::printf(" %.4f |", allClean[i].rateAt1e3());
        std::printf("\n");
    }
    std::printf("| **macro mean** | | %.4f | |", macro);
    if (cleaned) std::printf(" %.4f |", macroClean);
    std::printf("\n");
    return 0;
}

}  // namespace

int runTest(const std::vector<std::string>& args) {
    std::vector<std::string> valueOptions = trainValueOptions();
    for (const char* o : {"--split", "--benign-names", "--leave-families-out", "--work-dir",
                          "--show-flagged", "--benign-suspects"})
        valueOptions.emplace_back(o);
    const CommandLine cl(args, valueOptions, {"--json"});
    if (!cl.positional().empty()) throw UsageError("test takes no positional arguments");
    if (const auto k = cl.value("--leave-families-out"))
        return leaveFamiliesOut(cl, args,
                                static_cast<int>(wholeNumber(cl, "--leave-families-out", 5, 2)));

    // --model names the model file here (train's --model names the kind).
    const std::string modelPath =
        cl.value("--model").value_or(core::model::DgaModel::defaultModelPath());
    const auto model = core::model::DgaModel::load(modelPath);
    const std::string split = cl.value("--split").value_or("test");
    if (split != "test" && split != "validation" && split != "train" && split != "all")
        throw UsageError("--split must be test, validation, train or all");
    const double targetFpr = cl.number("--target-fpr", 1e-3);
    if (!(targetFpr > 0 && targetFpr < 1)) throw UsageError("--target-fpr must be in (0, 1)");
    const bool json = cl.flag("--json");
    const auto showFlagged = static_cast<std::size_t>(wholeNumber(cl, "--show-flagged", 20, 0));

    std::string out;
    core::text::JsonObjectWriter w(out);
    w.field("model", modelPath).field("split", split);
    std::string text;
    const bool haveDataset = cl.value("--dataset") || cl.value("--dga-dir") || cl.value("--benign");
    if (haveDataset) {
        core::model::TrainOptions o = trainOptionsFrom(cl, false, false);
        core::model::DatasetSummary summary;
        std::vector<LabelledName> rows = readRows(o, summary);
        if (split != "all") {
            const auto want = split == "test"         ? core::model::Split::Test
                              : split == "validation" ? core::model::Split::Validation
                                                      : core::model::Split::Train;
            std::erase_if(
                rows, [&](const LabelledName& r) { return core::model::splitOf(r.name) != want; });
        }
        const Scored s = scoreRows(*model, rows);
        const auto e = evaluate(s, model->threshold(), targetFpr);
        w.rawField("labelled", core::model::evaluationJson(e));
        const auto attributed = attribution(*model, s, model->threshold());
        w.rawField("family_attribution", core::model::attributionJson(attributed));
        text += "## Labelled names (" + split + " split; " + std::to_string(summary.duplicates) +
                " duplicates, " + std::to_string(summary.collisions) +
                " names in both classes and " + std::to_string(summary.labelCollisions) +
                " rows whose label is in both classes dropped)\n\n";
        // The training's cleaning left suspects beside the model, or --benign-suspects lends
        // another's: measure without them too.
        const auto suspects = suspectsFor(cl, modelPath);
        if (!suspects) {
            text += core::model::evaluationMarkdown(e) + "\n";
        } else {
            const Scored c = withoutSuspects(s, suspects->suspects);
            const std::size_t marked = s.size() - c.size();
            const auto ce = evaluate(c, model->threshold(), targetFpr);
            w.field("benign_suspects_marked", static_cast<std::uint64_t>(marked))
                .rawField("labelled_without_benign_suspects", core::model::evaluationJson(ce));
            text += std::to_string(marked) + " benign names of this split are suspected DGA by " +
                    (suspects->lent ? "another training's cleaning (--benign-suspects "
                                    : "the model's training (") +
                    suspects->path +
                    "): the raw measures count them as benign, the others leave them out.\n\n" +
                    sideBySide(e, ce, marked) + "\n### Raw: every labelled name\n\n" +
                    core::model::evaluationMarkdown(e) + "\n### Without the " +
                    std::to_string(marked) + " benign suspects\n\n" +
                    core::model::evaluationMarkdown(ce) + "\n";
        }
        text += "## Family attribution (" + split + " split)\n\n" +
                core::model::attributionMarkdown(attributed) + "\n";
        highestBenign(*model, s, showFlagged, w, text);
    }
    std::string lists;
    core::text::JsonObjectWriter lw(lists);
    for (const std::string& path : cl.values("--benign-names")) {
        const std::vector<std::string> names = readNameList(path);
        const std::vector<float> scores = scoreAll(*model, names);
        std::vector<std::size_t> flagged;
        for (std::size_t i = 0; i < names.size(); ++i)
            if (scores[i] >= model->threshold()) flagged.push_back(i);
        std::sort(flagged.begin(), flagged.end(),
                  [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
        const double rate =
            names.empty() ? 0.0
                          : static_cast<double>(flagged.size()) / static_cast<double>(names.size());
        std::vector<std::string> shown;
        for (std::size_t i = 0; i < std::min(showFlagged, flagged.size()); ++i)
            shown.push_back(names[flagged[i]]);
        std::string one;
        core::text::JsonObjectWriter ow(one);
        ow.field("names", static_cast<std::uint64_t>(names.size()))
            .field("flagged", static_cast<std::uint64_t>(flagged.size()))
            .field("fpr", rate)
            .field("flagged_names", shown);
        ow.finish();
        lw.rawField(path, one);
        char buf[256];
        std::snprintf(buf, sizeof(buf),
                      "%zu distinct names, %zu at or above threshold %.6g: FPR %.6f\n",
                      names.size(), flagged.size(), model->threshold(), rate);
        text += "## Benign names from " + path + "\n\n" + buf;
        for (std::size_t i = 0; i < shown.size(); ++i) {
            std::snprintf(buf, sizeof(buf), "  %.4f %s\n", static_cast<double>(scores[flagged[i]]),
                          shown[i].c_str());
            text += buf;
        }
        text += "\n";
    }
    lw.finish();
    if (!haveDataset && cl.values("--benign-names").empty())
        throw UsageError("test needs --dataset, --benign-names or --leave-families-out");
    w.rawField("benign_name_lists", lists);
    w.finish();
    std::fputs(json ? (out + "\n").c_str() : text.c_str(), stdout);
    return 0;
}

}  // namespace dnshound::app::cli
