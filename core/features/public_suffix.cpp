#include "core/features/public_suffix.h"

#include <libpsl.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

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

// Length of the longest extra suffix that `name` ends with at a label boundary, else 0. Every
// extra suffix has two labels, so only the name's last two labels can be one.
static_assert([] {
    for (std::string_view s : kExtraSuffixes)
        if (s.find('.') == std::string_view::npos || s.find('.') != s.rfind('.')) return false;
    return true;
}());
// Bit k set in entry c: kExtraSuffixes[k] starts with byte c. Most names' last two labels start
// with a byte no extra suffix starts with, and the others compare with a few candidates.
constexpr std::array<std::uint32_t, 256> kExtraSuffixesByFirstByte = [] {
    static_assert(kExtraSuffixes.size() <= 32);
    std::array<std::uint32_t, 256> t{};
    for (std::size_t k = 0; k < kExtraSuffixes.size(); ++k)
        t[static_cast<unsigned char>(kExtraSuffixes[k][0])] |= std::uint32_t{1} << k;
    return t;
}();

// `last`: the position of the name's last dot, `before`: of the dot before it (npos for none,
// also when the last dot opens the name).
std::size_t extraSuffixLength(std::string_view name, std::size_t last, std::size_t before) {
    if (last == std::string_view::npos || last == 0) return 0;
    const std::string_view lastTwo =
        before == std::string_view::npos ? name : name.substr(before + 1);
    for (std::uint32_t candidates =
             kExtraSuffixesByFirstByte[static_cast<unsigned char>(lastTwo[0])];
         candidates != 0; candidates &= candidates - 1) {
        const std::string_view s =
            kExtraSuffixes[static_cast<std::size_t>(__builtin_ctz(candidates))];
        if (s.size() == lastTwo.size() && s == lastTwo) return s.size();
    }
    return 0;
}

// Top-level domains under which the ICANN section has rules of two or more labels ("uk" for
// "co.uk", "jp" for "*.kawasaki.jp"), read once from the list file libpsl's built-in data was
// made from. Under any other top-level domain the public suffix is the last label, so most names
// (.com, .net, .org, .info ...) need no libpsl lookup at all. Without that file, or when libpsl
// says its built-in data is older than the file, every name goes through libpsl.
class ParentTlds final {
public:
    static const ParentTlds& instance() {
        static const ParentTlds t;
        return t;
    }
    // True when the public suffix of a name ending in `tld` is known to be `tld` itself.
    bool isLeaf(std::string_view tld) const {
        if (!m_known) return false;
        if (const int k = shortKey(tld); k >= 0) return !m_shortParent[static_cast<std::size_t>(k)];
        return !m_parentSet.contains(tld);
    }
    // Whether `candidate` (two or more labels) is an ICANN public suffix: kNo when no rule names
    // it and no wildcard rule covers it, kYes when a rule names it (a plain rule or a wildcard's
    // parent, which libpsl also counts as a suffix; exceptions only ever apply below a wildcard,
    // to names no rule names). kAsk means "ask libpsl", which also answers whatever the list
    // file cannot settle here: names under a wildcard (exceptions), punycode labels (the file
    // spells IDN rules in Unicode, libpsl knows their punycode too), bytes outside
    // [a-z0-9-_], empty labels, and everything when the file is unknown.
    enum class Answer { kNo, kYes, kAsk };
    Answer isSuffix(std::string_view candidate) const {
        if (!m_known) return Answer::kAsk;
        const std::size_t dot = candidate.find('.');
        if (dot == 0 || dot == std::string_view::npos || candidate.back() == '.')
            return Answer::kAsk;
        if (candidate.find("..") != std::string_view::npos) return Answer::kAsk;
        if (candidate.find("xn--") != std::string_view::npos) return Answer::kAsk;
        for (char c : candidate)
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                  c == '.'))
                return Answer::kAsk;
        if (m_ruleSet.contains(candidate)) return Answer::kYes;
        return m_wildcardParentSet.contains(candidate.substr(dot + 1)) ? Answer::kAsk : Answer::kNo;
    }

