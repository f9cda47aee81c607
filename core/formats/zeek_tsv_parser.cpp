#include "core/formats/zeek_tsv_parser.h"

#include <algorithm>

#include "core/formats/event_source.h"
#include "core/formats/zeek_record.h"

namespace dnshound::core::formats {

namespace {

constexpr std::string_view kDefaultFields =
    "ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\trtt\tquery\tqclass\t"
    "qclass_name\tqtype\tqtype_name\trcode\trcode_name\tAA\tTC\tRD\tRA\tZ\tanswers\tTTLs\t"
    "rejected";

int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Zeek writes header values with \xNN escapes ("#separator \x09").
std::string unescape(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] == 'x' && hexDigit(s[i + 2]) >= 0 &&
            hexDigit(s[i + 3]) >= 0) {
            out.push_back(static_cast<char>(hexDigit(s[i + 2]) * 16 + hexDigit(s[i + 3])));
            i += 3;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

// Splits `line` on `sep` into `cells`; returns the number of cells (may exceed cells.size(), in
// which case only the first cells.size() are stored).
std::size_t split(std::string_view line, std::string_view sep,
                  std::vector<std::string_view>& cells) {
    std::size_t count = 0;
    std::size_t pos = 0;
    for (;;) {
        const std::size_t at = sep.size() == 1 ? line.find(sep[0], pos) : line.find(sep, pos);
        const std::string_view cell =
            line.substr(pos, at == std::string_view::npos ? std::string_view::npos : at - pos);
        if (count < cells.size()) cells[count] = cell;
        ++count;
        if (at == std::string_view::npos) return count;
        pos = at + sep.size();
    }
}

}  // namespace

ZeekTsvParser::ZeekTsvParser(event::NameTable& names, std::uint32_t sourceId, ParseStats& stats)
    : m_names(names), m_sourceId(sourceId), m_stats(stats) {
    resetLayout();
}

void ZeekTsvParser::resetLayout() {
    m_separator = "\t";
    m_setSeparator = ",";
    m_unset = "-";
    m_empty = "(empty)";
    setFields(kDefaultFields);
}

void ZeekTsvParser::setFields(std::string_view names) {
    std::fill(std::begin(m_columns), std::end(m_columns), -1);
    std::vector<std::string_view> list(1024);
    const std::size_t n = std::min(split(names, m_separator, list), list.size());
    m_fieldCount = n;
    for (std::size_t i = 0; i < n; ++i) {
        const std::string_view f = list[i];
        const int idx = static_cast<int>(i);
        if (f == "ts")
            m_columns[Ts] = idx;
        else if (f == "id.orig_h")
            m_columns[OrigH] = idx;
        else if (f == "id.resp_h")
            m_columns[RespH] = idx;
        else if (f == "query")
            m_columns[Query] = idx;
        else if (f == "qtype")
            m_columns[Qtype] = idx;
        else if (f == "qtype_name")
            m_columns[QtypeName] = idx;
        else if (f == "rcode")
            m_columns[Rcode] = idx;
        else if (f == "rcode_name")
            m_columns[RcodeName] = idx;
        else if (f == "answers")
            m_columns[Answers] = idx;
    }
    m_cells.assign(m_fieldCount, std::string_view{});
}

void ZeekTsvParser::parseHeader(std::string_view line) {
    if (line.substr(0, 11) == "#separator ") {
        const std::string sep = unescape(line.substr(11));
        // A new header block starts: its other directives follow.
        if (!sep.empty()) m_separator = sep;
        return;
    }
    const std::size_t at = line.find(m_separator);
    if (at == std::string_view::npos) return;
    const std::string_view key = line.substr(1, at - 1);
    const std::string_view value = line.substr(at + m_separator.size());
    if (key == "set_separator")
        m_setSeparator = unescape(value);
    else if (key == "unset_field")
        m_unset = unescape(value);
    else if (key == "empty_field")
        m_empty = unescape(value);
    else if (key == "fields")
        setFields(value);
    if (m_setSeparator.empty()) m_setSeparator = ",";
}

void ZeekTsvParser::parseLine(std::string_view line, std::uint64_t lineNo,
                              std::vector<event::DnsEvent>& out) {
    if (line.empty()) {
        ++m_stats.linesSkipped;
        return;
    }
    if (line.front() == '#') {
        parseHeader(line);
        ++m_stats.linesSkipped;
        return;
    }
    if (split(line, m_separator, m_cells) != m_fieldCount) {
        m_stats.reject(lineNo, "field count", line);
        return;
    }
    ZeekRecord rec;
    auto cell = [&](Column c, std::string_view& v, bool& has) {
        if (m_columns[c] < 0) return;
        v = m_cells[static_cast<std::size_t>(m_columns[c])];
        if (v == m_empty) v = {};
        has = true;
    };
    cell(Ts, rec.ts, rec.hasTs);
    cell(OrigH, rec.origH, rec.hasOrigH);
    cell(RespH, rec.respH, rec.hasRespH);
    cell(Query, rec.query, rec.hasQuery);
    cell(Qtype, rec.qtype, rec.hasQtype);
    cell(QtypeName, rec.qtypeName, rec.hasQtypeName);
    cell(Rcode, rec.rcode, rec.hasRcode);
    cell(RcodeName, rec.rcodeName, rec.hasRcodeName);
    if (m_columns[Answers] >= 0) {
        std::string_view answers = m_cells[static_cast<std::size_t>(m_columns[Answers])];
        if (answers != m_unset && answers != m_empty) {
            while (!answers.empty()) {
                const std::size_t at = answers.find(m_setSeparator);
                const std::string_view one = answers.substr(0, at);
                if (event::IpAddress::parse(one)) {
                    rec.firstAddressAnswer = one;
                    break;
                }
                if (at == std::string_view::npos) break;
                answers.remove_prefix(at + m_setSeparator.size());
            }
        }
    }
    emitZeekRow(rec, m_unset, m_names, m_sourceId, lineNo, line, m_stats, out);
}

}  // namespace dnshound::core::formats
