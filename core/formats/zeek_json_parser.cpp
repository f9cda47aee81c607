#include "core/formats/zeek_json_parser.h"

#include "core/formats/event_source.h"
#include "core/formats/flat_json_scanner.h"
#include "core/formats/zeek_record.h"

namespace dnshound::core::formats {

namespace {

// First element of a JSON array of strings that parses as an address. Addresses never need
// escapes, so escaped strings are skipped without decoding.
std::string_view firstAddress(std::string_view rawArray) {
    std::size_t pos = 0;
    while ((pos = rawArray.find('"', pos)) != std::string_view::npos) {
        const std::size_t start = ++pos;
        bool escaped = false;
        while (pos < rawArray.size() && rawArray[pos] != '"') {
            if (rawArray[pos] == '\\') {
                escaped = true;
                ++pos;
            }
            ++pos;
        }
        if (pos >= rawArray.size()) return {};
        const std::string_view s = rawArray.substr(start, pos - start);
        ++pos;
        if (!escaped && event::IpAddress::parse(s)) return s;
    }
    return {};
}

}  // namespace

ZeekJsonParser::ZeekJsonParser(event::NameTable& names, std::uint32_t sourceId, ParseStats& stats)
    : m_names(names), m_sourceId(sourceId), m_stats(stats) {}

void ZeekJsonParser::parseLine(std::string_view line, std::uint64_t lineNo,
                               std::vector<event::DnsEvent>& out) {
    std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        ++m_stats.linesSkipped;
        return;
    }
    FlatJsonScanner scanner(line.substr(first));
    FlatJsonScanner::Member m;
    ZeekRecord rec;
    bool wrongType = false;
    using Kind = FlatJsonScanner::Kind;
    auto scalar = [&](std::string_view& v, bool& has, bool stringOnly) {
        if (m.kind == Kind::String || (!stringOnly && m.kind == Kind::Number)) {
            v = m.raw;
            has = true;
        } else if (m.kind != Kind::Literal || m.raw != "null") {
            wrongType = true;
        }
    };
    bool queryEscaped = false;
    while (scanner.next(m)) {
        const std::string_view k = m.key;
        if (k == "ts") {
            scalar(rec.ts, rec.hasTs, false);
            rec.tsIsText = m.kind == Kind::String;
        } else if (k == "id.orig_h") {
            scalar(rec.origH, rec.hasOrigH, true);
        } else if (k == "id.resp_h") {
            scalar(rec.respH, rec.hasRespH, true);
        } else if (k == "query") {
            scalar(rec.query, rec.hasQuery, true);
            queryEscaped = m.raw.find('\\') != std::string_view::npos;
        } else if (k == "qtype") {
            scalar(rec.qtype, rec.hasQtype, false);
        } else if (k == "qtype_name") {
            scalar(rec.qtypeName, rec.hasQtypeName, true);
        } else if (k == "rcode") {
            scalar(rec.rcode, rec.hasRcode, false);
        } else if (k == "rcode_name") {
            scalar(rec.rcodeName, rec.hasRcodeName, true);
        } else if (k == "answers" && m.kind == Kind::Array) {
            rec.firstAddressAnswer = firstAddress(m.raw);
        }
    }
    if (scanner.failed()) {
        m_stats.reject(lineNo, "bad json", line);
        return;
    }
    if (wrongType) {
        m_stats.reject(lineNo, "bad json value", line);
        return;
    }
    if (queryEscaped && rec.hasQuery) {
        if (!FlatJsonScanner::decodeString(rec.query, m_query)) {
            m_stats.reject(lineNo, "bad json", line);
            return;
        }
        rec.query = m_query;
    }
    emitZeekRow(rec, {}, m_names, m_sourceId, lineNo, line, m_stats, out);
}

}  // namespace dnshound::core::formats
