#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/text/ascii_text.h"

struct pcre2_real_code_8;
struct pcre2_real_match_data_8;

namespace dnshound::core::formats {

// A PCRE2 pattern (JIT-compiled when available) that the whole field must match, with the
// verdict cached per distinct value: log fields repeat (sizes, names), so most lines cost one
// hash lookup. The cache is bounded and simply cleared when full.
class RegexMatcher final {
public:
    // Throws std::invalid_argument with PCRE2's message and offset for a bad pattern.
    explicit RegexMatcher(std::string_view pattern, std::size_t cacheMaxEntries = 1 << 20);
    ~RegexMatcher();
    RegexMatcher(const RegexMatcher&) = delete;
    RegexMatcher& operator=(const RegexMatcher&) = delete;

    bool matches(std::string_view value);
    // Uncached, for tests and one-off checks.
    bool matchesUncached(std::string_view value) const;

private:
    struct CodeFree {
        void operator()(pcre2_real_code_8* code) const;
    };
    struct MatchDataFree {
        void operator()(pcre2_real_match_data_8* data) const;
    };

    std::unique_ptr<pcre2_real_code_8, CodeFree> m_code;
    std::unique_ptr<pcre2_real_match_data_8, MatchDataFree> m_matchData;
    std::unordered_map<std::string, bool, text::StringViewHash, std::equal_to<>> m_cache;
    std::size_t m_cacheMax;
};

}  // namespace dnshound::core::formats
