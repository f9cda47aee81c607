#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/event/ip_address.h"
#include "core/text/ascii_text.h"

namespace dnshound::core::config {

enum class AllowKind : std::uint8_t { Domain, Suffix, Client };

// "domain", "suffix", "client".
std::string_view allowKindName(AllowKind kind);
std::optional<AllowKind> allowKindFromName(std::string_view name);

struct AllowEntry {
    AllowKind kind = AllowKind::Domain;
    std::string value;   // normalised: lower case, no trailing dot; a client is an IP or CIDR
    std::string reason;  // why (required)
    std::int64_t expiresUs = 0;  // 0: never; else the entry stops applying at this instant (UTC)
    std::int64_t addedUs = 0;    // 0: unknown
    int line = 0;                // line in the file, for messages
};

// Domains, domain suffixes and clients an analyst has decided are not threats. Allowlisted names
// are no evidence and allowlisted clients never alert. Suffix matching respects label boundaries:
// suffix `example.com` matches `example.com` and `a.example.com`, never `badexample.com`.
class Allowlist final {
public:
    Allowlist() = default;
    // Keeps every entry; those expired at `nowUs` are ignored by the matchers and counted.
    Allowlist(std::vector<AllowEntry> entries, std::int64_t nowUs, std::string origin);

    bool matchesName(std::string_view normalisedName) const;
    bool matchesClient(const event::IpAddress& client) const;

    const std::vector<AllowEntry>& entries() const { return m_entries; }
    std::size_t activeCount() const { return m_entries.size() - m_expired; }
    std::size_t expiredCount() const { return m_expired; }
    bool empty() const { return activeCount() == 0; }
    const std::string& origin() const { return m_origin; }

private:
    struct Network {
        event::IpAddress address;
        int prefixLength = 128;  // in the IPv6 (IPv4-mapped) space
    };

    std::vector<AllowEntry> m_entries;
    std::size_t m_expired = 0;
    std::string m_origin;
    std::unordered_set<std::string, text::StringViewHash, std::equal_to<>> m_domains;
    std::unordered_set<std::string, text::StringViewHash, std::equal_to<>> m_suffixes;
    std::vector<Network> m_networks;
};

// Reads an allowlist file: a YAML list of entries, each one of `domain:`, `suffix:` or `client:`
// with `reason:` and optional `expires:` (YYYY-MM-DD: valid through that day, UTC; or
// YYYY-MM-DDTHH:MM:SSZ) and `added:`. Throws ConfigError naming the file, line and problem.
Allowlist loadAllowlistFile(const std::string& path, std::int64_t nowUs);
Allowlist loadAllowlistText(std::string_view yaml, std::string_view origin, std::int64_t nowUs);

// Validates and normalises one entry (throws ConfigError with `where` as prefix): the GUI's
// dialog checks what the user typed with the same rules as the loader.
AllowEntry normaliseAllowEntry(AllowEntry entry, const std::string& where);

// One entry as YAML list item text ("- domain: x\n  reason: ...\n"): appending it to a file the
// loader accepts yields a file the loader accepts, and comments in the file survive.
std::string allowEntryYaml(const AllowEntry& entry);

// "2026-11-27T10:00:00Z" for an instant in µs.
std::string allowTimeText(std::int64_t us);
// Parses an expiry or added time; a bare date means the end of that day (next midnight, UTC).
std::optional<std::int64_t> parseAllowTime(std::string_view text, bool dateMeansEndOfDay);

}  // namespace dnshound::core::config
