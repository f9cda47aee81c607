#pragma once

// Generated DNS traffic for the tunnel detector's tests: known false-positive traps, an encoded
// tunnel session and a slow exfiltration, as plain query records the tests turn into events or
// log lines. Deterministic (fixed seeds).

#include <cstdint>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace dnshound::tests {

struct GenQuery {
    std::int64_t timeUs = 0;
    std::string client;
    std::string name;
    std::string qtype;  // mnemonic
    std::string rcode;  // mnemonic
    std::uint32_t size = 0;
};

inline std::string randomText(std::mt19937_64& rng, std::string_view alphabet, std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s.push_back(alphabet[rng() % alphabet.size()]);
    return s;
}

inline constexpr std::string_view kHexAlphabet = "0123456789abcdef";
inline constexpr std::string_view kBase32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
inline constexpr std::string_view kBase36Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

inline std::string base32(std::string_view bytes) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 5) {
            out.push_back(kBase32Alphabet[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
    }
    if (bits > 0) out.push_back(kBase32Alphabet[(buffer << (5 - bits)) & 31]);
    return out;
}

// The false-positive traps: a mail server's DNSBL lookups, endpoints' antivirus cloud lookups
// (hash labels under vendor domains, listed and unlisted), CDN hash host names, DMARC/DKIM TXT
// lookups and reverse (PTR) lookups, over two hours from t0.
inline std::vector<GenQuery> falsePositiveTraps(std::int64_t t0Us) {
    std::mt19937_64 rng(4242);
    std::vector<GenQuery> out;
    auto at = [&](int i, int n) { return t0Us + static_cast<std::int64_t>(i) * 7'200'000'000 / n; };
    auto ip = [&] {
        return std::to_string(rng() % 223 + 1) + "." + std::to_string(rng() % 256) + "." +
               std::to_string(rng() % 256) + "." + std::to_string(rng() % 256);
    };
    const int n = 1500;
    for (int i = 0; i < n; ++i) {
        const bool listed = rng() % 10 == 0;
        // DNSBL: reversed IPs under zen.spamhaus.org and a DNSBL no list knows.
        out.push_back({at(i, n), "10.1.0.25", ip() + ".zen.spamhaus.org", "A",
                       listed ? "NOERROR" : "NXDOMAIN", listed ? 61u : 45u});
        out.push_back({at(i, n) + 1000, "10.1.0.25", ip() + ".rbl.mailcheck-example.net", "A",
                       "NXDOMAIN", 45});
        // Antivirus clouds: MD5/SHA-1/SHA-256 hex and base32 digests under vendor domains.
        const std::string client = "10.2.0." + std::to_string(10 + i % 5);
        out.push_back(
            {at(i, n) + 2000, client,
             "0.0.0.0.1.0.0.4e." + randomText(rng, kBase32Alphabet, 26) + ".avqs.mcafee.com", "A",
             "NOERROR", 64});
        out.push_back({at(i, n) + 3000, client,
                       randomText(rng, kHexAlphabet, 40) + ".3.sxl.sophosxl.net", "A", "NOERROR",
                       93});
        out.push_back({at(i, n) + 4000, client,
                       randomText(rng, kHexAlphabet, 32) + ".fr.avcloud-vendor.com", "A",
                       "NXDOMAIN", 50});
        out.push_back({at(i, n) + 5000, client,
                       randomText(rng, kHexAlphabet, 64) + ".h.filerep-example.com", "TXT",
                       "NXDOMAIN", 50});
        // CDN hash host names.
        out.push_back({at(i, n) + 6000, client,
                       "d" + randomText(rng, kBase36Alphabet, 13) + ".cloudfront.net",
                       i % 2 ? "AAAA" : "A", "NOERROR", 140});
        out.push_back({at(i, n) + 7000, client,
                       "e" + std::to_string(rng() % 99999) + ".a.akamaiedge.net", "A", "NOERROR",
                       90});
        out.push_back({at(i, n) + 8000, client,
                       "img-" + randomText(rng, kHexAlphabet, 16) + ".fbcdn.net", "AAAA", "NOERROR",
                       80});
        out.push_back({at(i, n) + 9000, client,
                       "r" + std::to_string(rng() % 20) + "---sn-" +
                           randomText(rng, kBase36Alphabet, 8) + ".googlevideo.com",
                       "A", "NOERROR", 72});
        // DMARC and DKIM: the mail server checking its senders.
        const std::string sender = "sender" + std::to_string(rng() % 400) + ".com";
        out.push_back({at(i, n) + 10000, "10.1.0.25", "_dmarc." + sender, "TXT", "NOERROR", 180});
        out.push_back({at(i, n) + 11000, "10.1.0.25",
                       "s" + std::to_string(1024 + rng() % 4) + "._domainkey." + sender, "TXT",
                       "NOERROR", 480});
        // Reverse lookups.
        out.push_back(
            {at(i, n) + 12000, "10.1.0.25", ip() + ".in-addr.arpa", "PTR", "NOERROR", 90});
        std::string nibbles;
        for (int k = 0; k < 32; ++k) nibbles += std::string(1, kHexAlphabet[rng() % 16]) + ".";
        out.push_back({at(i, n) + 13000, "10.3.0.7", nibbles + "ip6.arpa", "PTR", "NXDOMAIN", 120});
    }
    return out;
}

// An interactive tunnel (dnscat2/dns2tcp-like): base32 payload labels under a tunnel zone,
// TXT answers with data, five queries a second.
inline std::vector<GenQuery> encodedTunnelSession(std::int64_t t0Us, const std::string& client,
                                                  int queries) {
    std::mt19937_64 rng(7);
    std::vector<GenQuery> out;
    for (int i = 0; i < queries; ++i) {
        const std::size_t len = 20 + rng() % 40;
        out.push_back({t0Us + i * 200'000, client,
                       randomText(rng, kBase32Alphabet, len) + ".t.update-cache.net", "TXT",
                       "NOERROR", static_cast<std::uint32_t>(90 + rng() % 150)});
    }
    return out;
}

// Slow exfiltration: 1 KB base32-encoded into "<seq>.<chunk>.x.<zone>" A queries spread over an
// hour (one every ~2 minutes), answered NXDOMAIN.
inline std::vector<GenQuery> slowExfil(std::int64_t t0Us, const std::string& client) {
    std::mt19937_64 rng(99);
    std::string secret;
    for (int i = 0; i < 1024; ++i) secret.push_back(static_cast<char>(rng() % 256));
    const std::string encoded = base32(secret);
    std::vector<GenQuery> out;
    const std::size_t chunk = 56;
    const std::size_t pieces = (encoded.size() + chunk - 1) / chunk;
    for (std::size_t i = 0; i < pieces; ++i) {
        const std::int64_t t =
            t0Us +
            static_cast<std::int64_t>(i) * 3'600'000'000 / static_cast<std::int64_t>(pieces) +
            static_cast<std::int64_t>(rng() % 20'000'000);
        out.push_back({t, client,
                       std::to_string(1000 + i) + "." + encoded.substr(i * chunk, chunk) +
                           ".x.cdn-metrics-io.com",
                       "A", "NXDOMAIN", 48});
    }
    return out;
}

// Writes `queries` as an unbound log (a query line and a reply line each), as unbound's
// log-queries/log-replies write them. False when the file cannot be written.
inline bool writeUnboundLog(const std::string& path, const std::vector<GenQuery>& queries) {
    std::ofstream f(path, std::ios::binary);
    for (const auto& q : queries) {
        const std::string head = "[" + std::to_string(q.timeUs / 1'000'000) +
                                 "] unbound[2084:0] info: " + q.client + " " + q.name + ". " +
                                 q.qtype + " IN";
        f << head << '\n' << head << ' ' << q.rcode << " 0.001000 0 " << q.size << '\n';
    }
    return static_cast<bool>(f.flush());
}

}  // namespace dnshound::tests
