#pragma once

// Independent checks of generated log lines, shared by the sample tests. They use std::chrono
// and the event layer's address parser, not the generator's own helpers.

#include <cctype>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event/ip_address.h"

namespace sample_check {

struct ParsedLine {
    std::int64_t ms = 0;
    std::string status, client, server, name, type, answer;
    std::uint32_t size = 0;
};

inline std::vector<std::string_view> splitSpaces(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start <= line.size()) {
        const auto space = line.find(' ', start);
        const auto end = space == std::string_view::npos ? line.size() : space;
        out.push_back(line.substr(start, end - start));
        if (space == std::string_view::npos) break;
        start = space + 1;
    }
    return out;
}

inline bool digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

inline int number(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

// Strict "YYYY-MM-DDTHH:MM:SS.mmmZ" to ms since the epoch.
inline std::optional<std::int64_t> parseTimestamp(std::string_view t) {
    if (t.size() != 24 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' ||
        t[16] != ':' || t[19] != '.' || t[23] != 'Z')
        return std::nullopt;
    for (auto [pos, len] : {std::pair{0, 4}, {5, 2}, {8, 2}, {11, 2}, {14, 2}, {17, 2}, {20, 3}})
        if (!digits(t.substr(pos, len))) return std::nullopt;
    using namespace std::chrono;
    const year_month_day ymd{year(number(t.substr(0, 4))), month(number(t.substr(5, 2))),
                             day(number(t.substr(8, 2)))};
    if (!ymd.ok()) return std::nullopt;
    const int h = number(t.substr(11, 2)), m = number(t.substr(14, 2)), s = number(t.substr(17, 2));
    if (h > 23 || m > 59 || s > 59) return std::nullopt;
    const auto day0 = sys_days(ymd).time_since_epoch();
    return duration_cast<milliseconds>(day0).count() + ((h * 60LL + m) * 60 + s) * 1000 +
           number(t.substr(20, 3));
}

// Labels of 1-63 characters of [A-Za-z0-9_-], at most 253 characters, optional trailing dot.
inline bool validQueryName(std::string_view name) {
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    if (name.empty() || name.size() > 253) return false;
    std::size_t label = 0;
    for (char c : name) {
        if (c == '.') {
            if (label == 0) return false;
            label = 0;
            continue;
        }
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
        if (++label > 63) return false;
    }
    return label > 0;
}

// A DGA output name: lower case, labels 1-63 of [a-z0-9-], no trailing dot, at least two labels.
inline bool validGeneratedName(std::string_view name) {
    if (name.empty() || name.size() > 253 || name.find('.') == std::string_view::npos) return false;
    std::size_t label = 0;
    for (char c : name) {
        if (c == '.') {
            if (label == 0) return false;
            label = 0;
            continue;
        }
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
        if (++label > 63) return false;
    }
    return label > 0;
}

inline std::string normalise(std::string_view name) {
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    std::string out(name);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Parses and validates one line; on failure returns nullopt and says why.
inline std::optional<ParsedLine> parseLine(std::string_view line, std::string& why) {
    const auto f = splitSpaces(line);
    if (f.size() != 8) {
        why = "expected 8 fields, got " + std::to_string(f.size());
        return std::nullopt;
    }
    ParsedLine p;
    const auto ms = parseTimestamp(f[0]);
    if (!ms) {
        why = "bad timestamp";
        return std::nullopt;
    }
    p.ms = *ms;
    p.status = std::string(f[1]);
    p.client = std::string(f[2]);
    p.server = std::string(f[3]);
    p.name = std::string(f[4]);
    p.type = std::string(f[5]);
    p.answer = std::string(f[6]);
    if (p.status != "NOERROR" && p.status != "NXDOMAIN" && p.status != "SERVFAIL") why = "status";
    using dnshound::core::event::IpAddress;
    const auto client = IpAddress::parse(p.client);
    const auto server = IpAddress::parse(p.server);
    const auto answer = IpAddress::parse(p.answer);
    if (!client || client->isUnspecified()) why = "client ip";
    if (!server || server->isUnspecified()) why = "server ip";
    if (!answer) why = "answer ip";
    if (!validQueryName(p.name)) why = "name";
    static const std::vector<std::string> kTypes{"A", "AAAA", "HTTPS", "TXT", "MX", "PTR", "SRV"};
    bool knownType = false;
    for (const auto& t : kTypes) knownType = knownType || t == p.type;
    if (!knownType) why = "record type";
    const std::string_view size = f[7];
    if (size.size() < 2 || size.back() != 'b' || !digits(size.substr(0, size.size() - 1)))
        why = "size";
    else
        p.size = static_cast<std::uint32_t>(number(size.substr(0, size.size() - 1)));
    if (answer && p.status != "NOERROR" && p.answer != "0.0.0.0")
        why = "negative answer not 0.0.0.0";
    if (answer && p.status == "NOERROR" && p.type == "AAAA" && answer->isV4())
        why = "AAAA answer v4";
    if (answer && p.status == "NOERROR" && p.type == "A" && !answer->isV4()) why = "A answer v6";
    if (!why.empty()) return std::nullopt;
    return p;
}

}  // namespace sample_check
