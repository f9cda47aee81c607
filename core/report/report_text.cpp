#include "core/report/report_text.h"

#include <cstdio>
#include <ctime>
#include <exception>
#include <string>

namespace dnshound::core::report {

namespace {
std::tm utcParts(std::int64_t timeUs) {
    const std::time_t secs = static_cast<std::time_t>(timeUs / 1'000'000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    return tm;
}
}  // namespace

std::string utcText(std::int64_t timeUs) {
    if (timeUs == 0) return "-";
    const std::tm tm = utcParts(timeUs);
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d %02d:%02d:%02d UTC", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

std::string isoTime(std::int64_t timeUs) {
    const std::tm tm = utcParts(timeUs);
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>((timeUs % 1'000'000) / 1000));
    return buf;
}

std::string durationText(std::int64_t us) {
    const std::int64_t s = us / 1'000'000;
    char buf[64];
    if (s < 60)
        std::snprintf(buf, sizeof(buf), "%lld s", static_cast<long long>(s));
    else if (s < 3600 && s % 60 == 0)
        std::snprintf(buf, sizeof(buf), "%lld min", static_cast<long long>(s / 60));
    else if (s < 3600)
        std::snprintf(buf, sizeof(buf), "%lld min %lld s", static_cast<long long>(s / 60),
                      static_cast<long long>(s % 60));
    else if (s < 86400)
        std::snprintf(buf, sizeof(buf), "%lld h %lld min", static_cast<long long>(s / 3600),
                      static_cast<long long>(s % 3600 / 60));
    else
        std::snprintf(buf, sizeof(buf), "%lld d %lld h", static_cast<long long>(s / 86400),
                      static_cast<long long>(s % 86400 / 3600));
    return buf;
}

std::string countText(std::int64_t value) {
    std::string digits = std::to_string(value < 0 ? -value : value);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return value < 0 ? "-" + out : out;
}

std::string percentText(std::int64_t part, std::int64_t whole) {
    if (whole == 0) return "-";
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.1f %%",
                  100.0 * static_cast<double>(part) / static_cast<double>(whole));
    return buf;
}

std::string scoreText(double score) {
    if (score < 0) return "not scored";
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.3f", score);
    return buf;
}

}  // namespace dnshound::core::report

namespace dnshound::core::report {

std::optional<std::int64_t> parseUtc(std::string_view text) {
    const std::string s(text);
    if (!s.empty() && s.size() <= 12 && s.find_first_not_of("0123456789") == std::string::npos) {
        try {
            return std::stoll(s) * 1'000'000;
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }
    // Fixed positions: YYYY-MM-DD[(T| )HH:MM[:SS]][Z]
    const auto digits = [&](std::size_t at, std::size_t count, int& out) {
        if (at + count > s.size()) return false;
        out = 0;
        for (std::size_t i = at; i < at + count; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            out = out * 10 + (s[i] - '0');
        }
        return true;
    };
    std::tm tm{};
    if (!digits(0, 4, tm.tm_year) || s.size() < 10 || s[4] != '-' || !digits(5, 2, tm.tm_mon) ||
        s[7] != '-' || !digits(8, 2, tm.tm_mday))
        return std::nullopt;
    std::size_t at = 10;
    if (at < s.size() && (s[at] == 'T' || s[at] == ' ')) {
        if (!digits(at + 1, 2, tm.tm_hour) || at + 3 >= s.size() || s[at + 3] != ':' ||
            !digits(at + 4, 2, tm.tm_min))
            return std::nullopt;
        at += 6;
        if (at < s.size() && s[at] == ':') {
            if (!digits(at + 1, 2, tm.tm_sec)) return std::nullopt;
            at += 3;
        }
    }
    if (at < s.size() && (s[at] == 'Z' || s[at] == 'z')) ++at;
    if (at != s.size()) return std::nullopt;
    if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
        tm.tm_min > 59 || tm.tm_sec > 60)
        return std::nullopt;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return static_cast<std::int64_t>(timegm(&tm)) * 1'000'000;
}

}  // namespace dnshound::core::report
