#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace dnshound::core::model {

// How well DgaModel::resemblance names the family of DGA names whose family is known: overall
// and among the names the model calls DGA (the only ones an analyst sees it for).
struct FamilyAttribution {
    std::string family;
    std::size_t names = 0, right = 0;             // every name of the family
    std::size_t detected = 0, detectedRight = 0;  // names scored at or above the threshold
    std::string commonestMistake;                 // the family most often guessed instead
    std::size_t commonestMistakeCount = 0;
    double accuracy() const;
    double detectedAccuracy() const;
};

// Names called DGA whose margin over the runner-up family falls in [lowNats, highNats).
struct MarginBand {
    float lowNats = 0, highNats = 0;
    std::size_t detected = 0, detectedRight = 0;
};

struct AttributionEvaluation {
    std::vector<FamilyAttribution> families;  // by name
    std::vector<MarginBand> margins;          // how far the margin can be trusted
    std::size_t names = 0, right = 0, detected = 0, detectedRight = 0;
    double accuracy() const;
    double detectedAccuracy() const;
    double macroDetectedAccuracy() const;  // mean over families with detected names
};

// `truth` and `guesses` are the DGA names' families and the families they resemble (row for
// row, benign rows left out by the caller); `margins` the guesses' margins over the runner-up
// (nats) and `scores` the names' model scores.
AttributionEvaluation evaluateAttribution(std::span<const std::string> truth,
                                          std::span<const std::string> guesses,
                                          std::span<const float> margins,
                                          std::span<const float> scores, double threshold);

std::string attributionMarkdown(const AttributionEvaluation& a);
std::string attributionJson(const AttributionEvaluation& a);

}  // namespace dnshound::core::model
