#include "core/search/search_query.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

#include "core/event/dns_types.h"

namespace dnshound::core::search {

namespace {

struct FieldSpelling {
    std::string_view name;
    Field field;
};
constexpr std::array<FieldSpelling, 9> kFields{{
    {"client", Field::Client},
    {"domain", Field::Domain},
    {"kind", Field::Kind},
    {"state", Field::State},
    {"score", Field::Score},
    {"count", Field::Count},
    {"rcode", Field::Rcode},
    {"qtype", Field::Qtype},
    {"type", Field::Qtype},
}};
constexpr std::string_view kFieldList = "client, domain, kind, state, score, count, rcode or qtype";

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool isAlpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
std::string toLower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = lower(c);
    return out;
}

class Parser {
public:
    explicit Parser(std::string_view input) : m_in(input) {}

    SearchQuery::Parsed run(std::vector<SearchTerm>& terms) {
        SearchQuery::Parsed parsed;
        while (true) {
            skipSpace();
            if (m_pos >= m_in.size()) break;
            SearchTerm term;
            if (auto error = readTerm(term)) {
                parsed.error = std::move(error);
                terms.clear();
                return parsed;
            }
            terms.push_back(std::move(term));
        }
        return parsed;
    }

private:
    void skipSpace() {
        while (m_pos < m_in.size() && isSpace(m_in[m_pos])) ++m_pos;
    }

    // A quoted string ("a \"b\"") or a run of non-space characters; `what` names it in errors.
    std::optional<SearchError> readValue(std::string& out, std::string_view what) {
        out.clear();
        if (m_pos < m_in.size() && m_in[m_pos] == '"') {
            const std::size_t open = m_pos++;
            while (m_pos < m_in.size() && m_in[m_pos] != '"') {
                if (m_in[m_pos] == '\\' && m_pos + 1 < m_in.size()) ++m_pos;
                out.push_back(m_in[m_pos++]);
            }
            if (m_pos >= m_in.size()) {
                return SearchError{open, "unterminated quote: expected a closing '\"'"};
            }
            ++m_pos;
            if (m_pos < m_in.size() && !isSpace(m_in[m_pos])) {
                return SearchError{m_pos, "expected a space after the closing quote"};
            }
            if (out.empty()) return SearchError{open, "expected text between the quotes"};
            return std::nullopt;
        }
        while (m_pos < m_in.size() && !isSpace(m_in[m_pos])) out.push_back(m_in[m_pos++]);
        if (out.empty()) return SearchError{m_pos, "expected " + std::string(what)};
        return std::nullopt;
    }

    std::optional<SearchError> readTerm(SearchTerm& term) {
        term.position = m_pos;
        if (m_in[m_pos] == '-') {
            term.negated = true;
            ++m_pos;
            if (m_pos >= m_in.size() || isSpace(m_in[m_pos])) {
                return SearchError{m_pos, "expected a term after '-'"};
            }
        }
        // `word:` with a known word is a field; anything else (an IPv6 address) is a bare word.
        std::size_t end = m_pos;
        while (end < m_in.size() && isAlpha(m_in[end])) ++end;
        if (end > m_pos && end < m_in.size() && m_in[end] == ':') {
            const std::string name = toLower(m_in.substr(m_pos, end - m_pos));
            const auto known = std::find_if(kFields.begin(), kFields.end(),
                                            [&](const FieldSpelling& f) { return f.name == name; });
            if (known == kFields.end()) {
                return SearchError{
                    m_pos, "unknown field '" + name + "': expected " + std::string(kFieldList)};
            }
            m_pos = end + 1;
            term.field = known->field;
            return readFieldValue(term, name);
        }
        term.field = Field::Text;
        std::string word;
        if (auto error = readValue(word, "a word")) return error;
        term.text = toLower(word);
        return std::nullopt;
    }

