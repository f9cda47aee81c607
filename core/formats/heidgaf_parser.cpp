#include "core/formats/heidgaf_parser.h"

#include <charconv>
#include <stdexcept>

#include "core/event/dns_types.h"
#include "core/formats/event_source.h"
#include "core/formats/query_name.h"
#include "core/text/ascii_text.h"

namespace dnshound::core::formats {

namespace {

bool equalsNoCase(std::string_view a, std::string_view lowerB) {
    if (a.size() != lowerB.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        if (c != lowerB[i]) return false;
    }
    return true;
}

// "120b" / "120" → 120; nullopt when there are no leading digits.
std::optional<std::uint32_t> parseSize(std::string_view v) {
    std::uint32_t n = 0;
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc{}) return std::nullopt;
    return n;
}

const std::string kFieldCount = "field count";

// heiDGAF writes 0.0.0.0 (or ::) when a response carried no address.
bool isNoAnswer(const event::IpAddress& ip) {
    if (ip.isUnspecified()) return true;
    return ip.isV4() && ip.bytes[12] == 0 && ip.bytes[13] == 0 && ip.bytes[14] == 0 &&
           ip.bytes[15] == 0;
}

}  // namespace

HeidgafParser::HeidgafParser(const config::Config& config, event::NameTable& names,
                             std::uint32_t sourceId, ParseStats& stats)
    : m_names(names), m_sourceId(sourceId), m_stats(stats) {
    using config::FieldType;
    for (const config::LogField& lf : config.logline) {
        Field f;
        f.type = lf.type;
        f.reason = "bad " + lf.name;
        if (lf.name == config::kFieldTimestamp)
            f.role = Role::Timestamp;
        else if (lf.name == config::kFieldStatusCode)
            f.role = Role::Status;
        else if (lf.name == config::kFieldClientIp)
            f.role = Role::Client;
        else if (lf.name == config::kFieldServerIp)
            f.role = Role::Server;
        else if (lf.name == config::kFieldDomainName)
            f.role = Role::Domain;
        else if (lf.name == config::kFieldRecordType)
            f.role = Role::RecordType;
        else if (lf.name == config::kFieldResponseIp)
            f.role = Role::ResponseIp;
        else if (lf.name == config::kFieldSize)
            f.role = Role::Size;
        if (f.role == Role::Domain) m_hasDomain = true;
        switch (lf.type) {
            case FieldType::Timestamp:
                f.timestamp.emplace(lf.timestampFormat);
                break;
            case FieldType::RegEx:
                f.regex = std::make_unique<RegexMatcher>(lf.pattern);
                break;
            case FieldType::IpAddress:
                break;
            case FieldType::ListItem:
                if (f.role == Role::Status || f.role == Role::RecordType) {
                    f.allowedCodes = std::make_unique<std::bitset<65536>>();
                    for (const auto& v : lf.allowed) {
                        auto code = f.role == Role::Status ? event::rcodeFromName(v)
                                                           : event::qtypeFromName(v);
                        if (!code)
                            throw std::invalid_argument(lf.name + ": unknown value '" + v + "'");
                        f.allowedCodes->set(*code);
                    }
                } else {
                    for (const auto& v : lf.allowed) f.allowedLower.push_back(text::asciiLower(v));
                }
                break;
        }
        if (f.role == Role::Timestamp && lf.type != FieldType::Timestamp)
            throw std::invalid_argument("timestamp field must have type Timestamp");
        m_fields.push_back(std::move(f));
    }
    if (m_fields.empty()) throw std::invalid_argument("empty logline_format");
    m_tokens.resize(m_fields.size() + 1);
}

HeidgafParser::~HeidgafParser() = default;

