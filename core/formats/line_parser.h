#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/event/dns_event.h"

namespace dnshound::core::formats {

struct ParseStats;

// Turns lines of one format into events. Every line given to parseLine() is accounted exactly
// once in the ParseStats the parser was built with: as valid, rejected or skipped (the caller
// counts linesTotal), so linesTotal == linesValid + linesRejected + linesSkipped always holds.
class LineParser {
public:
    virtual ~LineParser() = default;
    // `line` has no terminator; `lineNo` is 1-based. May append events to `out`.
    virtual void parseLine(std::string_view line, std::uint64_t lineNo,
                           std::vector<event::DnsEvent>& out) = 0;
    // End of input: emits whatever is still pending (unanswered queries).
    virtual void finish(std::vector<event::DnsEvent>& /*out*/) {}
};

}  // namespace dnshound::core::formats
