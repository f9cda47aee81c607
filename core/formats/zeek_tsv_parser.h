#pragma once

#include <string>
#include <vector>

#include "core/event/name_table.h"
#include "core/formats/line_parser.h"

namespace dnshound::core::formats {

struct ParseStats;

// Zeek's ASCII (TSV) dns.log. Honours the header block (#separator, #set_separator,
// #empty_field, #unset_field, #fields); a file may hold several blocks, each resetting the
// layout. Before any #fields line the standard dns.log columns are assumed. Rows without a
// query (Zeek logs responses it could not pair) are counted as skipped, not rejected: they are
// well-formed but carry no name to analyse.
class ZeekTsvParser final : public LineParser {
public:
    ZeekTsvParser(event::NameTable& names, std::uint32_t sourceId, ParseStats& stats);

    void parseLine(std::string_view line, std::uint64_t lineNo,
                   std::vector<event::DnsEvent>& out) override;

private:
    enum Column : int {
        Ts,
        OrigH,
        RespH,
        Query,
        Qtype,
        QtypeName,
        Rcode,
        RcodeName,
        Answers,
        kColumns
    };

    void parseHeader(std::string_view line);
    void setFields(std::string_view names);
    void resetLayout();

    event::NameTable& m_names;
    std::uint32_t m_sourceId;
    ParseStats& m_stats;
    std::string m_separator;
    std::string m_setSeparator;
    std::string m_unset;
    std::string m_empty;
    std::size_t m_fieldCount = 0;
    int m_columns[kColumns];
    std::vector<std::string_view> m_cells;  // reused per line
};

}  // namespace dnshound::core::formats
