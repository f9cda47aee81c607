#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dnshound::core::text {

inline constexpr std::uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ULL;
inline constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

// 64-bit FNV-1a of `s`, continuing from `h`. Names and log fields are short: this beats
// std::hash's murmur on them and is the same on every platform.
inline std::uint64_t fnv1a(std::string_view s, std::uint64_t h = kFnvOffsetBasis) {
    for (unsigned char c : s) {
        h ^= c;
        h *= kFnvPrime;
    }
    return h;
}

// Hash for unordered containers keyed by strings that also accept string_view lookups
// (heterogeneous lookup: no temporary std::string per probe).
struct StringViewHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        const std::uint64_t h = fnv1a(s);
        return static_cast<std::size_t>(h ^ (h >> 32));
    }
};

// ASCII lower case; other bytes unchanged (DNS names compare case-insensitively in ASCII only).
inline std::string asciiLower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return out;
}

}  // namespace dnshound::core::text
