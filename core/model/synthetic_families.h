#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dnshound::core::model {

// Synthetic DGA families, for training only. Tree models learn the lengths, alphabets and
// suffixes of the families they are shown, and a new family falls between them; a synthetic
// family covers one kind of DGA name evenly, so that the kind is DGA evidence in whatever shape a
// new family takes. Validation and test keep only real names, and attribution never names a
// synthetic family: every one's name starts with kSyntheticFamilyPrefix.
inline constexpr std::string_view kSyntheticFamilyPrefix = "synthetic-";
inline constexpr std::string_view kRandomStringFamily = "synthetic-random";
inline constexpr std::string_view kWordPairFamily = "synthetic-words";

// Both generators: `count` distinct names, each under the public suffix of a name drawn from
// `suffixSource` (training names of both classes, so that the suffix says nothing of the class).
// Names `taken` says are already in the data are skipped. Deterministic in `seed`. Throws
// std::invalid_argument when count > 0 and suffixSource is empty.

// Random strings: labels of 6 to 24 characters, three in four of letters only and the rest of
// letters and digits.
std::vector<std::string> randomStringNames(std::size_t count, std::uint64_t seed,
                                           std::span<const std::string> suffixSource,
                                           const std::function<bool(std::string_view)>& taken);

// Word pairs, as word-list DGAs make them (suppobox, matsnu, nymaim): two words (two in three)
// or three, drawn uniformly from the built-in English word list (kEnglishWords, words of three
// letters or more), glued (three in four) or joined by hyphens.
std::vector<std::string> wordPairNames(std::size_t count, std::uint64_t seed,
                                       std::span<const std::string> suffixSource,
                                       const std::function<bool(std::string_view)>& taken);

}  // namespace dnshound::core::model
