#include "core/model/random_string_family.h"

#include <random>
#include <stdexcept>
#include <unordered_set>

#include "core/features/public_suffix.h"

namespace dnshound::core::model {

std::vector<std::string> randomStringNames(std::size_t count, std::uint64_t seed,
                                           std::span<const std::string> suffixSource,
                                           const std::function<bool(std::string_view)>& taken) {
    if (count == 0) return {};
    if (suffixSource.empty())
        throw std::invalid_argument("randomStringNames: no names to draw suffixes from");
    constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    constexpr std::size_t kMinLength = 6, kMaxLength = 24;
    std::mt19937_64 rng(seed ^ 0x5bd1e9955bd1e995ULL);
    std::vector<std::string> out;
    out.reserve(count);
    std::unordered_set<std::string> made;
    // Random labels of 6+ characters repeat rarely; the bound only guards against a loop.
    for (std::size_t tries = 0; out.size() < count && tries < count * 4; ++tries) {
        const std::size_t length = kMinLength + rng() % (kMaxLength - kMinLength + 1);
        const std::size_t alphabet = rng() % 4 == 0 ? kAlphabet.size() : 26;
        std::string name;
        for (std::size_t i = 0; i < length; ++i) name.push_back(kAlphabet[rng() % alphabet]);
        const std::string& source = suffixSource[rng() % suffixSource.size()];
        const std::string_view suffix = features::PublicSuffix::split(source).suffix;
        if (suffix.empty()) continue;
        name.push_back('.');
        name.append(suffix);
        if (taken(name) || !made.insert(name).second) continue;
        out.push_back(std::move(name));
    }
    return out;
}

}  // namespace dnshound::core::model