    std::optional<SearchError> readFieldValue(SearchTerm& term, const std::string& name) {
        const std::size_t valueAt = m_pos;
        switch (term.field) {
            case Field::Score:
            case Field::Count:
                return readComparison(term, name);
            case Field::Rcode:
            case Field::Qtype: {
                std::string value;
                const char* example = term.field == Field::Rcode ? "a response code after '"
                                                                 : "a record type after '";
                if (auto e =
                        readValue(value, example + name + ":' (e.g. " +
                                             (term.field == Field::Rcode ? "NXDOMAIN)" : "TXT)"))) {
                    return e;
                }
                const auto code = term.field == Field::Rcode ? event::rcodeFromName(value)
                                                             : event::qtypeFromName(value);
                std::uint16_t number = 0;
                const auto [ptr, ec] =
                    std::from_chars(value.data(), value.data() + value.size(), number);
                if (code) {
                    term.number = *code;
                } else if (ec == std::errc() && ptr == value.data() + value.size()) {
                    term.number = number;
                } else {
                    return SearchError{
                        valueAt,
                        "unknown " +
                            std::string(term.field == Field::Rcode ? "response code '"
                                                                   : "record type '") +
                            value + "': expected " +
                            (term.field == Field::Rcode ? "NOERROR, NXDOMAIN, SERVFAIL, REFUSED, "
                                                          "... or a number"
                                                        : "A, AAAA, TXT, NULL, ... or a number")};
                }
                term.text = toLower(value);
                return std::nullopt;
            }
            default: {
                std::string value;
                if (auto e = readValue(value, "a value after '" + name + ":'")) return e;
                term.text = toLower(value);
                term.wildcard = term.text.find_first_of("*?") != std::string::npos;
                if (term.wildcard && term.field != Field::Client && term.field != Field::Domain) {
                    return SearchError{valueAt,
                                       "wildcards (* ?) work in client: and domain: "
                                       "only; expected a plain value after '" +
                                           name + ":'"};
                }
                return std::nullopt;
            }
        }
    }

    std::optional<SearchError> readComparison(SearchTerm& term, const std::string& name) {
        std::string op;
        term.comparison = Comparison::GreaterEqual;  // `score:0.9` means at least 0.9
        if (m_in.substr(m_pos, 2) == ">=") {
            op = ">=";
        } else if (m_in.substr(m_pos, 2) == "<=") {
            op = "<=";
            term.comparison = Comparison::LessEqual;
        } else if (m_pos < m_in.size() && m_in[m_pos] == '>') {
            op = ">";
            term.comparison = Comparison::Greater;
        } else if (m_pos < m_in.size() && m_in[m_pos] == '<') {
            op = "<";
            term.comparison = Comparison::Less;
        } else if (m_pos < m_in.size() && m_in[m_pos] == '=') {
            op = "=";
            term.comparison = Comparison::Equal;
        }
        m_pos += op.size();
        const std::size_t numberAt = m_pos;
        std::size_t end = m_pos;
        while (end < m_in.size() && !isSpace(m_in[end])) ++end;
        const std::string_view text = m_in.substr(m_pos, end - m_pos);
        double value = 0;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
            return SearchError{numberAt,
                               "expected a number after '" + name + ":" + op + "'" +
                                   (text.empty() ? "" : ", found '" + std::string(text) + "'")};
        }
        m_pos = end;
        term.number = value;
        return std::nullopt;
    }

    std::string_view m_in;
    std::size_t m_pos = 0;
};

}  // namespace

std::string SearchError::describe() const {
    return "column " + std::to_string(position + 1) + ": " + message;
}

SearchQuery::Parsed SearchQuery::parse(std::string_view input) {
    std::vector<SearchTerm> terms;
    Parsed parsed = Parser(input).run(terms);
    parsed.query.m_terms = std::move(terms);
    return parsed;
}

std::string_view fieldName(Field field) {
    if (field == Field::Text) return "text";
    for (const FieldSpelling& f : kFields) {
        if (f.field == field) return f.name;
    }
    return "?";
}

bool globMatch(std::string_view pattern, std::string_view text) {
    // Iterative matcher with one backtrack point: linear-ish, no recursion on long names.
    std::size_t p = 0;
    std::size_t t = 0;
    std::size_t starP = std::string_view::npos;
    std::size_t starT = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == lower(text[t]))) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            starP = p++;
            starT = t;
        } else if (starP != std::string_view::npos) {
            p = starP + 1;
            t = ++starT;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

bool containsNoCase(std::string_view haystack, std::string_view lowerNeedle) {
    const auto it = std::search(haystack.begin(), haystack.end(), lowerNeedle.begin(),
                                lowerNeedle.end(), [](char h, char n) { return lower(h) == n; });
    return it != haystack.end();
}

}  // namespace dnshound::core::search
