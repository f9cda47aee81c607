#include "core/model/ngram_cross_fitting.h"

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string_view>

#include "core/features/domain_features.h"
#include "core/features/public_suffix.h"
#include "core/text/ascii_text.h"

namespace dnshound::core::model {

namespace {

constexpr int kLmFolds = 5;

// FNV-1a of the label from `seed`, its high bits folded down.
std::uint64_t labelHash(std::string_view label, std::uint64_t seed) {
    const std::uint64_t h = text::fnv1a(label, seed);
    return h ^ (h >> 29);
}

// Cross-fitting fold of a training label (a hash independent of the split's).
int labelFold(std::string_view label) {
    return static_cast<int>(labelHash(label, 0x9e3779b97f4a7c15ULL) % kLmFolds);
}

// Whether a DGA training row stands in for an unseen family: a hash of its label, independent
// of the fold's, below `share`.
bool standsInForUnseen(std::string_view label, double share) {
    if (share <= 0) return false;
    const std::uint64_t h = labelHash(label, 0xc2b2ae3d27d4eb4fULL) >> 11;
    return static_cast<double>(h) < share * static_cast<double>(std::uint64_t{1} << 53);
}

}  // namespace

CrossFittedFeatures crossFitFeatures(std::span<const std::string> names,
                                     const std::vector<bool>& dga,
                                     std::span<const std::string> families, double unseenShare) {
    using features::DomainFeatures;
    std::vector<std::string_view> labels(names.size()), suffixes(names.size());
    std::vector<std::uint8_t> fold(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        const features::DomainSplit parts = features::PublicSuffix::split(names[i]);
        labels[i] = parts.secondLevelLabel;
        suffixes[i] = parts.suffix;
        fold[i] = static_cast<std::uint8_t>(labelFold(labels[i]));
    }
    if (families.size() != names.size())
        throw std::invalid_argument("crossFitFeatures: one family per name needed");
    // Family profiles in name order, so that the layout is deterministic.
    std::map<std::string_view, std::size_t> familyIndex;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (dga[i]) familyIndex.emplace(families[i], 0);
    std::vector<features::FamilyProfiles::Family> byFamily;
    for (auto& [name, index] : familyIndex) {
        index = byFamily.size();
        byFamily.push_back({std::string(name), {}});
    }
    // Family groups for the unseen-family stand-ins: families in name order, dealt round robin.
    std::vector<std::uint8_t> familyGroup(names.size(), kLmFolds);
    for (std::size_t i = 0; i < names.size(); ++i)
        if (dga[i])
            familyGroup[i] =
                static_cast<std::uint8_t>(familyIndex.find(families[i])->second % kLmFolds);
    // Models without the labels of `heldOutFold` and, when `heldOutGroup` is a group, without
    // every name of that group's families.
    auto trainModels = [&](int heldOutFold, int heldOutGroup) {
        std::vector<std::string_view> benign, dgaLabels, benignSuffixes, dgaSuffixes;
        for (auto& f : byFamily) f.labels.clear();
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (fold[i] == heldOutFold || familyGroup[i] == heldOutGroup) continue;
            (dga[i] ? dgaLabels : benign).push_back(labels[i]);
            (dga[i] ? dgaSuffixes : benignSuffixes).push_back(suffixes[i]);
            if (dga[i]) byFamily[familyIndex.find(families[i])->second].labels.push_back(labels[i]);
        }
        auto m = std::make_shared<features::LanguageModels>();
        m->benign = features::CharNgramModel::train(benign);
        m->dga = features::CharNgramModel::train(dgaLabels);
        m->benignSuffix = features::CharNgramModel::train(benignSuffixes);
        m->dgaSuffix = features::CharNgramModel::train(dgaSuffixes);
        m->families = features::FamilyProfiles::train(benign, byFamily);
        m->longGrams = features::LongGramRatio::train(benign, dgaLabels);
        m->wordLists = features::FamilyWordLists::train(byFamily);
        return m;
    };
    CrossFittedFeatures out;
    out.models = trainModels(-1, -1);
    const std::size_t cols = DomainFeatures::count();
    out.features.resize(names.size() * cols);
    std::vector<bool> unseen(names.size(), false);
    for (std::size_t i = 0; i < names.size(); ++i)
        unseen[i] = dga[i] && standsInForUnseen(labels[i], unseenShare);
    auto extractRows = [&](const features::LanguageModels& models, auto&& wanted) {
        for (std::size_t i = 0; i < names.size(); ++i)
            if (wanted(i))
                DomainFeatures::extract(
                    names[i], std::span<float>(out.features).subspan(i * cols, cols), &models);
    };
    for (int f = 0; f < kLmFolds; ++f)
        extractRows(*trainModels(f, -1), [&](std::size_t i) { return fold[i] == f && !unseen[i]; });
    // Stand-ins: models that never saw the row's family (nor the labels of one fold, so that
    // they are as large as the others).
    for (int g = 0; g < kLmFolds; ++g) {
        const auto standIn = [&](std::size_t i) { return unseen[i] && familyGroup[i] == g; };
        bool any = false;
        for (std::size_t i = 0; i < names.size() && !any; ++i) any = standIn(i);
        if (any) extractRows(*trainModels(g, g), standIn);  // no models for an empty group
    }
    return out;
}

}  // namespace dnshound::core::model
