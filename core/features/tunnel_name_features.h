#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

namespace dnshound::core::features {

// The per-name feature vector of the trained tunnel model. It is computed on the SUBDOMAIN part
// of a name only (the labels left of its registrable domain, see PublicSuffix), so the tunnel
// zone, which gives the label away in lab captures, never reaches the model. Text is compared
// case-insensitively (resolvers and logs do not keep case). A byte >= 0x80 or a "\ddd" escape
// counts as one binary character (base128, iodine). Training and serving call the same
// functions; the vector layout is versioned.
class TunnelNameFeatures final {
public:
    static constexpr int kVersion = 1;
    static constexpr std::size_t kCount = 22;

    static int version() { return kVersion; }
    static constexpr std::size_t count() { return kCount; }
    static const std::array<std::string_view, kCount>& names();

    // `name`: a full query name, normalised (lower case, no trailing dot). Strips the
    // registrable domain, then extractSubdomain(). `out` holds count() floats.
    static void extract(std::string_view name, std::span<float> out);
    // `subdomain`: the labels left of the registrable domain (may be empty, any case).
    static void extractSubdomain(std::string_view subdomain, std::span<float> out);
    // The subdomain part of a normalised full name ("" for a bare registrable domain).
    static std::string_view subdomainOf(std::string_view name);
};

}  // namespace dnshound::core::features
