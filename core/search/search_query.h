#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dnshound::core::search {

// The fields of the search language; Text is a bare word (substring over the text columns).
enum class Field { Text, Client, Domain, Kind, State, Score, Count, Rcode, Qtype };

enum class Comparison { Equal, Less, LessEqual, Greater, GreaterEqual };

// One term of a query: `field:value`, `-field:value` (negated) or a bare word.
struct SearchTerm {
    Field field = Field::Text;
    bool negated = false;
    std::string text;       // lower case; for Client/Domain it may hold * and ? wildcards
    bool wildcard = false;  // text holds * or ?
    Comparison comparison = Comparison::Equal;  // Score/Count
    double number = 0.0;                        // Score/Count; Rcode/Qtype: the numeric code
    std::size_t position = 0;                   // 0-based offset of the term in the input
};

// Where and why a query could not be read; `position` is a 0-based offset into the input.
struct SearchError {
    std::size_t position = 0;
    std::string message;  // says what was expected, e.g. "expected a number after 'score:>'"
    // "column 9: expected a number after 'score:>'" (1-based column, for people).
    std::string describe() const;
};

// A parsed query: terms joined by AND. Empty when the input is blank (matches everything).
//   client:10.0.0.5  kind:dga  score:>0.9  domain:*.example.com  rcode:NXDOMAIN  state:new
//   qtype:TXT  count:>=10  -kind:tunnel  "quoted words"  bare words
class SearchQuery final {
public:
    struct Parsed;
    static Parsed parse(std::string_view input);

    const std::vector<SearchTerm>& terms() const { return m_terms; }
    bool empty() const { return m_terms.empty(); }

private:
    std::vector<SearchTerm> m_terms;
};

struct SearchQuery::Parsed {
    SearchQuery query;
    std::optional<SearchError> error;  // set when the input is not a valid query
};

// The name users type for a field ("client", "domain", ...); "text" for bare words.
std::string_view fieldName(Field field);
// Case-insensitive glob over ASCII: `*` any run of characters, `?` one character. `lowerPattern`
// must already be lower case.
bool globMatch(std::string_view lowerPattern, std::string_view text);
// Case-insensitive substring test; `lowerNeedle` must already be lower case.
bool containsNoCase(std::string_view haystack, std::string_view lowerNeedle);

}  // namespace dnshound::core::search
