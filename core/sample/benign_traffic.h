#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/sample/record_shape.h"

namespace dnshound::core::sample {

// Operating systems differ in the background names they look up.
enum class ClientOs : std::uint8_t { Windows, MacOs, Linux };

// A web site visit: the primary name (asked for A, AAAA and often HTTPS) and the names its page
// pulls in (APIs, static hosts, CDN edges, trackers).
struct BenignSite {
    std::string_view primary;
    std::array<std::string_view, 5> related{};  // empty entries are unused
};

// A background lookup an OS or service repeats on its own: NTP, telemetry, certificate checks,
// directory (SRV) and mail (MX, TXT) lookups, intranet names.
struct BackgroundName {
    std::string_view name;
    RecordType type = RecordType::A;
    std::uint8_t osMask = 0x7;  // bit (1 << ClientOs)
    double weight = 1.0;
};

// A lookup real resolvers answer with NXDOMAIN for healthy clients: typos, WPAD/ISATAP probes,
// search-list suffixes appended to a fully qualified name, stale intranet names, SRV probes.
struct BenignNxName {
    std::string_view name;
    RecordType type = RecordType::A;
};

// The hand-written catalogue of benign traffic shapes (about 200 names), ordered by
// popularity within each list. Everything local lives under corp.example (RFC 6761).
class BenignCatalogue final {
public:
    static std::span<const BenignSite> sites();
    static std::span<const BackgroundName> background();
    static std::span<const BenignNxName> nxNames();
    // The local search domain that misconfigured lookups get appended to.
    static constexpr std::string_view kLocalDomain = "corp.example";
    static bool runsOn(const BackgroundName& name, ClientOs os) {
        return (name.osMask >> static_cast<unsigned>(os)) & 1u;
    }
};

}  // namespace dnshound::core::sample
