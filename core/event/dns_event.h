#pragma once

#include <cstdint>

#include "core/event/ip_address.h"
#include "core/event/name_table.h"

namespace dnshound::core::event {

// Response code of an event that saw no response (query-only logs, unanswered queries).
inline constexpr std::uint16_t kRcodeNone = 0xffff;
inline constexpr std::uint16_t kRcodeNoError = 0;
inline constexpr std::uint16_t kRcodeNxDomain = 3;

// The one canonical record every source produces and every stage consumes. Raw field names never
// leave the parser that read them. Fixed size, no heap: vectors of events are cheap to move.
struct DnsEvent {
    std::int64_t timeUs = 0;  // event time, microseconds since the Unix epoch (UTC)
    IpAddress client;         // who asked
    IpAddress server;         // the resolver asked (unspecified when the log lacks it)
    IpAddress answer;         // first address answer (unspecified when none)
    NameId name = kNoName;    // interned, lower-cased query name without trailing dot
    std::uint16_t qtype = 0;  // numeric RR type (1 = A, 16 = TXT, ...); 0 when unknown
    std::uint16_t rcode = kRcodeNone;
    std::uint32_t responseBytes = 0;  // response size where the source has it, else 0
    std::uint32_t sourceId = 0;       // which input (index in the analysis' source list)
    std::uint64_t sourceLine = 0;     // line (or packet) number in that input, 1-based
};

}  // namespace dnshound::core::event
