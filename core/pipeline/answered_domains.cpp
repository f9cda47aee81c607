#include "core/pipeline/answered_domains.h"

#include "core/text/ascii_text.h"

namespace dnshound::core::pipeline {

namespace {

// One insertion, deletion, substitution or swap of neighbours turns `a` into `b` (a != b).
bool oneEditApart(std::string_view a, std::string_view b) {
    if (a == b) return false;
    if (a.size() > b.size()) std::swap(a, b);
    if (b.size() - a.size() > 1) return false;
    std::size_t i = 0;
    while (i < a.size() && a[i] == b[i]) ++i;
    if (a.size() < b.size()) return a.substr(i) == b.substr(i + 1);
    if (a.substr(i + 1) == b.substr(i + 1)) return true;  // one character changed
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
           a.substr(i + 2) == b.substr(i + 2);
}

// FNV-1a of `s` without the character at `skip` (the whole of `s` when skip >= s.size()).
std::uint64_t hashWithout(std::string_view s, std::size_t skip) {
    if (skip >= s.size()) return text::fnv1a(s);
    return text::fnv1a(s.substr(skip + 1), text::fnv1a(s.substr(0, skip)));
}

}  // namespace

// Tally keeps the first client and whether another one came.
static_assert(AnsweredDomains::kMinClients == 2);

bool AnsweredDomains::answered(event::NameId key, std::uint64_t client) {
    if (key >= m_tally.size()) m_tally.resize(key + std::size_t{1});
    Tally& t = m_tally[key];
    if (t.indexed) return false;
    if (t.answers == 0) t.firstClient = client;
    ++t.answers;
    t.secondClient = t.secondClient || client != t.firstClient;
    if (!t.secondClient && t.answers < kMinAnswers) return false;
    t.indexed = true;
    return true;
}

void AnsweredDomains::index(std::string_view registrable, std::size_t labelLength) {
    if (labelLength < kMinLabelLength || registrable.size() > 255 ||
        m_domains.size() >= m_maxIndexed)
        return;
    const auto id = static_cast<std::uint32_t>(m_domains.size());
    m_domains.emplace_back(registrable);
    for (std::size_t skip = 0; skip <= registrable.size(); ++skip)
        m_index.emplace(hashWithout(registrable, skip), id);
}

std::string_view AnsweredDomains::typoOf(std::string_view registrable) const {
    if (m_domains.empty() || registrable.size() > 255) return {};
    // A typo and its domain share the typo itself (a character left out), the domain (one
    // added) or a string one deletion from both (changed or swapped). The index can also pair
    // strings two edits apart, or hashes that collide; the check keeps the one-edit domains.
    for (std::size_t skip = 0; skip <= registrable.size(); ++skip) {
        const auto [first, last] = m_index.equal_range(hashWithout(registrable, skip));
        for (auto it = first; it != last; ++it)
            if (const std::string& domain = m_domains[it->second];
                oneEditApart(registrable, domain))
                return domain;
    }
    return {};
}

}  // namespace dnshound::core::pipeline
