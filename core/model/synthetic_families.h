#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dnshound::core::model {

// A synthetic DGA family for training only: second-level labels of uniformly random characters.
// Tree models learn the lengths, alphabets and suffixes of the families they are shown, and a new
// random-character family with another length or suffix falls between them; this family covers
// the whole space evenly, so that "random characters" is DGA evidence at any length.
inline constexpr std::string_view kRandomStringFamily = "synthetic-random";

// `count` names: labels of 6 to 24 characters, three in four of letters only and the rest of
// letters and digits, each under the public suffix of a name drawn from `suffixSource` (training
// names of both classes, so that the suffix says nothing of the class). Names `taken` says are
// already in the data are skipped. Deterministic in `seed`.
std::vector<std::string> randomStringNames(std::size_t count, std::uint64_t seed,
                                           std::span<const std::string> suffixSource,
                                           const std::function<bool(std::string_view)>& taken);

}  // namespace dnshound::core::model
