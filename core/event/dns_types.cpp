#include "core/event/dns_types.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

namespace dnshound::core::event {

namespace {

struct Mnemonic {
    std::string_view name;
    std::uint16_t value;
};

// IANA "Resource Record (RR) TYPEs" registry (2024), plus "*" as Zeek writes ANY.
constexpr Mnemonic kTypes[] = {
    {"A", 1},           {"NS", 2},        {"MD", 3},        {"MF", 4},       {"CNAME", 5},
    {"SOA", 6},         {"MB", 7},        {"MG", 8},        {"MR", 9},       {"NULL", 10},
    {"WKS", 11},        {"PTR", 12},      {"HINFO", 13},    {"MINFO", 14},   {"MX", 15},
    {"TXT", 16},        {"RP", 17},       {"AFSDB", 18},    {"X25", 19},     {"ISDN", 20},
    {"RT", 21},         {"NSAP", 22},     {"NSAP-PTR", 23}, {"SIG", 24},     {"KEY", 25},
    {"PX", 26},         {"GPOS", 27},     {"AAAA", 28},     {"LOC", 29},     {"NXT", 30},
    {"EID", 31},        {"NIMLOC", 32},   {"SRV", 33},      {"ATMA", 34},    {"NAPTR", 35},
    {"KX", 36},         {"CERT", 37},     {"A6", 38},       {"DNAME", 39},   {"SINK", 40},
    {"OPT", 41},        {"APL", 42},      {"DS", 43},       {"SSHFP", 44},   {"IPSECKEY", 45},
    {"RRSIG", 46},      {"NSEC", 47},     {"DNSKEY", 48},   {"DHCID", 49},   {"NSEC3", 50},
    {"NSEC3PARAM", 51}, {"TLSA", 52},     {"SMIMEA", 53},   {"HIP", 55},     {"NINFO", 56},
    {"RKEY", 57},       {"TALINK", 58},   {"CDS", 59},      {"CDNSKEY", 60}, {"OPENPGPKEY", 61},
    {"CSYNC", 62},      {"ZONEMD", 63},   {"SVCB", 64},     {"HTTPS", 65},   {"DSYNC", 66},
    {"HHIT", 67},       {"BRID", 68},     {"SPF", 99},      {"UINFO", 100},  {"UID", 101},
    {"GID", 102},       {"UNSPEC", 103},  {"NID", 104},     {"L32", 105},    {"L64", 106},
    {"LP", 107},        {"EUI48", 108},   {"EUI64", 109},   {"NXNAME", 128}, {"TKEY", 249},
    {"TSIG", 250},      {"IXFR", 251},    {"AXFR", 252},    {"MAILB", 253},  {"MAILA", 254},
    {"ANY", 255},       {"URI", 256},     {"CAA", 257},     {"AVC", 258},    {"DOA", 259},
    {"AMTRELAY", 260},  {"RESINFO", 261}, {"WALLET", 262},  {"CLA", 263},    {"IPN", 264},
    {"TA", 32768},      {"DLV", 32769},   {"*", 255},
};

// IANA "DNS RCODEs"; BADSIG shares 16 with BADVERS (the name depends on the record carrying it).
constexpr Mnemonic kRcodes[] = {
    {"NOERROR", 0},    {"FORMERR", 1},    {"SERVFAIL", 2}, {"NXDOMAIN", 3}, {"NOTIMP", 4},
    {"REFUSED", 5},    {"YXDOMAIN", 6},   {"YXRRSET", 7},  {"NXRRSET", 8},  {"NOTAUTH", 9},
    {"NOTZONE", 10},   {"DSOTYPENI", 11}, {"BADVERS", 16}, {"BADSIG", 16},  {"BADKEY", 17},
    {"BADTIME", 18},   {"BADMODE", 19},   {"BADNAME", 20}, {"BADALG", 21},  {"BADTRUNC", 22},
    {"BADCOOKIE", 23},
};

template <std::size_t N>
constexpr std::array<Mnemonic, N> sortedByName(const Mnemonic (&in)[N]) {
    std::array<Mnemonic, N> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = in[i];
    std::sort(out.begin(), out.end(),
              [](const Mnemonic& a, const Mnemonic& b) { return a.name < b.name; });
    return out;
}

constexpr auto kTypesByName = sortedByName(kTypes);
constexpr auto kRcodesByName = sortedByName(kRcodes);

constexpr std::size_t kMaxMnemonic = 16;

// Upper-cases into a stack buffer; empty when too long to be any mnemonic.
std::string_view upper(std::string_view in, std::array<char, kMaxMnemonic>& buf) {
    if (in.empty() || in.size() > buf.size()) return {};
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        buf[i] = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
    }
    return {buf.data(), in.size()};
}

template <std::size_t N>
std::optional<std::uint16_t> lookup(const std::array<Mnemonic, N>& table, std::string_view key) {
    auto it = std::lower_bound(table.begin(), table.end(), key,
                               [](const Mnemonic& m, std::string_view k) { return m.name < k; });
    if (it != table.end() && it->name == key) return it->value;
    return std::nullopt;
}

// "TYPE123" / "RCODE12": the RFC 3597 generic form.
std::optional<std::uint16_t> generic(std::string_view key, std::string_view prefix, unsigned max) {
    if (key.size() <= prefix.size() || key.substr(0, prefix.size()) != prefix) return std::nullopt;
    const std::string_view digits = key.substr(prefix.size());
    if (digits.size() > 5) return std::nullopt;
    unsigned value = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc{} || ptr != digits.data() + digits.size() || value > max)
        return std::nullopt;
    return static_cast<std::uint16_t>(value);
}

template <std::size_t N>
const Mnemonic* byValue(const Mnemonic (&table)[N], std::uint16_t value) {
    for (const auto& m : table)
        if (m.value == value) return &m;
    return nullptr;
}

}  // namespace

std::optional<std::uint16_t> qtypeFromName(std::string_view mnemonic) {
    std::array<char, kMaxMnemonic> buf;
    const std::string_view key = upper(mnemonic, buf);
    if (key.empty()) return std::nullopt;
    if (auto v = lookup(kTypesByName, key)) return v;
    return generic(key, "TYPE", 65535);
}

std::string qtypeName(std::uint16_t qtype) {
    if (const Mnemonic* m = byValue(kTypes, qtype)) return std::string(m->name);
    return "TYPE" + std::to_string(qtype);
}

std::optional<std::uint16_t> rcodeFromName(std::string_view mnemonic) {
    std::array<char, kMaxMnemonic> buf;
    const std::string_view key = upper(mnemonic, buf);
    if (key.empty()) return std::nullopt;
    if (auto v = lookup(kRcodesByName, key)) return v;
    // Extended rcodes are 12 bits; 0xffff is kRcodeNone and must not be spelt as a number.
    return generic(key, "RCODE", 4095);
}

std::string rcodeName(std::uint16_t rcode) {
    if (rcode == 0xffff) return "NONE";
    if (const Mnemonic* m = byValue(kRcodes, rcode)) return std::string(m->name);
    return "RCODE" + std::to_string(rcode);
}

}  // namespace dnshound::core::event
