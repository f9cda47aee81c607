#include "core/search/alert_filter.h"

namespace dnshound::core::search {

namespace {

bool textMatches(const SearchTerm& term, std::string_view value) {
    if (term.wildcard) return globMatch(term.text, value);
    if (term.text.size() != value.size()) return false;
    return containsNoCase(value, term.text);  // same length: equality, ignoring case
}

bool compare(double value, const SearchTerm& term) {
    switch (term.comparison) {
        case Comparison::Equal:
            return value == term.number;
        case Comparison::Less:
            return value < term.number;
        case Comparison::LessEqual:
            return value <= term.number;
        case Comparison::Greater:
            return value > term.number;
        case Comparison::GreaterEqual:
            return value >= term.number;
    }
    return false;
}

bool termMatches(const SearchTerm& term, const store::AlertRecord& alert) {
    switch (term.field) {
        case Field::Text:
            return containsNoCase(alert.client, term.text) ||
                   containsNoCase(alert.domain, term.text) || containsNoCase(alert.kind, term.text);
        case Field::Client:
            return textMatches(term, alert.client);
        case Field::Domain:
            if (textMatches(term, alert.domain)) return true;
            for (const std::string& name : alert.evidence) {
                if (textMatches(term, name)) return true;
            }
            return false;
        case Field::Kind:
            return textMatches(term, alert.kind);
        case Field::State:
            return textMatches(term, alert.state);
        case Field::Score:
            return compare(alert.score, term);
        case Field::Count:
            return compare(static_cast<double>(alert.count), term);
        case Field::Rcode:
        case Field::Qtype:
            return false;
    }
    return false;
}

}  // namespace

std::optional<SearchError> AlertFilter::compile(const SearchQuery& query, AlertFilter& out) {
    for (const SearchTerm& term : query.terms()) {
        if (term.field == Field::Rcode || term.field == Field::Qtype) {
            return SearchError{term.position, "'" + std::string(fieldName(term.field)) +
                                                  ":' does not apply to alerts: expected client, "
                                                  "domain, kind, state, score or count"};
        }
    }
    out.m_terms = query.terms();
    return std::nullopt;
}

bool AlertFilter::matches(const store::AlertRecord& alert) const {
    for (const SearchTerm& term : m_terms) {
        if (termMatches(term, alert) == term.negated) return false;
    }
    return true;
}

}  // namespace dnshound::core::search
