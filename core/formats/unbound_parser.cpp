#include "core/formats/unbound_parser.h"

#include <array>
#include <charconv>

#include "core/config/timestamp_format.h"
#include "core/event/dns_types.h"
#include "core/formats/event_source.h"
#include "core/formats/query_name.h"
#include "core/formats/zeek_record.h"

namespace dnshound::core::formats {

namespace {

constexpr std::size_t kMaxTokens = 9;

// Splits on runs of spaces into `tokens`; returns the count (capped at kMaxTokens + 1).
std::size_t tokenize(std::string_view s, std::array<std::string_view, kMaxTokens + 1>& tokens) {
    std::size_t count = 0, pos = 0;
    while (pos < s.size() && count <= kMaxTokens) {
        while (pos < s.size() && s[pos] == ' ') ++pos;
        if (pos >= s.size()) break;
        std::size_t end = pos;
        while (end < s.size() && s[end] != ' ') ++end;
        tokens[count++] = s.substr(pos, end - pos);
        pos = end;
    }
    return count;
}

std::uint32_t classHash(std::string_view c) {
    std::uint32_t h = 2166136261u;
    for (unsigned char ch : c) {
        h ^= static_cast<std::uint32_t>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
        h *= 16777619u;
    }
    return h;
}

bool isDecimal(std::string_view s) {
    bool digit = false;
    for (char c : s) {
        if (c >= '0' && c <= '9')
            digit = true;
        else if (c != '.')
            return false;
    }
    return digit;
}

}  // namespace

std::size_t UnboundParser::KeyHash::operator()(const Key& k) const noexcept {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (auto b : k.client.bytes) h = (h ^ b) * 0x100000001b3ULL;
    h = (h ^ k.name) * 0x100000001b3ULL;
    h = (h ^ k.qtype) * 0x100000001b3ULL;
    h = (h ^ k.qclass) * 0x100000001b3ULL;
    return static_cast<std::size_t>(h ^ (h >> 29));
}

UnboundParser::UnboundParser(event::NameTable& names, std::uint32_t sourceId, ParseStats& stats,
                             int defaultYear)
    : m_names(names), m_sourceId(sourceId), m_stats(stats), m_defaultYear(defaultYear) {}

bool UnboundParser::parseTime(std::string_view prefix, std::int64_t& timeUs) const {
    while (!prefix.empty() && prefix.front() == ' ') prefix.remove_prefix(1);
    if (prefix.empty()) return false;
    if (prefix.front() == '[') {
        const std::size_t close = prefix.find(']');
        if (close == std::string_view::npos) return false;
        return parseEpochMicros(prefix.substr(1, close - 1), timeUs);
    }
    std::array<std::string_view, kMaxTokens + 1> tokens;
    const std::size_t n = tokenize(prefix, tokens);
    static const config::TimestampFormat kIso("%Y-%m-%dT%H:%M:%S.%f%z");
    static const config::TimestampFormat kIsoNoFraction("%Y-%m-%dT%H:%M:%S%z");
    static const config::TimestampFormat kSyslog("%b %d %H:%M:%S");
    if (n >= 1) {
        if (auto t = kIso.parse(tokens[0])) return timeUs = *t, true;
        if (auto t = kIsoNoFraction.parse(tokens[0])) return timeUs = *t, true;
    }
    if (n >= 3) {
        const char* begin = tokens[0].data();
        const std::string_view text(
            begin, static_cast<std::size_t>(tokens[2].data() + tokens[2].size() - begin));
        if (auto t = kSyslog.parse(text, m_defaultYear)) return timeUs = *t, true;
    }
    return false;
}

void UnboundParser::emit(const event::DnsEvent& ev, std::vector<event::DnsEvent>& out) {
    ++m_stats.events;
    out.push_back(ev);
}

void UnboundParser::expire(std::int64_t nowUs, bool all, std::vector<event::DnsEvent>& out) {
    while (!m_queue.empty()) {
        Pending& front = m_queue.front();
        if (!front.done) {
            const bool old = front.ev.timeUs + kReplyWindowUs < nowUs;
            if (!all && !old && m_live <= kMaxPending) break;
            emit(front.ev, out);  // unanswered: rcode stays kRcodeNone
            auto range = m_index.equal_range(front.key);
            for (auto it = range.first; it != range.second; ++it) {
                if (it->second == m_headSeq) {
                    m_index.erase(it);
                    break;
                }
            }
            --m_live;
        }
        m_queue.pop_front();
        ++m_headSeq;
    }
}

void UnboundParser::parseLine(std::string_view line, std::uint64_t lineNo,
                              std::vector<event::DnsEvent>& out) {
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
        ++m_stats.linesSkipped;
        return;
    }
    std::size_t tag = line.find("unbound[");
    if (tag == std::string_view::npos) tag = line.find("unbound:");
    if (tag == std::string_view::npos) {
        m_stats.reject(lineNo, "not an unbound line", line);
        return;
    }
    const std::size_t info = line.find(" info: ", tag);
    if (info == std::string_view::npos) {
        ++m_stats.linesSkipped;  // notice/error/debug messages
        return;
    }
    std::array<std::string_view, kMaxTokens + 1> t;
    const std::size_t n = tokenize(line.substr(info + 7), t);
    if (n == 0 || !event::IpAddress::parse(t[0])) {
        ++m_stats.linesSkipped;  // other info messages ("server stats ...", "start of service")
        return;
    }
    if (n != 4 && n != 8) {
        m_stats.reject(lineNo, "bad query line", line);
        return;
    }
    event::DnsEvent ev;
    ev.sourceId = m_sourceId;
    ev.sourceLine = lineNo;
    if (!parseTime(line.substr(0, tag), ev.timeUs)) {
        m_stats.reject(lineNo, "bad timestamp", line);
        return;
    }
    ev.client = *event::IpAddress::parse(t[0]);
    const auto name = internQueryName(t[1], m_names);
    if (!name) {
        m_stats.reject(lineNo, "bad domain_name", line);
        return;
    }
    ev.name = *name;
    const auto qtype = event::qtypeFromName(t[2]);
    if (!qtype) {
        m_stats.reject(lineNo, "bad record_type", line);
        return;
    }
    ev.qtype = *qtype;
    const Key key{ev.client, ev.name, ev.qtype, classHash(t[3])};
    expire(ev.timeUs, false, out);
    if (n == 4) {
        ++m_stats.linesValid;
        m_queue.push_back(Pending{ev, key, false});
        m_index.emplace(key, m_headSeq + m_queue.size() - 1);
        ++m_live;
        if (m_live > kMaxPending) expire(ev.timeUs, false, out);
        return;
    }
    const auto rcode = event::rcodeFromName(t[4]);
    if (!rcode) {
        m_stats.reject(lineNo, "bad status_code", line);
        return;
    }
    std::uint32_t size = 0;
    auto [ptr, ec] = std::from_chars(t[7].data(), t[7].data() + t[7].size(), size);
    if (ec != std::errc{} || ptr != t[7].data() + t[7].size() || !isDecimal(t[5]) ||
        (t[6] != "0" && t[6] != "1")) {
        m_stats.reject(lineNo, "bad reply fields", line);
        return;
    }
    ++m_stats.linesValid;
    auto range = m_index.equal_range(key);
    auto oldest = range.second;
    for (auto it = range.first; it != range.second; ++it)
        if (oldest == range.second || it->second < oldest->second) oldest = it;
    if (oldest != range.second) {
        Pending& p = m_queue[static_cast<std::size_t>(oldest->second - m_headSeq)];
        p.done = true;
        p.ev.rcode = *rcode;
        p.ev.responseBytes = size;
        emit(p.ev, out);
        m_index.erase(oldest);
        --m_live;
        return;
    }
    ev.rcode = *rcode;
    ev.responseBytes = size;
    emit(ev, out);
}

void UnboundParser::finish(std::vector<event::DnsEvent>& out) {
    expire(0, true, out);
}

}  // namespace dnshound::core::formats
