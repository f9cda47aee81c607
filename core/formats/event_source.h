#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/config.h"
#include "core/event/dns_event.h"
#include "core/event/name_table.h"

namespace dnshound::core::formats {

enum class InputFormat { Auto, Heidgaf, Zeek, Unbound, Pcap };

// "auto", "heidgaf", "zeek", "unbound", "pcap" (pcap and pcapng captures); throws
// std::invalid_argument for anything else.
InputFormat inputFormatFromName(std::string_view name);
std::string_view inputFormatName(InputFormat format);

// An input that cannot be read at all (missing file, unknown format, a capture read as text or
// text read as a capture). Lines that fail to parse are not errors: they are counted in ParseStats.
class SourceError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct RejectedLine {
    std::uint64_t line = 0;
    std::string reason;
    std::string text;  // the raw line, cut to 512 bytes
};

struct ParseStats {
    std::uint64_t linesTotal = 0;     // every line read, headers and comments included
    std::uint64_t linesValid = 0;     // lines that produced (or completed) an event
    std::uint64_t linesRejected = 0;  // malformed lines, counted per reason below
    std::uint64_t linesSkipped = 0;   // headers, comments, blank lines, log noise
    std::uint64_t events = 0;         // events emitted (an unanswered query is one too)
    std::map<std::string, std::uint64_t> rejectsByReason;
    std::vector<RejectedLine> samples;  // the first few rejects of each reason

    void reject(std::uint64_t line, std::string_view reason, std::string_view text);
};

// One input being read. The collector pulls events in chunks; all heavy lifting happens in
// readBatch() on the caller's (collector) thread.
class EventSource {
public:
    virtual ~EventSource() = default;
    // Appends up to `maxEvents` events to `out` (it may append a few more when one line completes
    // several). Returns false once the input is exhausted and everything pending was emitted.
    virtual bool readBatch(std::vector<event::DnsEvent>& out, std::size_t maxEvents) = 0;
    virtual const ParseStats& stats() const = 0;
    // Fraction of the input consumed, 0..1 (by bytes of the file on disk).
    virtual double progress() const = 0;
    virtual InputFormat format() const = 0;
};

// Opens `path` (plain or gzip, detected by magic) in `format`; Auto sniffs the content.
// Names are interned into `names`; events carry `sourceId`. Throws SourceError.
std::unique_ptr<EventSource> openEventSource(const std::string& path, InputFormat format,
                                             const config::Config& config, event::NameTable& names,
                                             std::uint32_t sourceId);

}  // namespace dnshound::core::formats