private:
    ParentTlds() {
        const char* file = psl_builtin_filename();
        if (file == nullptr || psl_builtin_outdated() != 0) return;
        std::ifstream in(file);
        if (!in) return;
        std::string line;
        bool icann = false;
        while (std::getline(in, line)) {
            if (line.find("===BEGIN ICANN DOMAINS===") != std::string::npos) icann = true;
            if (line.find("===END ICANN DOMAINS===") != std::string::npos) {
                m_known = true;
                break;
            }
            if (!icann || line.empty() || line.starts_with("//")) continue;
            const std::size_t end = line.find_first_of(" \t\r");
            const std::string rule = line.substr(0, end);
            const std::size_t dot = rule.rfind('.');
            if (dot != std::string::npos) m_parents.push_back(rule.substr(dot + 1));
            // Exceptions ("!city.kawasaki.jp") lie under a wildcard, which sends their names to
            // libpsl anyway.
            // libpsl also counts a wildcard's parent ("kawasaki.jp") as a suffix.
            if (rule.starts_with("*.")) {
                m_wildcardParents.push_back(rule.substr(2));
                m_rules.push_back(rule.substr(2));
            } else if (!rule.starts_with("!")) {
                m_rules.push_back(rule);
            }
        }
        for (std::vector<std::string>* v : {&m_rules, &m_wildcardParents}) {
            std::sort(v->begin(), v->end());
            v->erase(std::unique(v->begin(), v->end()), v->end());
        }
        std::sort(m_parents.begin(), m_parents.end());
        m_parents.erase(std::unique(m_parents.begin(), m_parents.end()), m_parents.end());
        // Hash sets of views into the vectors, which stay unchanged from here on.
        m_parentSet = {m_parents.begin(), m_parents.end()};
        m_ruleSet = {m_rules.begin(), m_rules.end()};
        m_wildcardParentSet = {m_wildcardParents.begin(), m_wildcardParents.end()};
        for (const std::string& p : m_parents)
            if (const int k = shortKey(p); k >= 0)
                m_shortParent[static_cast<std::size_t>(k)] = true;
        // The list spells internationalised TLDs in Unicode: such names are not ASCII and take
        // the "*" rule here anyway, so ASCII TLDs are all that matter.
    }
    // Two- and three-letter TLDs (nearly all traffic) index a table instead of a search.
    static int shortKey(std::string_view tld) {
        if (tld.size() < 2 || tld.size() > 3) return -1;
        int k = 0;
        for (char c : tld) {
            if (c < 'a' || c > 'z') return -1;
            k = k * 27 + (c - 'a' + 1);
        }
        return k;
    }
    bool m_known = false;
    std::vector<std::string> m_parents;          // sorted
    std::vector<std::string> m_rules;            // sorted: plain rules and the wildcards' parents
    std::vector<std::string> m_wildcardParents;  // sorted: "kawasaki.jp" for "*.kawasaki.jp"
    std::unordered_set<std::string_view> m_parentSet, m_ruleSet, m_wildcardParentSet;
    std::array<bool, 27 * 27 * 27> m_shortParent{};
};

// Length of the longest ICANN public suffix of `name`, per libpsl's built-in list. The private
// section is left out on purpose: most of it names hosting and CDN platforms whose labels the
// platform generates ("d3ag4hukkh62yn.cloudfront.net"), which would look like DGA output.
// `lastDot`: the position of the name's last dot (npos for none).
std::size_t pslSuffixLength(std::string_view name, std::size_t lastDot) {
    const std::size_t lastLabel =
        lastDot == std::string_view::npos ? name.size() : name.size() - lastDot - 1;
    const ParentTlds& parents = ParentTlds::instance();
    if (parents.isLeaf(name.substr(name.size() - lastLabel))) return lastLabel;
    // libpsl wants a NUL-terminated, valid UTF-8 name; anything else takes the "*" rule.
    if (name.size() > 253 || !isAscii(name) || name.find('\0') != std::string_view::npos)
        return lastLabel;
    std::array<char, 256> buf;
    std::memcpy(buf.data(), name.data(), name.size());
    buf[name.size()] = '\0';
    static const psl_ctx_t* const psl = psl_builtin();
    if (psl == nullptr) return lastLabel;
    // The leftmost candidate that is a suffix is the longest one. The last label is the answer
    // when no longer candidate is one, suffix or not, so it needs no lookup.
    for (std::size_t start = 0; start < name.size();) {
        const std::size_t dot = name.find('.', start);
        if (dot == std::string_view::npos) break;
        const ParentTlds::Answer answer = parents.isSuffix(name.substr(start));
        if (answer == ParentTlds::Answer::kYes ||
            (answer == ParentTlds::Answer::kAsk &&
             psl_is_public_suffix2(psl, buf.data() + start, PSL_TYPE_ICANN)))
            return name.size() - start;
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
    // The last two dots, found once for all the steps below.
    const std::size_t last = name.rfind('.');
    const std::size_t before = last == std::string_view::npos || last == 0
                                   ? std::string_view::npos
                                   : name.rfind('.', last - 1);
    std::size_t suffixLen =
        std::max(pslSuffixLength(name, last), extraSuffixLength(name, last, before));
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
    // The prefix ends at the last dot (a one-label suffix, nearly every name): the dot before
    // it is already known.
    const std::size_t dot =
        last != std::string_view::npos && prefix.size() == last ? before : prefix.rfind('.');
    if (dot == std::string_view::npos) {
        out.secondLevelLabel = prefix;
    } else {
        out.secondLevelLabel = prefix.substr(dot + 1);
        out.subdomain = prefix.substr(0, dot);
    }
    return out;
}

}  // namespace dnshound::core::features
