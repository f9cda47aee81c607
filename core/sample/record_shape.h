#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dnshound::core::sample {

// The record types the generators ask for.
enum class RecordType : std::uint8_t { A, AAAA, HTTPS, TXT, MX, PTR, SRV };
std::string_view recordTypeName(RecordType type);

enum class Rcode : std::uint8_t { NoError, NxDomain, ServFail };
std::string_view rcodeText(Rcode rcode);

// FNV-1a over the lower-cased name: per-name constants that stay put between runs.
std::uint64_t nameHash(std::string_view name);

// A plausible first answer for `name`: corp.example and in-addr.arpa names answer with local
// addresses, everything else with an address from a public provider range picked by the name's
// registered domain; AAAA answers IPv6. NXDOMAIN and SERVFAIL answer "0.0.0.0".
std::string plausibleAnswer(std::string_view name, RecordType type, Rcode rcode);

// A plausible DNS response size in bytes: header, question and answers (or the SOA of a
// negative answer); `jitter` in [0, 1) varies the answer count and record lengths.
std::uint32_t plausibleSize(std::string_view name, RecordType type, Rcode rcode, double jitter);

// DNS 0x20 style: flips letters of `name` to upper case where the matching bit of `bits` (cycled
// every 64 letters) is set, as resolvers that randomise query case log them.
void randomiseCase(char* name, std::size_t length, std::uint64_t bits);

}  // namespace dnshound::core::sample
