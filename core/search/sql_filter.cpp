#include "core/search/sql_filter.h"

#include <utility>

namespace dnshound::core::search {

namespace {

// A glob (or a plain substring) as a LIKE pattern with '\' escaping LIKE's own wildcards.
std::string likePattern(std::string_view text, bool glob) {
    std::string out;
    if (!glob) out.push_back('%');
    for (const char c : text) {
        if (c == '%' || c == '_' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (glob && c == '*') {
            out.push_back('%');
        } else if (glob && c == '?') {
            out.push_back('_');
        } else {
            out.push_back(c);
        }
    }
    if (!glob) out.push_back('%');
    return out;
}

const char* comparisonSql(Comparison comparison) {
    switch (comparison) {
        case Comparison::Equal:
            return " = ?";
        case Comparison::Less:
            return " < ?";
        case Comparison::LessEqual:
            return " <= ?";
        case Comparison::Greater:
            return " > ?";
        case Comparison::GreaterEqual:
            return " >= ?";
    }
    return " = ?";
}

const std::string& columnFor(const SqlColumns& columns, Field field) {
    switch (field) {
        case Field::Client:
            return columns.client;
        case Field::Domain:
            return columns.domain;
        case Field::Kind:
            return columns.kind;
        case Field::State:
            return columns.state;
        case Field::Score:
            return columns.score;
        case Field::Count:
            return columns.count;
        case Field::Rcode:
            return columns.rcode;
        case Field::Qtype:
            return columns.qtype;
        case Field::Text:
            break;
    }
    static const std::string none;
    return none;
}

}  // namespace

void SqlFilter::andTimeWindow(const std::string& column, std::int64_t fromUs, std::int64_t toUs) {
    if (where.empty()) where = "1";
    if (fromUs != 0) {
        where += " AND " + column + " >= ?";
        values.emplace_back(fromUs);
    }
    if (toUs != 0) {
        where += " AND " + column + " < ?";
        values.emplace_back(toUs);
    }
}

std::optional<SearchError> compileSql(const SearchQuery& query, const SqlColumns& columns,
                                      SqlFilter& out) {
    SqlFilter filter;
    filter.where = "1";
    for (const SearchTerm& term : query.terms()) {
        std::string condition;
        if (term.field == Field::Text) {
            if (columns.text.empty()) {
                return SearchError{term.position, "bare words do not apply to " + columns.table +
                                                      ": expected field:value"};
            }
            for (const std::string& column : columns.text) {
                if (!condition.empty()) condition += " OR ";
                condition += column + " LIKE ? ESCAPE '\\'";
                filter.values.emplace_back(likePattern(term.text, false));
            }
        } else {
            const std::string& column = columnFor(columns, term.field);
            if (column.empty()) {
                return SearchError{term.position, "'" + std::string(fieldName(term.field)) +
                                                      ":' does not apply to " + columns.table};
            }
            switch (term.field) {
                case Field::Score:
                case Field::Count:
                    condition = column + comparisonSql(term.comparison);
                    filter.values.emplace_back(term.number);
                    break;
                case Field::Rcode:
                case Field::Qtype:
                    condition = column + " = ?";
                    filter.values.emplace_back(static_cast<std::int64_t>(term.number));
                    break;
                default:
                    if (term.wildcard) {
                        condition = column + " LIKE ? ESCAPE '\\'";
                        filter.values.emplace_back(likePattern(term.text, true));
                    } else {
                        condition = column + " = ? COLLATE NOCASE";
                        filter.values.emplace_back(term.text);
                    }
                    break;
            }
        }
        // A negated term keeps rows where the condition is NULL (an unscored name):
        // IS NOT TRUE holds for false and for NULL.
        filter.where +=
            term.negated ? " AND (" + condition + ") IS NOT TRUE" : " AND (" + condition + ")";
    }
    out = std::move(filter);
    return std::nullopt;
}

const SqlColumns& queryTableColumns() {
    static const SqlColumns columns = [] {
        SqlColumns c;
        c.table = "queries";
        c.client = "c.ip";
        c.domain = "d.name";
        c.score = "s.dga_score";
        c.rcode = "q.rcode";
        c.qtype = "q.qtype";
        c.text = {"d.name", "c.ip"};
        return c;
    }();
    return columns;
}

}  // namespace dnshound::core::search