const std::string* HeidgafParser::applyDomain(const Field& field, std::string_view value,
                                              event::DnsEvent& ev) {
    // Most names arrive already normalised and repeat: when this exact text passed the pattern
    // before, one name-table probe answers, instead of a regex-cache probe plus an intern.
    const event::NameId known = m_names.find(value);
    if (known != event::kNoName && known < m_patternPassed.size() && m_patternPassed[known]) {
        ev.name = known;
        return nullptr;
    }
    if (!field.regex->matches(value)) return &field.reason;
    const auto id = internQueryName(value, m_names);
    if (!id) return &field.reason;
    if (m_names.name(*id) == value) {
        if (*id >= m_patternPassed.size()) m_patternPassed.resize(*id + *id / 2 + 1024, 0);
        m_patternPassed[*id] = 1;
    }
    ev.name = *id;
    return nullptr;
}

const std::string* HeidgafParser::applyField(const Field& field, std::string_view value,
                                             event::DnsEvent& ev) {
    using config::FieldType;
    if (field.role == Role::Domain && field.type == FieldType::RegEx)
        return applyDomain(field, value, ev);
    switch (field.type) {
        case FieldType::Timestamp: {
            auto t = field.timestamp->parse(value);
            if (!t) return &field.reason;
            if (field.role == Role::Timestamp) ev.timeUs = *t;
            return nullptr;
        }
        case FieldType::IpAddress: {
            auto ip = event::IpAddress::parse(value);
            if (!ip) return &field.reason;
            if (field.role == Role::Client)
                ev.client = *ip;
            else if (field.role == Role::Server)
                ev.server = *ip;
            else if (field.role == Role::ResponseIp && !isNoAnswer(*ip))
                ev.answer = *ip;
            return nullptr;
        }
        case FieldType::ListItem: {
            if (field.allowedCodes) {
                auto code = field.role == Role::Status ? event::rcodeFromName(value)
                                                       : event::qtypeFromName(value);
                if (!code || !field.allowedCodes->test(*code)) return &field.reason;
                if (field.role == Role::Status)
                    ev.rcode = *code;
                else
                    ev.qtype = *code;
                return nullptr;
            }
            bool found = false;
            for (const auto& a : field.allowedLower) {
                if (equalsNoCase(value, a)) {
                    found = true;
                    break;
                }
            }
            if (!found) return &field.reason;
            break;
        }
        case FieldType::RegEx:
            if (!field.regex->matches(value)) return &field.reason;
            break;
    }
    // ListItem / RegEx fields with a meaning beyond validation.
    switch (field.role) {
        case Role::Domain: {
            auto id = internQueryName(value, m_names);
            if (!id) return &field.reason;
            ev.name = *id;
            break;
        }
        case Role::Size:
            if (auto n = parseSize(value)) ev.responseBytes = *n;
            break;
        case Role::Status:
            if (auto code = event::rcodeFromName(value))
                ev.rcode = *code;
            else
                return &field.reason;
            break;
        case Role::RecordType:
            if (auto code = event::qtypeFromName(value))
                ev.qtype = *code;
            else
                return &field.reason;
            break;
        default:
            break;
    }
    return nullptr;
}

void HeidgafParser::parseLine(std::string_view line, std::uint64_t lineNo,
                              std::vector<event::DnsEvent>& out) {
    std::size_t count = 0;
    std::size_t pos = 0;
    const std::size_t n = line.size();
    while (pos < n) {
        while (pos < n && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
        if (pos >= n) break;
        std::size_t end = pos;
        while (end < n && line[end] != ' ' && line[end] != '\t') ++end;
        if (count == m_tokens.size()) {
            ++count;  // one too many is enough to know
            break;
        }
        m_tokens[count++] = line.substr(pos, end - pos);
        pos = end;
    }
    if (count == 0) {
        ++m_stats.linesSkipped;  // blank line
        return;
    }
    if (count != m_fields.size()) {
        m_stats.reject(lineNo, kFieldCount, line);
        return;
    }
    event::DnsEvent ev;
    ev.sourceId = m_sourceId;
    ev.sourceLine = lineNo;
    for (std::size_t i = 0; i < count; ++i) {
        if (const std::string* reason = applyField(m_fields[i], m_tokens[i], ev)) {
            m_stats.reject(lineNo, *reason, line);
            return;
        }
    }
    ++m_stats.linesValid;
    ++m_stats.events;
    out.push_back(ev);
}

}  // namespace dnshound::core::formats
