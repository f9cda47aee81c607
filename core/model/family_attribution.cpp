#include "core/model/family_attribution.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>

#include "core/text/json_writer.h"
#include "core/text/number_format.h"

namespace dnshound::core::model {

namespace {

constexpr std::array<float, 7> kBandEdges = {
    0.0f, 1.0f, 2.0f, 3.0f, 5.0f, 10.0f, std::numeric_limits<float>::infinity()};

double share(std::size_t part, std::size_t whole) {
    return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

double FamilyAttribution::accuracy() const {
    return share(right, names);
}

double FamilyAttribution::detectedAccuracy() const {
    return share(detectedRight, detected);
}

double AttributionEvaluation::accuracy() const {
    return share(right, names);
}

double AttributionEvaluation::detectedAccuracy() const {
    return share(detectedRight, detected);
}

double AttributionEvaluation::macroDetectedAccuracy() const {
    double sum = 0;
    std::size_t n = 0;
    for (const FamilyAttribution& f : families) {
        if (f.detected == 0) continue;
        sum += f.detectedAccuracy();
        ++n;
    }
    return n == 0 ? 0.0 : sum / static_cast<double>(n);
}

AttributionEvaluation evaluateAttribution(std::span<const std::string> truth,
                                          std::span<const std::string> guesses,
                                          std::span<const float> margins,
                                          std::span<const float> scores, double threshold) {
    const std::size_t n = std::min({truth.size(), guesses.size(), margins.size(), scores.size()});
    AttributionEvaluation a;
    for (std::size_t b = 0; b + 1 < kBandEdges.size(); ++b)
        a.margins.push_back({kBandEdges[b], kBandEdges[b + 1]});
    std::map<std::string, FamilyAttribution> byFamily;
    std::map<std::string, std::map<std::string, std::size_t>> mistakes;
    for (std::size_t i = 0; i < n; ++i) {
        FamilyAttribution& f = byFamily[truth[i]];
        const bool right = guesses[i] == truth[i];
        const bool detected = scores[i] >= threshold;
        ++f.names;
        f.right += right;
        f.detected += detected;
        f.detectedRight += detected && right;
        if (!right) ++mistakes[truth[i]][guesses[i]];
        if (!detected) continue;
        for (MarginBand& band : a.margins) {
            if (margins[i] < band.lowNats || margins[i] >= band.highNats) continue;
            ++band.detected;
            band.detectedRight += right;
        }
    }
    for (auto& [name, f] : byFamily) {
        f.family = name;
        for (const auto& [guess, count] : mistakes[name]) {
            if (count <= f.commonestMistakeCount) continue;
            f.commonestMistake = guess;
            f.commonestMistakeCount = count;
        }
        a.names += f.names;
        a.right += f.right;
        a.detected += f.detected;
        a.detectedRight += f.detectedRight;
        a.families.push_back(std::move(f));
    }
    return a;
}

std::string attributionMarkdown(const AttributionEvaluation& a) {
    std::string s = "Family attribution (the family profile a name resembles most): right for " +
                    text::fixedDecimals(a.accuracy(), 4) + " of " + std::to_string(a.names) +
                    " DGA names, " + text::fixedDecimals(a.detectedAccuracy(), 4) + " of the " +
                    std::to_string(a.detected) + " called DGA (macro over families " +
                    text::fixedDecimals(a.macroDetectedAccuracy(), 4) +
                    ").\n\n| family | names | right | called DGA | right among them | "
                    "commonest wrong guess |\n|---|---:|---:|---:|---:|---|\n";
    for (const FamilyAttribution& f : a.families) {
        s += "| " + f.family + " | " + std::to_string(f.names) + " | " +
             text::fixedDecimals(f.accuracy(), 4) + " | " + std::to_string(f.detected) + " | " +
             text::fixedDecimals(f.detectedAccuracy(), 4) + " | ";
        if (f.commonestMistakeCount > 0)
            s += (f.commonestMistake.empty() ? std::string("(none)") : f.commonestMistake) + " (" +
                 std::to_string(f.commonestMistakeCount) + ")";
        s += " |\n";
    }
    s += "\nNames called DGA by the margin of their closest family over the next one:\n\n"
         "| margin (nats) | called DGA | right |\n|---|---:|---:|\n";
    for (const MarginBand& b : a.margins) {
        const std::string high = std::isfinite(b.highNats) ? text::sixSignificant(b.highNats) : "";
        s += "| " + text::sixSignificant(b.lowNats) + " to " + (high.empty() ? "more" : high) +
             " | " + std::to_string(b.detected) + " | " +
             text::fixedDecimals(share(b.detectedRight, b.detected), 4) + " |\n";
    }
    return s;
}

std::string attributionJson(const AttributionEvaluation& a) {
    std::string families;
    {
        text::JsonObjectWriter w(families);
        for (const FamilyAttribution& f : a.families) {
            std::string one;
            text::JsonObjectWriter o(one);
            o.field("names", static_cast<std::uint64_t>(f.names))
                .field("accuracy", f.accuracy())
                .field("called_dga", static_cast<std::uint64_t>(f.detected))
                .field("accuracy_called_dga", f.detectedAccuracy())
                .field("commonest_wrong_guess", f.commonestMistake)
                .field("commonest_wrong_guess_count",
                       static_cast<std::uint64_t>(f.commonestMistakeCount));
            o.finish();
            w.rawField(f.family, one);
        }
        w.finish();
    }
    std::string out;
    text::JsonObjectWriter w(out);
    w.field("names", static_cast<std::uint64_t>(a.names))
        .field("accuracy", a.accuracy())
        .field("called_dga", static_cast<std::uint64_t>(a.detected))
        .field("accuracy_called_dga", a.detectedAccuracy())
        .field("macro_accuracy_called_dga", a.macroDetectedAccuracy())
        .rawField("families", families);
    w.finish();
    return out;
}

}  // namespace dnshound::core::model
