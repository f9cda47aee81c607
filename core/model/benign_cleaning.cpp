#include "core/model/benign_cleaning.h"

#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "core/features/domain_features.h"
#include "core/features/public_suffix.h"
#include "core/model/ngram_cross_fitting.h"
#include "core/model/xgboost_handle.h"
#include "core/text/ascii_text.h"
#include "core/text/number_format.h"

namespace dnshound::core::model {

int cleaningFold(std::string_view name, int folds) {
    if (folds < 1) throw std::invalid_argument("cleaning needs at least one fold");
    const features::DomainSplit parts = features::PublicSuffix::split(name);
    // splitOf takes this hash modulo 10; the fold takes the digits above, independent of it.
    const std::uint64_t h = text::fnv1a(parts.secondLevelLabel);
    return static_cast<int>((h / 10) % static_cast<std::uint64_t>(folds));
}

std::vector<CleaningFold> cleaningFolds(std::span<const LabelledName> rows, int folds) {
    if (folds < 2) throw std::invalid_argument("cleaning needs at least two folds");
    std::vector<CleaningFold> out(static_cast<std::size_t>(folds));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const LabelledName& r = rows[i];
        if (r.dga) {
            if (splitOf(r.name) != Split::Train) continue;
            for (CleaningFold& f : out) f.train.push_back(i);
            continue;
        }
        const int k = cleaningFold(r.name, folds);
        for (int j = 0; j < folds; ++j) (j == k ? out[j].heldOut : out[j].train).push_back(i);
    }
    return out;
}

CleaningResult findBenignSuspects(std::span<const LabelledName> rows, const CleaningOptions& o,
                                  const std::function<void(std::string_view)>& log,
                                  CleaningTrace* trace) {
    using features::DomainFeatures;
    if (o.rounds < 1 || o.maxDepth < 1) throw std::runtime_error("rounds and depth must be >= 1");
    const std::vector<CleaningFold> folds = cleaningFolds(rows, o.folds);
    CleaningResult result;
    result.scores.assign(rows.size(), std::nanf(""));
    if (trace) {
        trace->trainedOn.assign(folds.size(), {});
        trace->scored.assign(folds.size(), {});
    }
    for (std::size_t k = 0; k < folds.size(); ++k) {
        const CleaningFold& fold = folds[k];
        std::vector<std::string> trainNames, trainFamilies, heldOutNames;
        std::vector<bool> trainDga;
        for (std::size_t i : fold.train) {
            trainNames.push_back(rows[i].name);
            trainFamilies.push_back(rows[i].family);
            trainDga.push_back(rows[i].dga);
        }
        for (std::size_t i : fold.heldOut) heldOutNames.push_back(rows[i].name);
        std::size_t benign = 0;
        for (bool d : trainDga) benign += !d;
        if (benign == 0 || benign == trainDga.size() || heldOutNames.empty())
            throw std::runtime_error("too little data to clean: a fold lacks a class");

        // Features: n-gram models and booster see only this fold's training rows.
        CrossFittedFeatures fitted = crossFitFeatures(trainNames, trainDga, trainFamilies);
        const std::size_t cols = DomainFeatures::count();
        std::vector<float> heldOutFeatures(heldOutNames.size() * cols);
        for (std::size_t i = 0; i < heldOutNames.size(); ++i)
            DomainFeatures::extract(heldOutNames[i],
                                    std::span<float>(heldOutFeatures).subspan(i * cols, cols),
                                    fitted.models.get());
        DMatrix dtrain = denseMatrix(fitted.features, trainNames.size(), cols, trainDga);
        fitted.features = {};
        DMatrix dheld = denseMatrix(heldOutFeatures, heldOutNames.size(), cols,
                                    std::vector<bool>(heldOutNames.size(), false));
        void* const cache[] = {dtrain.get()};
        // Set in name order, as the std::map they were first kept in.
        const Booster booster = createBooster(cache, {{"eta", text::fixedDecimals(o.eta, 4)},
                                                      {"max_bin", "256"},
                                                      {"max_depth", std::to_string(o.maxDepth)},
                                                      {"nthread", std::to_string(o.threads)},
                                                      {"objective", "binary:logistic"},
                                                      {"seed", std::to_string(o.seed)},
                                                      {"tree_method", "hist"},
                                                      {"verbosity", "1"}});
        boostRounds(booster.get(), dtrain.get(), o.rounds);
        const std::vector<float> scores =
            predictAll(booster.get(), dheld.get(), heldOutNames.size());
        std::size_t flagged = 0;
        for (std::size_t i = 0; i < fold.heldOut.size(); ++i) {
            result.scores[fold.heldOut[i]] = scores[i];
            flagged += scores[i] >= o.threshold;
        }
        log("cleaning fold " + std::to_string(k + 1) + " of " + std::to_string(folds.size()) +
            ": trained on " + std::to_string(trainNames.size()) + " rows, scored " +
            std::to_string(heldOutNames.size()) + " benign names, " + std::to_string(flagged) +
            " at or above " + text::sixSignificant(o.threshold));
        if (trace) {
            trace->trainedOn[k] = std::move(trainNames);
            trace->scored[k] = std::move(heldOutNames);
        }
    }
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (!rows[i].dga && result.scores[i] >= o.threshold) result.suspects.push_back(i);
    std::stable_sort(
        result.suspects.begin(), result.suspects.end(),
        [&](std::size_t a, std::size_t b) { return result.scores[a] > result.scores[b]; });
    return result;
}

}  // namespace dnshound::core::model
