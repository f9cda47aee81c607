#pragma once

#include <cstdint>
#include <string_view>

#include "core/features/label_encoding.h"

namespace dnshound::core::features {

// What one query name says about tunnelling on its own, before any per-client history: the
// part left of the registrable domain (its "subdomain"), how long and how random it is, which
// alphabet its long labels use, and a lexical tunnel score in [0, 1]. Computed once per
// distinct name.
struct TunnelLabelProfile {
    float score = 0.0f;                   // per-query lexical tunnel score, 0..1
    float entropy = 0.0f;                 // Shannon entropy of the subdomain's characters
    std::uint16_t registrableOffset = 0;  // where the registrable domain starts in the name
    std::uint16_t subdomainChars = 0;     // characters left of it, dots not counted
    std::uint16_t longestLabel = 0;       // longest label left of it
    std::uint8_t labels = 0;              // labels left of it
    std::uint8_t longLabels = 0;          // of which at least kLongLabel characters long
    LabelEncoding encoding = LabelEncoding::None;  // alphabet of the long labels
    bool candidate = false;     // false for reverse lookups, local names and bare registrables
    bool digestShaped = false;  // one long label with a digest's length (32 hex, 26 base32...)

    static constexpr std::uint16_t kLongLabel = 8;
};

// `name` is normalised (lower case, no trailing dot).
TunnelLabelProfile profileTunnelName(std::string_view name);

}  // namespace dnshound::core::features
