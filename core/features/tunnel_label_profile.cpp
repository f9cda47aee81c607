#include "core/features/tunnel_label_profile.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/features/public_suffix.h"

namespace dnshound::core::features {

namespace {

// Reverse lookups, service discovery and private names are never tunnels worth naming here;
// the first two are exactly what a mail server or a LAN asks in bulk.
constexpr std::array<std::string_view, 7> kNeverTunnel{
    ".arpa", ".local", ".lan", ".internal", ".localdomain", ".localhost", ".home"};

// One label holding a hash or a random identifier, by the encoding it is written in: MD5,
// SHA-1, SHA-224, SHA-256, SHA-384 and SHA-512 in hex; 128/160/256-bit values in base32 and in
// base64url (or base36-looking case-folded base64).
bool isDigestLength(LabelEncoding encoding, std::uint16_t length) {
    switch (encoding) {
        case LabelEncoding::Hex:
            return length == 32 || length == 40 || length == 56 || length == 64 || length == 96 ||
                   length == 128;
        case LabelEncoding::Base32:
            return length == 26 || length == 32 || length == 52;
        case LabelEncoding::Base36:
        case LabelEncoding::Base64:
            return length == 22 || length == 27 || length == 43;
        default:
            return false;
    }
}

float clamp01(double v) {
    return static_cast<float>(std::clamp(v, 0.0, 1.0));
}

float shannon(std::string_view text) {
    std::array<std::uint32_t, 256> counts{};
    std::uint32_t n = 0;
    for (char c : text) {
        if (c == '.') continue;
        ++counts[static_cast<unsigned char>(c)];
        ++n;
    }
    if (n == 0) return 0.0f;
    double h = 0;
    for (auto k : counts) {
        if (k == 0) continue;
        const double p = static_cast<double>(k) / n;
        h -= p * std::log2(p);
    }
    return static_cast<float>(h);
}

// Letter/digit alternations per character: random alphanumerics switch often, words that
// carry a number ("windows10update") switch once or twice.
double classSwitchesPerChar(std::string_view text) {
    int last = -1;
    std::uint32_t switches = 0;
    std::uint32_t n = 0;
    for (char c : text) {
        int cls = -1;
        if (c >= 'a' && c <= 'z') cls = 0;
        if (c >= '0' && c <= '9') cls = 1;
        if (cls < 0) continue;
        ++n;
        if (last >= 0 && cls != last) ++switches;
        last = cls;
    }
    return n > 1 ? static_cast<double>(switches) / (n - 1) : 0.0;
}

}  // namespace

TunnelLabelProfile profileTunnelName(std::string_view name) {
    TunnelLabelProfile p;
    if (name.empty()) return p;
    const DomainSplit split = PublicSuffix::split(name);
    const std::string_view reg = split.registrable();
    p.registrableOffset = static_cast<std::uint16_t>(reg.data() - name.data());
    if (split.subdomain.empty()) return p;
    for (auto suffix : kNeverTunnel)
        if (name.ends_with(suffix)) return p;
    p.candidate = true;

    const std::string_view sub = split.subdomain;
    CharInventory all;
    CharInventory longOnes;
    std::string_view longest;
    for (std::size_t start = 0; start <= sub.size();) {
        std::size_t dot = sub.find('.', start);
        if (dot == std::string_view::npos) dot = sub.size();
        const std::string_view label = sub.substr(start, dot - start);
        ++p.labels;
        CharInventory inv;
        inv.add(label);
        all.add(label);
        if (inv.chars >= TunnelLabelProfile::kLongLabel) {
            ++p.longLabels;
            longOnes.add(label);
        }
        if (inv.chars > longest.size()) longest = label;
        start = dot + 1;
    }
    p.subdomainChars = static_cast<std::uint16_t>(all.chars);
    CharInventory longestInv;
    longestInv.add(longest);
    p.longestLabel = static_cast<std::uint16_t>(longestInv.chars);
    p.entropy = shannon(sub);
    if (p.longLabels == 0) return p;
    p.encoding = classifyEncoding(longOnes.encodingMask());
    p.digestShaped = p.longLabels == 1 && isDigestLength(p.encoding, p.longestLabel);

    if (p.encoding == LabelEncoding::None || p.encoding == LabelEncoding::Numeric) return p;
    const double lenScore = (p.longestLabel - 10.0) / 30.0;
    const double totalScore = (p.subdomainChars - 16.0) / 80.0;
    double score = 0.45 + 0.35 * clamp01(lenScore) + 0.2 * clamp01(totalScore);
    if (p.encoding != LabelEncoding::Base128) {
        // Random text is dense; words are not. Both factors are 1 for encoded payload.
        const double entropyFactor = clamp01((p.entropy - 2.4) / 0.8);
        const double vowelShare =
            longOnes.letters ? static_cast<double>(longOnes.vowels) / longOnes.letters : 0.0;
        const double wordFactor =
            p.encoding == LabelEncoding::Hex ? 1.0 : clamp01((0.42 - vowelShare) / 0.12);
        const double mixFactor = clamp01(classSwitchesPerChar(longest) / 0.2);
        score *= entropyFactor * wordFactor * mixFactor;
    }
    p.score = clamp01(score);
    return p;
}

}  // namespace dnshound::core::features
