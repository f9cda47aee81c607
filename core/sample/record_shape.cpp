#include "core/sample/record_shape.h"

#include <array>
#include <charconv>

namespace dnshound::core::sample {

namespace {

constexpr std::array<std::string_view, 16> kPublicV4Prefixes{
    "142.250.", "151.101.", "104.16.", "13.107.", "52.84.", "23.54.", "34.120.", "185.199.",
    "140.82.",  "157.240.", "31.13.",  "17.253.", "99.86.", "18.66.", "20.190.", "199.232."};
constexpr std::array<std::string_view, 8> kPublicV6Prefixes{
    "2a00:1450:4001:82a::",  "2606:4700:3033::",
    "2620:1ec:c11::",        "2a03:2880:f12f:83:face:b00c:0:",
    "2600:9000:2156:ae00::", "2001:4998:24:120d::",
    "2606:50c0:8000::",      "2a04:4e42:600::"};

bool endsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The last two labels: close enough to a registered domain for picking a provider.
std::string_view lastTwoLabels(std::string_view name) {
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    const auto last = name.rfind('.');
    if (last == std::string_view::npos || last == 0) return name;
    const auto before = name.rfind('.', last - 1);
    return before == std::string_view::npos ? name : name.substr(before + 1);
}

void appendNumber(std::string& out, std::uint64_t v) {
    char buf[24];
    out.append(buf, std::to_chars(buf, buf + sizeof(buf), v).ptr);
}

void appendHex(std::string& out, std::uint64_t v) {
    char buf[24];
    out.append(buf, std::to_chars(buf, buf + sizeof(buf), v, 16).ptr);
}

// "d.c.b.a.in-addr.arpa" back to "a.b.c.d" (as text), or empty when it is not one.
std::string reversePtr(std::string_view name) {
    constexpr std::string_view kSuffix = ".in-addr.arpa";
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    if (!endsWith(name, kSuffix)) return {};
    name.remove_suffix(kSuffix.size());
    std::string out;
    while (!name.empty()) {
        const auto dot = name.rfind('.');
        const std::string_view octet = dot == std::string_view::npos ? name : name.substr(dot + 1);
        if (!out.empty()) out.push_back('.');
        out.append(octet);
        name = dot == std::string_view::npos ? std::string_view() : name.substr(0, dot);
    }
    return out;
}

}  // namespace

std::string_view recordTypeName(RecordType type) {
    switch (type) {
        case RecordType::A:
            return "A";
        case RecordType::AAAA:
            return "AAAA";
        case RecordType::HTTPS:
            return "HTTPS";
        case RecordType::TXT:
            return "TXT";
        case RecordType::MX:
            return "MX";
        case RecordType::PTR:
            return "PTR";
        case RecordType::SRV:
            return "SRV";
    }
    return "A";
}

std::string_view rcodeText(Rcode rcode) {
    switch (rcode) {
        case Rcode::NoError:
            return "NOERROR";
        case Rcode::NxDomain:
            return "NXDOMAIN";
        case Rcode::ServFail:
            return "SERVFAIL";
    }
    return "NOERROR";
}

std::uint64_t nameHash(std::string_view name) {
    std::uint64_t h = 0xCBF29CE484222325ull;
    for (char c : name) {
        const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        if (lower == '.' && &c == &name.back()) break;
        h = (h ^ static_cast<unsigned char>(lower)) * 0x100000001B3ull;
    }
    return h;
}

std::string plausibleAnswer(std::string_view name, RecordType type, Rcode rcode) {
    if (rcode != Rcode::NoError) return "0.0.0.0";
    if (type == RecordType::PTR) {
        std::string address = reversePtr(name);
        if (!address.empty()) return address;
    }
    const std::uint64_t h = nameHash(name);
    std::string trimmed(name);
    if (!trimmed.empty() && trimmed.back() == '.') trimmed.pop_back();
    const bool local = endsWith(trimmed, ".corp.example") || endsWith(trimmed, ".in-addr.arpa");
    std::string out;
    if (type == RecordType::AAAA) {
        if (local) {
            out = "fd00:10::";
        } else {
            out = kPublicV6Prefixes[nameHash(lastTwoLabels(trimmed)) % kPublicV6Prefixes.size()];
        }
        appendHex(out, (h >> 8) % 0xFFFF + 1);
        return out;
    }
    if (local) {
        out = "10.0.0.";
        appendNumber(out, 10 + (h >> 8) % 40);
        return out;
    }
    out = kPublicV4Prefixes[nameHash(lastTwoLabels(trimmed)) % kPublicV4Prefixes.size()];
    appendNumber(out, (h >> 8) % 256);
    out.push_back('.');
    appendNumber(out, 1 + (h >> 16) % 254);
    return out;
}

std::uint32_t plausibleSize(std::string_view name, RecordType type, Rcode rcode, double jitter) {
    const auto question = static_cast<std::uint32_t>(name.size() + 2 + 4);
    const std::uint32_t base = 12 + question + 11;  // header, question, EDNS OPT record
    const auto pick = [jitter](std::uint32_t lo, std::uint32_t hi) {
        return lo + static_cast<std::uint32_t>(jitter * static_cast<double>(hi - lo + 1));
    };
    if (rcode == Rcode::ServFail) return base;
    if (rcode == Rcode::NxDomain) return base + pick(50, 90);  // SOA in the authority section
    switch (type) {
        case RecordType::A:
            return base + 16 * pick(1, 4);
        case RecordType::AAAA:
            return base + 28 * pick(1, 3);
        case RecordType::HTTPS:
            return base + pick(40, 160);
        case RecordType::TXT:
            return base + pick(60, 480);
        case RecordType::MX:
            return base + pick(30, 130);
        case RecordType::PTR:
            return base + pick(30, 70);
        case RecordType::SRV:
            return base + pick(40, 220);
    }
    return base;
}

void randomiseCase(char* name, std::size_t length, std::uint64_t bits) {
    for (std::size_t i = 0; i < length; ++i) {
        if (name[i] >= 'a' && name[i] <= 'z' && ((bits >> (i % 64)) & 1u))
            name[i] = static_cast<char>(name[i] - 'a' + 'A');
    }
}

}  // namespace dnshound::core::sample
