#pragma once

#include <string>
#include <vector>

#include "core/event/name_table.h"
#include "core/formats/line_parser.h"

namespace dnshound::core::formats {

struct ParseStats;

// Zeek's JSON-lines dns.log: one flat object per line ("ts" as a number or ISO 8601 string,
// "id.orig_h", "id.resp_h", "query", "qtype"/"qtype_name", "rcode"/"rcode_name", "answers").
// Malformed JSON is rejected as "bad json"; objects without a query are skipped, as in TSV.
class ZeekJsonParser final : public LineParser {
public:
    ZeekJsonParser(event::NameTable& names, std::uint32_t sourceId, ParseStats& stats);

    void parseLine(std::string_view line, std::uint64_t lineNo,
                   std::vector<event::DnsEvent>& out) override;

private:
    event::NameTable& m_names;
    std::uint32_t m_sourceId;
    ParseStats& m_stats;
    std::string m_query;  // decoded query when it carries escapes; reused
};

}  // namespace dnshound::core::formats
