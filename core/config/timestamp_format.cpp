#include "core/config/timestamp_format.h"

#include <stdexcept>

namespace dnshound::core::config {

namespace {

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

// Reads between minDigits and maxDigits digits at text[pos]; advances pos.
bool readNumber(std::string_view text, std::size_t& pos, int minDigits, int maxDigits, int& out) {
    int value = 0;
    int n = 0;
    while (n < maxDigits && pos < text.size() && isDigit(text[pos])) {
        value = value * 10 + (text[pos] - '0');
        ++pos;
        ++n;
    }
    if (n < minDigits) return false;
    out = value;
    return true;
}

// Fraction digits (1-9, more are read and ignored) as microseconds.
bool readFraction(std::string_view text, std::size_t& pos, std::int64_t& micros) {
    std::int64_t value = 0;
    int n = 0;
    while (pos < text.size() && isDigit(text[pos])) {
        if (n < 6) value = value * 10 + (text[pos] - '0');
        ++pos;
        ++n;
    }
    if (n == 0 || n > 9) return false;
    for (int i = n; i < 6; ++i) value *= 10;
    micros = value;
    return true;
}

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

constexpr std::string_view kMonths[] = {"january",   "february", "march",    "april",
                                        "may",       "june",     "july",     "august",
                                        "september", "october",  "november", "december"};

bool startsWithNoCase(std::string_view text, std::size_t pos, std::string_view lowerWord) {
    if (text.size() - pos < lowerWord.size()) return false;
    for (std::size_t i = 0; i < lowerWord.size(); ++i)
        if (lower(text[pos + i]) != lowerWord[i]) return false;
    return true;
}

// The full English month name or its three-letter abbreviation, any case.
bool readMonthName(std::string_view text, std::size_t& pos, int& month) {
    for (int m = 0; m < 12; ++m) {
        const std::string_view full = kMonths[m];
        const std::size_t n = startsWithNoCase(text, pos, full)                ? full.size()
                              : startsWithNoCase(text, pos, full.substr(0, 3)) ? 3
                                                                               : 0;
        if (n == 0) continue;
        pos += n;
        month = m + 1;
        return true;
    }
    return false;
}

bool isLeap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int daysInMonth(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return (m == 2 && isLeap(y)) ? 29 : kDays[m - 1];
}

}  // namespace

std::int64_t daysFromCivil(int year, unsigned month, unsigned day) {
    // Howard Hinnant's days_from_civil.
    const int y = year - (month <= 2 ? 1 : 0);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

TimestampFormat::TimestampFormat(std::string_view format) : m_format(format) {
    if (format.empty()) throw std::invalid_argument("empty timestamp format");
    for (std::size_t i = 0; i < format.size(); ++i) {
        const char c = format[i];
        if (c == ' ') {
            if (m_steps.empty() || m_steps.back().kind != Kind::Space)
                m_steps.push_back({Kind::Space, ' '});
            continue;
        }
        if (c != '%') {
            m_steps.push_back({Kind::Literal, c});
            continue;
        }
        if (++i >= format.size()) throw std::invalid_argument("timestamp format ends with '%'");
        switch (format[i]) {
            case 'Y':
                m_steps.push_back({Kind::Year, 0});
                break;
            case 'm':
                m_steps.push_back({Kind::Month, 0});
                break;
            case 'd':
            case 'e':
                m_steps.push_back({Kind::Day, 0});
                break;
            case 'H':
                m_steps.push_back({Kind::Hour, 0});
                break;
            case 'M':
                m_steps.push_back({Kind::Minute, 0});
                break;
            case 'S':
                m_steps.push_back({Kind::Second, 0});
                break;
            case 'f':
                m_steps.push_back({Kind::Fraction, 0});
                break;
            case 'z':
                m_steps.push_back({Kind::Zone, 0});
                break;
            case 'b':
            case 'B':
            case 'h':
                m_steps.push_back({Kind::MonthName, 0});
                break;
            case 's':
                m_steps.push_back({Kind::Epoch, 0});
                break;
            case 'T':
                m_steps.insert(m_steps.end(), {{Kind::Hour, 0},
                                               {Kind::Literal, ':'},
                                               {Kind::Minute, 0},
                                               {Kind::Literal, ':'},
                                               {Kind::Second, 0}});
                break;
            case 'F':
                m_steps.insert(m_steps.end(), {{Kind::Year, 0},
                                               {Kind::Literal, '-'},
                                               {Kind::Month, 0},
                                               {Kind::Literal, '-'},
                                               {Kind::Day, 0}});
                break;
            case '%':
                m_steps.push_back({Kind::Literal, '%'});
                break;
            default:
                throw std::invalid_argument(std::string("unsupported timestamp directive '%") +
                                            format[i] + "'");
        }
    }
}

std::optional<std::int64_t> TimestampFormat::parse(std::string_view text, int defaultYear) const {
    int year = defaultYear, month = 1, day = 1, hour = 0, minute = 0, second = 0;
    std::int64_t micros = 0;
    std::int64_t zoneSecs = 0;
    std::optional<std::int64_t> epochUs;
    std::size_t pos = 0;
    for (const Step& step : m_steps) {
        switch (step.kind) {
            case Kind::Literal:
                if (pos >= text.size() || text[pos] != step.literal) return std::nullopt;
                ++pos;
                break;
            case Kind::Space:
                if (pos >= text.size() || text[pos] != ' ') return std::nullopt;
                while (pos < text.size() && text[pos] == ' ') ++pos;
                break;
            case Kind::Year:
                if (!readNumber(text, pos, 4, 4, year)) return std::nullopt;
                break;
            case Kind::Month:
                if (!readNumber(text, pos, 1, 2, month) || month < 1 || month > 12)
                    return std::nullopt;
                break;
            case Kind::Day:
                if (pos < text.size() && text[pos] == ' ') ++pos;  // "%e" style " 7"
                if (!readNumber(text, pos, 1, 2, day) || day < 1 || day > 31) return std::nullopt;
                break;
            case Kind::Hour:
                if (!readNumber(text, pos, 1, 2, hour) || hour > 23) return std::nullopt;
                break;
            case Kind::Minute:
                if (!readNumber(text, pos, 1, 2, minute) || minute > 59) return std::nullopt;
                break;
            case Kind::Second:
                if (!readNumber(text, pos, 1, 2, second) || second > 60) return std::nullopt;
                break;
            case Kind::Fraction:
                if (!readFraction(text, pos, micros)) return std::nullopt;
                break;
            case Kind::MonthName:
                if (!readMonthName(text, pos, month)) return std::nullopt;
                break;
            case Kind::Zone: {
                if (pos >= text.size()) return std::nullopt;
                if (text[pos] == 'Z' || text[pos] == 'z') {
                    ++pos;
                    zoneSecs = 0;
                    break;
                }
                const char sign = text[pos];
                if (sign != '+' && sign != '-') return std::nullopt;
                ++pos;
                int hh = 0, mm = 0;
                if (!readNumber(text, pos, 2, 2, hh) || hh > 23) return std::nullopt;
                if (pos < text.size() && text[pos] == ':') ++pos;
                if (pos < text.size() && isDigit(text[pos])) {
                    if (!readNumber(text, pos, 2, 2, mm) || mm > 59) return std::nullopt;
                }
                zoneSecs = (hh * 3600 + mm * 60) * (sign == '-' ? -1 : 1);
                break;
            }
            case Kind::Epoch: {
                std::int64_t secs = 0;
                int n = 0;
                while (pos < text.size() && isDigit(text[pos])) {
                    if (++n > 12) return std::nullopt;  // beyond year 33658: not a log time
                    secs = secs * 10 + (text[pos] - '0');
                    ++pos;
                }
                if (n == 0) return std::nullopt;
                std::int64_t frac = 0;
                if (pos < text.size() && text[pos] == '.') {
                    ++pos;
                    if (!readFraction(text, pos, frac)) return std::nullopt;
                }
                epochUs = secs * 1'000'000 + frac;
                break;
            }
        }
    }
    if (pos != text.size()) return std::nullopt;
    if (epochUs) return *epochUs + micros - zoneSecs * 1'000'000;
    if (day > daysInMonth(year, month)) return std::nullopt;
    const std::int64_t days =
        daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    const std::int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - zoneSecs;
    return secs * 1'000'000 + micros;
}

}  // namespace dnshound::core::config
