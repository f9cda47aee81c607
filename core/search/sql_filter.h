#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/search/search_query.h"

namespace dnshound::core::search {

// The SQL column (an expression over the query's aliases) each field maps to; an empty one
// means the field does not apply to that table and compiling a term on it fails.
struct SqlColumns {
    std::string table = "queries";  // names the table in error messages
    std::string client;
    std::string domain;
    std::string kind;
    std::string state;
    std::string score;
    std::string count;
    std::string rcode;
    std::string qtype;
    std::vector<std::string> text;  // columns a bare word is looked for in (substring)
};

using SqlValue = std::variant<std::int64_t, double, std::string>;

// A WHERE fragment with `?` placeholders and the values to bind to them in order. User text only
// ever travels in `values`, never in `where`.
struct SqlFilter {
    std::string where;  // empty or "1" when there is nothing to filter
    std::vector<SqlValue> values;

    // Appends `AND column >= ? AND column < ?` (0 for either end: open).
    void andTimeWindow(const std::string& column, std::int64_t fromUs, std::int64_t toUs);
};

// Compiles `query` for a table described by `columns`; fails on the first term whose field the
// table lacks.
std::optional<SearchError> compileSql(const SearchQuery& query, const SqlColumns& columns,
                                      SqlFilter& out);

// The columns of AnalysisReader's query listings (aliases q: queries, c: clients, d: domains,
// s: domain_scores).
const SqlColumns& queryTableColumns();

}  // namespace dnshound::core::search
