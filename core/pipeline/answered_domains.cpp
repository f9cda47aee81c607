#include "core/pipeline/answered_domains.h"

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

}  // namespace

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
    if (labelLength < kMinLabelLength || registrable.size() > 255) return;
    const auto id = static_cast<std::uint32_t>(m_domains.size());
    m_domains.emplace_back(registrable);
    m_index.emplace(std::string(registrable), id);
    std::string deleted;
    for (std::size_t i = 0; i < registrable.size(); ++i) {
        deleted.assign(registrable.substr(0, i));
        deleted.append(registrable.substr(i + 1));
        m_index.emplace(deleted, id);
    }
}

std::string_view AnsweredDomains::typoOf(std::string_view registrable) const {
    if (m_domains.empty() || registrable.size() > 255) return {};
    // A typo and its domain share the typo itself (a character left out), the domain (one
    // added) or a string one deletion from both (changed or swapped). The index can also pair
    // strings two edits apart; the check keeps the one-edit ones.
    auto check = [&](const std::string& probe) -> std::string_view {
        const auto [first, last] = m_index.equal_range(probe);
        for (auto it = first; it != last; ++it)
            if (const std::string& domain = m_domains[it->second];
                oneEditApart(registrable, domain))
                return domain;
        return {};
    };
    m_probe.assign(registrable);
    if (const std::string_view d = check(m_probe); !d.empty()) return d;
    for (std::size_t i = 0; i < registrable.size(); ++i) {
        m_probe.assign(registrable.substr(0, i));
        m_probe.append(registrable.substr(i + 1));
        if (const std::string_view d = check(m_probe); !d.empty()) return d;
    }
    return {};
}

}  // namespace dnshound::core::pipeline
