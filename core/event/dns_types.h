#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dnshound::core::event {

// Every IANA RR type mnemonic (A, AAAA, TXT, NULL, ...) and "TYPEnnn"; case-insensitive.
std::optional<std::uint16_t> qtypeFromName(std::string_view mnemonic);
// Mnemonic of a numeric type, or "TYPEnnn" for unnamed ones.
std::string qtypeName(std::uint16_t qtype);

// Every DNS RCODE mnemonic (NOERROR, NXDOMAIN, SERVFAIL, ..., BADCOOKIE) and "RCODEnn";
// case-insensitive.
std::optional<std::uint16_t> rcodeFromName(std::string_view mnemonic);
// Mnemonic of a numeric rcode; "NONE" for kRcodeNone.
std::string rcodeName(std::uint16_t rcode);

}  // namespace dnshound::core::event
