#include "core/config/allowlist.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/config/config.h"
#include "core/config/timestamp_format.h"

namespace dnshound::core::config {

namespace {

constexpr std::int64_t kDayUs = 86'400'000'000LL;

bool samePrefix(const event::IpAddress& a, const event::IpAddress& b, int bits) {
    int i = 0;
    for (; bits >= 8; bits -= 8, ++i)
        if (a.bytes[static_cast<std::size_t>(i)] != b.bytes[static_cast<std::size_t>(i)])
            return false;
    if (bits == 0) return true;
    const auto mask = static_cast<std::uint8_t>(0xff << (8 - bits));
    return (a.bytes[static_cast<std::size_t>(i)] & mask) ==
           (b.bytes[static_cast<std::size_t>(i)] & mask);
}

// "10.0.0.0/24", "2001:db8::/32" or a plain address; the prefix in the IPv4-mapped space.
bool parseNetwork(std::string_view text, event::IpAddress& address, int& prefixLength) {
    const std::size_t slash = text.find('/');
    const auto ip = event::IpAddress::parse(text.substr(0, slash));
    if (!ip) return false;
    address = *ip;
    const int maxBits = ip->isV4() ? 32 : 128;
    int bits = maxBits;
    if (slash != std::string_view::npos) {
        const std::string_view digits = text.substr(slash + 1);
        const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
        if (ec != std::errc() || ptr != digits.data() + digits.size() || bits < 0 || bits > maxBits)
            return false;
    }
    prefixLength = ip->isV4() ? 96 + bits : bits;
    return true;
}

std::string normaliseDomain(std::string_view raw) {
    std::string s = text::asciiLower(raw);
    while (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

bool validDomain(std::string_view s) {
    if (s.empty() || s.size() > 253) return false;
    std::size_t label = 0;
    for (const char c : s) {
        if (c == '.') {
            if (label == 0) return false;
            label = 0;
            continue;
        }
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok || ++label > 63) return false;
    }
    return label > 0;
}

}  // namespace

std::string_view allowKindName(AllowKind kind) {
    switch (kind) {
        case AllowKind::Domain:
            return "domain";
        case AllowKind::Suffix:
            return "suffix";
        case AllowKind::Client:
            return "client";
    }
    return "domain";
}

std::optional<AllowKind> allowKindFromName(std::string_view name) {
    if (name == "domain") return AllowKind::Domain;
    if (name == "suffix") return AllowKind::Suffix;
    if (name == "client") return AllowKind::Client;
    return std::nullopt;
}

std::string allowTimeText(std::int64_t us) {
    std::int64_t secs = us / 1'000'000;
    std::int64_t days = secs / 86'400;
    std::int64_t rem = secs % 86'400;
    if (rem < 0) {
        rem += 86'400;
        --days;
    }
    // civil_from_days (H. Hinnant)
    days += 719'468;
    const std::int64_t era = (days >= 0 ? days : days - 146'096) / 146'097;
    const std::int64_t doe = days - era * 146'097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    char buf[96];
    std::snprintf(buf, sizeof(buf), "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ",
                  static_cast<long long>(y), static_cast<long long>(m), static_cast<long long>(d),
                  static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                  static_cast<long long>(rem % 60));
    return buf;
}

std::optional<std::int64_t> parseAllowTime(std::string_view text, bool dateMeansEndOfDay) {
    static const TimestampFormat date("%Y-%m-%d");
    static const TimestampFormat full("%Y-%m-%dT%H:%M:%S%z");
    static const TimestampFormat fraction("%Y-%m-%dT%H:%M:%S.%f%z");
    if (auto d = date.parse(text)) return dateMeansEndOfDay ? *d + kDayUs : *d;
    if (auto t = full.parse(text)) return t;
    return fraction.parse(text);
}

AllowEntry normaliseAllowEntry(AllowEntry e, const std::string& where) {
    auto fail = [&](const std::string& message) { throw ConfigError(where + ": " + message); };
    if (e.kind == AllowKind::Client) {
        std::string v = text::asciiLower(e.value);
        v.erase(std::remove(v.begin(), v.end(), ' '), v.end());
        event::IpAddress address;
        int prefix = 0;
        if (!parseNetwork(v, address, prefix))
            fail("client '" + e.value + "' is not an IP address or CIDR network");
        e.value = std::move(v);
    } else {
        std::string v = normaliseDomain(e.value);
        if (e.kind == AllowKind::Suffix) {
            // "*.example.com" and ".example.com" mean the suffix example.com.
            if (v.rfind("*.", 0) == 0) v.erase(0, 2);
            while (!v.empty() && v.front() == '.') v.erase(0, 1);
        }
        if (!validDomain(v))
            fail(std::string(allowKindName(e.kind)) + " '" + e.value + "' is not a domain name");
        e.value = std::move(v);
    }
    const auto blank = e.reason.find_first_not_of(" \t\r\n");
    if (blank == std::string::npos) fail("a reason is required");
    return e;
}

std::string allowEntryYaml(const AllowEntry& e) {
    auto quoted = [](const std::string& s) {
        std::string out = "\"";
        for (const char c : s) {
            if (c == '"' || c == '\\') out.push_back('\\');
            if (c == '\n' || c == '\r' || c == '\t') {
                out += c == '\n' ? "\\n" : (c == '\r' ? "\\r" : "\\t");
                continue;
            }
            out.push_back(c);
        }
        return out + "\"";
    };
    std::string out = "- " + std::string(allowKindName(e.kind)) + ": " + quoted(e.value) + "\n";
    out += "  reason: " + quoted(e.reason) + "\n";
    if (e.expiresUs != 0) out += "  expires: " + allowTimeText(e.expiresUs) + "\n";
    if (e.addedUs != 0) out += "  added: " + allowTimeText(e.addedUs) + "\n";
    return out;
}

Allowlist::Allowlist(std::vector<AllowEntry> entries, std::int64_t nowUs, std::string origin)
    : m_entries(std::move(entries)), m_origin(std::move(origin)) {
    for (const AllowEntry& e : m_entries) {
        if (e.expiresUs != 0 && e.expiresUs <= nowUs) {
            ++m_expired;
            continue;
        }
        switch (e.kind) {
            case AllowKind::Domain:
                m_domains.insert(e.value);
                break;
            case AllowKind::Suffix:
                m_suffixes.insert(e.value);
                break;
            case AllowKind::Client: {
                Network n;
                if (parseNetwork(e.value, n.address, n.prefixLength)) m_networks.push_back(n);
                break;
            }
        }
    }
}

bool Allowlist::matchesName(std::string_view name) const {
    if (m_domains.find(name) != m_domains.end()) return true;
    if (m_suffixes.empty()) return false;
    // The name itself, then every parent at a label boundary.
    for (std::string_view rest = name; !rest.empty();) {
        if (m_suffixes.find(rest) != m_suffixes.end()) return true;
        const std::size_t dot = rest.find('.');
        if (dot == std::string_view::npos) break;
        rest.remove_prefix(dot + 1);
    }
    return false;
}

bool Allowlist::matchesClient(const event::IpAddress& client) const {
    return std::any_of(m_networks.begin(), m_networks.end(), [&](const Network& n) {
        return samePrefix(n.address, client, n.prefixLength);
    });
}

Allowlist loadAllowlistText(std::string_view yaml, std::string_view originView,
                            std::int64_t nowUs) {
    const std::string origin(originView);
    auto lineOf = [](const YAML::Node& n) { return n.Mark().is_null() ? 0 : n.Mark().line + 1; };
    auto fail = [&](const YAML::Node& at, const std::string& message) -> void {
        throw ConfigError(origin + ":" + std::to_string(lineOf(at)) + ": " + message);
    };
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml));
    } catch (const YAML::Exception& e) {
        throw ConfigError(origin + ":" + std::to_string(e.mark.line + 1) +
                          ": YAML syntax error: " + e.msg);
    }
    std::vector<AllowEntry> entries;
    if (root.IsNull()) return Allowlist({}, nowUs, origin);
    if (!root.IsSequence()) fail(root, "expected a list of entries (- domain: ..., reason: ...)");
    for (std::size_t i = 0; i < root.size(); ++i) {
        const YAML::Node item = root[i];
        const std::string where = origin + ":" + std::to_string(lineOf(item));
        if (!item.IsMap()) fail(item, "entry " + std::to_string(i + 1) + ": expected a mapping");
        AllowEntry e;
        e.line = lineOf(item);
        bool haveKind = false;
        for (const auto& kv : item) {
            const std::string key = kv.first.Scalar();
            if (!kv.second.IsScalar()) fail(kv.second, key + ": expected a plain value");
            const std::string value = kv.second.Scalar();
            if (const auto kind = allowKindFromName(key)) {
                if (haveKind) fail(kv.first, "entry has more than one of domain, suffix, client");
                haveKind = true;
                e.kind = *kind;
                e.value = value;
            } else if (key == "reason") {
                e.reason = value;
            } else if (key == "expires" || key == "added") {
                const auto t = parseAllowTime(value, key == "expires");
                if (!t)
                    fail(kv.second, key + ": expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, got '" +
                                        value + "'");
                (key == "expires" ? e.expiresUs : e.addedUs) = *t;
            } else {
                fail(kv.first, "unknown key '" + key +
                                   "' (expected domain, suffix or client, reason, expires, added)");
            }
        }
        if (!haveKind) fail(item, "entry needs one of domain, suffix or client");
        entries.push_back(normaliseAllowEntry(std::move(e), where));
    }
    return Allowlist(std::move(entries), nowUs, origin);
}

Allowlist loadAllowlistFile(const std::string& path, std::int64_t nowUs) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(path + ": cannot open allowlist file");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw ConfigError(path + ": cannot read allowlist file");
    return loadAllowlistText(text.str(), path, nowUs);
}

}  // namespace dnshound::core::config
