#pragma once

#include "core/formats/zeek_json_parser.h"
#include "core/formats/zeek_tsv_parser.h"

namespace dnshound::core::formats {

// Zeek dns.log in either writer: lines starting with '{' go to the JSON reader, the rest
// (headers and rows) to the TSV reader, so even a mixed or re-concatenated file reads whole.
class ZeekParser final : public LineParser {
public:
    ZeekParser(event::NameTable& names, std::uint32_t sourceId, ParseStats& stats)
        : m_tsv(names, sourceId, stats), m_json(names, sourceId, stats) {}

    void parseLine(std::string_view line, std::uint64_t lineNo,
                   std::vector<event::DnsEvent>& out) override {
        const std::size_t first = line.find_first_not_of(" \t");
        if (first != std::string_view::npos && line[first] == '{') {
            m_json.parseLine(line, lineNo, out);
        } else {
            m_tsv.parseLine(line, lineNo, out);
        }
    }

private:
    ZeekTsvParser m_tsv;
    ZeekJsonParser m_json;
};

}  // namespace dnshound::core::formats
