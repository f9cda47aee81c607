#pragma once

#include <bitset>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/config/config.h"
#include "core/config/timestamp_format.h"
#include "core/event/name_table.h"
#include "core/formats/line_parser.h"
#include "core/formats/regex_matcher.h"

namespace dnshound::core::formats {

struct ParseStats;

// heiDGAF-style lines: space-separated fields in the order and with the types of
// Config::logline. Every field is validated by its type; fields with a canonical name
// (config.h) fill the event. Rejections name the field: "bad client_ip", "field count", ...
class HeidgafParser final : public LineParser {
public:
    // Throws std::invalid_argument for a configuration that cannot drive a parser.
    HeidgafParser(const config::Config& config, event::NameTable& names, std::uint32_t sourceId,
                  ParseStats& stats);
    ~HeidgafParser() override;

    void parseLine(std::string_view line, std::uint64_t lineNo,
                   std::vector<event::DnsEvent>& out) override;

private:
    enum class Role : std::uint8_t {
        Other,
        Timestamp,
        Status,
        Client,
        Server,
        Domain,
        RecordType,
        ResponseIp,
        Size
    };
    struct Field {
        config::FieldType type;
        Role role = Role::Other;
        std::string reason;  // "bad <name>"
        std::optional<config::TimestampFormat> timestamp;
        std::unique_ptr<RegexMatcher> regex;
        std::vector<std::string> allowedLower;             // ListItem, other names
        std::unique_ptr<std::bitset<65536>> allowedCodes;  // ListItem for rcode / qtype
    };

    // Returns the rejection reason, or nullptr when the field is valid (and applied).
    const std::string* applyField(const Field& field, std::string_view value, event::DnsEvent& ev);
    const std::string* applyDomain(const Field& field, std::string_view value, event::DnsEvent& ev);

    std::vector<Field> m_fields;
    std::vector<std::string_view> m_tokens;
    event::NameTable& m_names;
    // By name id: the name's own normalised text passed the domain pattern (see applyDomain).
    std::vector<std::uint8_t> m_patternPassed;
    std::uint32_t m_sourceId;
    ParseStats& m_stats;
    bool m_hasDomain = false;
};

}  // namespace dnshound::core::formats
