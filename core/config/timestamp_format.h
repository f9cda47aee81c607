#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dnshound::core::config {

// A strptime-like timestamp format, compiled once and applied to millions of fields: no locale,
// no allocation per parse. Directives: %Y (4 digits) %m %d %H %M %S (1-2 digits), %f (fraction,
// 1-9 digits), %z (Z, +hh, +hhmm, +hh:mm), %b (English month abbreviation or full name), %s (epoch
// seconds, optionally with a fraction), %T (= %H:%M:%S), %F (= %Y-%m-%d), %% and literal
// characters; a space matches one or more spaces. Fields are range-checked (month 1-12, day
// within the month, ...). Results are microseconds since the Unix epoch, UTC.
class TimestampFormat final {
public:
    // Throws std::invalid_argument naming the offending directive.
    explicit TimestampFormat(std::string_view format);

    // Returns nullopt when `text` does not match the whole format. Formats without %Y use
    // `defaultYear` (syslog-style "Nov 27 10:00:00").
    std::optional<std::int64_t> parse(std::string_view text, int defaultYear = 1970) const;

    const std::string& format() const { return m_format; }

private:
    enum class Kind : std::uint8_t {
        Literal,
        Space,
        Year,
        Month,
        Day,
        Hour,
        Minute,
        Second,
        Fraction,
        Zone,
        MonthName,
        Epoch
    };
    struct Step {
        Kind kind;
        char literal;
    };

    std::string m_format;
    std::vector<Step> m_steps;
};

// Days since 1970-01-01 of a proleptic Gregorian date (no validation).
std::int64_t daysFromCivil(int year, unsigned month, unsigned day);

}  // namespace dnshound::core::config
