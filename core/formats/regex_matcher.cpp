#include "core/formats/regex_matcher.h"

#include <pcre2.h>

#include <stdexcept>

namespace dnshound::core::formats {

void RegexMatcher::CodeFree::operator()(pcre2_real_code_8* code) const {
    pcre2_code_free(code);
}

void RegexMatcher::MatchDataFree::operator()(pcre2_real_match_data_8* data) const {
    pcre2_match_data_free(data);
}

RegexMatcher::RegexMatcher(std::string_view pattern, std::size_t cacheMaxEntries)
    : m_cacheMax(cacheMaxEntries) {
    int code = 0;
    PCRE2_SIZE offset = 0;
    // Anchored at both ends: heiDGAF patterns carry ^...$ anyway, and a field either matches
    // as a whole or not at all.
    m_code.reset(pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                               PCRE2_ANCHORED | PCRE2_ENDANCHORED, &code, &offset, nullptr));
    if (!m_code) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(code, message, sizeof(message));
        throw std::invalid_argument("bad regular expression at offset " + std::to_string(offset) +
                                    ": " + reinterpret_cast<const char*>(message));
    }
    pcre2_jit_compile(m_code.get(), PCRE2_JIT_COMPLETE);  // falls back to the interpreter
    m_matchData.reset(pcre2_match_data_create_from_pattern(m_code.get(), nullptr));
    if (!m_matchData) throw std::bad_alloc();
}

RegexMatcher::~RegexMatcher() = default;

bool RegexMatcher::matchesUncached(std::string_view value) const {
    const int rc = pcre2_match(m_code.get(), reinterpret_cast<PCRE2_SPTR>(value.data()),
                               value.size(), 0, 0, m_matchData.get(), nullptr);
    return rc >= 0;
}

bool RegexMatcher::matches(std::string_view value) {
    if (auto it = m_cache.find(value); it != m_cache.end()) return it->second;
    const bool ok = matchesUncached(value);
    if (m_cache.size() >= m_cacheMax) m_cache.clear();
    m_cache.emplace(std::string(value), ok);
    return ok;
}

}  // namespace dnshound::core::formats
