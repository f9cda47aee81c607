#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/event/ip_address.h"

namespace dnshound::core::formats {

// Why a DNS message on the wire could not be used. Each has a stable reason text (dnsErrorReason)
// that ends up in ParseStats::rejectsByReason.
enum class DnsError : std::uint8_t {
    None,
    Truncated,        // the message ends inside the header or the question
    BadCounts,        // the section counts cannot fit in the message
    NoQuestion,       // QDCOUNT is 0: nothing to attribute the message to
    CompressionLoop,  // a pointer that does not go strictly backwards, or too many hops
    BadPointer,       // a pointer past the end of the message
    NameTooLong,      // more than 255 bytes on the wire
    BadLabelType,     // 0x40 / 0x80 label types (extended, obsolete)
};

std::string_view dnsErrorReason(DnsError error);

// The parts of a DNS message the pipeline needs. `qname` views the caller's name buffer: lower
// case, dot separated, no trailing dot, "" for the root.
struct DnsMessage {
    std::uint16_t id = 0;
    bool response = false;
    std::uint8_t opcode = 0;
    std::uint16_t rcode = 0;
    std::uint16_t qdcount = 0;
    std::uint16_t ancount = 0;
    std::uint16_t nscount = 0;
    std::uint16_t arcount = 0;
    std::string_view qname;
    // No byte in qname's labels that its text form cannot carry plainly (a control character,
    // DEL or a '.' inside a label): such names need no further checks before interning.
    bool plainName = false;
    std::uint16_t qtype = 0;
    std::uint16_t qclass = 0;
    bool hasAnswer = false;  // a first A/AAAA answer was found (responses only)
    event::IpAddress answer;
};

// A name is at most 254 characters of text; the parser uses one more byte and a word of room
// for its word-sized stores.
using DnsNameBuffer = std::array<char, 256 + 8>;

// Parses header, first question and (for responses) the first A/AAAA answer. Allocation free and
// bounds checked; the header and first question must be sound, while damage further on (a
// truncated answer section) only ends the search for an answer.
DnsError parseDnsMessage(std::span<const std::uint8_t> wire, DnsMessage& out,
                         DnsNameBuffer& nameBuffer);

// Decodes the (possibly compressed) name starting at `offset` into `nameBuffer`; `next` receives
// the offset just after the name in the message. Exposed for tests.
DnsError readDnsName(std::span<const std::uint8_t> wire, std::size_t offset,
                     DnsNameBuffer& nameBuffer, std::size_t& nameLength, std::size_t& next);

}  // namespace dnshound::core::formats
