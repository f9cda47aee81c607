#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/sample/civil_time.h"

namespace dnshound::core::sample {

// Our own implementations of publicly described domain generation algorithms, written from the
// published descriptions of how each family works (not from any sample list). They make the
// malicious side of the synthetic logs; they are not byte-exact reproductions of the malware.
enum class DgaFamily : std::uint8_t {
    // Park-Miller "minimal standard" LCG (Schrage's method) driving 8-19 random letters, .com.
    Ramnit,
    // Mutates the first four letters of a long pronounceable base domain step by step.
    Banjori,
    // Each 12-letter domain is derived from the previous one and a seed string; rotating TLDs.
    Tinba,
    // Two words from a word list concatenated (Suppobox / Matsnu style), seeded by the date.
    Suppobox,
};

inline constexpr std::array<DgaFamily, 4> kDgaFamilies{DgaFamily::Ramnit, DgaFamily::Banjori,
                                                       DgaFamily::Tinba, DgaFamily::Suppobox};

// "ramnit", "banjori", "tinba", "suppobox".
std::string_view dgaFamilyName(DgaFamily family);
std::optional<DgaFamily> dgaFamilyFromName(std::string_view name);

// Exactly `count` distinct, lower-case domain names (no trailing dot, every label 1-63
// characters of [a-z0-9-]) that `family` configured with `seed` would try on `date`, in the
// order the malware would try them. Deterministic on every platform. Suppobox's word pairs cap
// its daily list at kSuppoboxMaxDomains names; asking for more throws std::invalid_argument.
std::vector<std::string> generateDgaDomains(DgaFamily family, std::uint64_t seed, CivilDate date,
                                            std::size_t count);

inline constexpr std::size_t kSuppoboxMaxDomains = 8192;

}  // namespace dnshound::core::sample
