#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/event/dns_event.h"
#include "core/event/name_table.h"
#include "core/formats/event_source.h"

namespace dnshound::core::formats {

// The fields of one Zeek dns.log record that matter, as raw text (TSV cell or JSON scalar),
// shared by the TSV and JSON readers so both map Zeek onto DnsEvent the same way.
struct ZeekRecord {
    std::string_view ts;
    bool tsIsText = false;  // JSON "ts" given as an ISO 8601 string
    std::string_view origH, respH, query, qtype, qtypeName, rcode, rcodeName;
    std::string_view firstAddressAnswer;
    bool hasTs = false, hasOrigH = false, hasRespH = false, hasQuery = false;
    bool hasQtype = false, hasQtypeName = false, hasRcode = false, hasRcodeName = false;
};

enum class ZeekOutcome { Event, NoQuery, Rejected };

// Fills `ev` from `rec`. Cells equal to `unset` (or empty) count as absent. On Rejected,
// `reason` holds a short stable category ("bad ts", "bad id.orig_h", ...).
ZeekOutcome buildZeekEvent(const ZeekRecord& rec, std::string_view unset, event::NameTable& names,
                           event::DnsEvent& ev, std::string_view& reason);

// Builds the event of one Zeek row and accounts for the line in `stats`: a valid row appends its
// event to `out`, a row without a query is skipped, anything else is rejected with its reason.
void emitZeekRow(const ZeekRecord& rec, std::string_view unset, event::NameTable& names,
                 std::uint32_t sourceId, std::uint64_t lineNo, std::string_view line,
                 ParseStats& stats, std::vector<event::DnsEvent>& out);

// Epoch seconds with an optional fraction ("1610645203.325590") as µs.
bool parseEpochMicros(std::string_view text, std::int64_t& out);

}  // namespace dnshound::core::formats
