#include "core/features/public_suffix.h"

#include <libpsl.h>

#include <array>
#include <cstring>

namespace dnshound::core::features {

namespace {

// Dynamic-DNS and free-subdomain providers: below them the customer picks the label, exactly as
// below a real public suffix, and DGAs register there (corebot under ddns.net, kraken under
// yi.org, bamital under co.cc). Some are in the list's private section, some not in it at all.
constexpr std::array<std::string_view, 18> kExtraSuffixes = {
    "co.cc",        "cz.cc",     "ddns.net", "duckdns.org", "dynserv.com", "dyndns.org",
    "dynu.net",     "hopto.org", "mooo.com", "myftp.biz",   "no-ip.biz",   "no-ip.org",
    "serveftp.com", "sytes.net", "yi.org",   "zapto.org",   "dyndns.info", "afraid.org"};

bool isAscii(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}

// Length of the longest extra suffix that `name` ends with at a label boundary, else 0.
std::size_t extraSuffixLength(std::string_view name) {
    std::size_t best = 0;
    for (std::string_view s : kExtraSuffixes) {
        if (name.size() > s.size() && name.ends_with(s) && name[name.size() - s.size() - 1] == '.')
            best = std::max(best, s.size());
        else if (name == s)
            best = std::max(best, s.size());
    }
    return best;
}

// Length of the longest ICANN public suffix of `name`, per libpsl's built-in list. The private
// section is left out on purpose: most of it names hosting and CDN platforms whose labels the
// platform generates ("d3ag4hukkh62yn.cloudfront.net"), which would look like DGA output.
std::size_t pslSuffixLength(std::string_view name) {
    const std::size_t lastDot = name.rfind('.');
    const std::size_t lastLabel =
        lastDot == std::string_view::npos ? name.size() : name.size() - lastDot - 1;
    // libpsl wants a NUL-terminated, valid UTF-8 name; anything else takes the "*" rule.
    if (name.size() > 253 || !isAscii(name) || name.find('\0') != std::string_view::npos)
        return lastLabel;
    std::array<char, 256> buf;
    std::memcpy(buf.data(), name.data(), name.size());
    buf[name.size()] = '\0';
    static const psl_ctx_t* const psl = psl_builtin();
    if (psl == nullptr) return lastLabel;
    // The leftmost candidate that is a suffix is the longest one.
    for (std::size_t start = 0; start < name.size();) {
        if (psl_is_public_suffix2(psl, buf.data() + start, PSL_TYPE_ICANN))
            return name.size() - start;
        const std::size_t dot = name.find('.', start);
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    return lastLabel;
}

}  // namespace

std::string_view DomainSplit::registrable() const {
    if (secondLevelLabel.empty()) return suffix;
    if (suffix.empty()) return secondLevelLabel;
    // Both views point into the same name, the suffix right after the label and its dot.
    return {secondLevelLabel.data(),
            static_cast<std::size_t>(suffix.data() + suffix.size() - secondLevelLabel.data())};
}

DomainSplit PublicSuffix::split(std::string_view name) {
    DomainSplit out;
    if (name.empty()) return out;
    std::size_t suffixLen = std::max(pslSuffixLength(name), extraSuffixLength(name));
    if (suffixLen > name.size()) suffixLen = name.size();
    if (suffixLen >= name.size()) {
        // The whole name is a public suffix ("co.uk", "localhost"): its first label is the
        // nearest thing to an owner's choice.
        const std::size_t dot = name.find('.');
        if (dot == std::string_view::npos) {
            out.secondLevelLabel = name;
            return out;
        }
        out.secondLevelLabel = name.substr(0, dot);
        out.suffix = name.substr(dot + 1);
        return out;
    }
    // name = prefix + "." + suffix, where prefix ends with the second-level label.
    out.suffix = name.substr(name.size() - suffixLen);
    std::string_view prefix = name.substr(0, name.size() - suffixLen);
    if (!prefix.empty() && prefix.back() == '.') prefix.remove_suffix(1);
    const std::size_t dot = prefix.rfind('.');
    if (dot == std::string_view::npos) {
        out.secondLevelLabel = prefix;
    } else {
        out.secondLevelLabel = prefix.substr(dot + 1);
        out.subdomain = prefix.substr(0, dot);
    }
    return out;
}

}  // namespace dnshound::core::features
