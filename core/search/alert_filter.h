#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/search/search_query.h"
#include "core/store/store_records.h"

namespace dnshound::core::search {

// A search query compiled into a predicate over alert rows: client, domain (also matched against
// the evidence names), kind, state, score and count. rcode: and qtype: do not describe an alert
// and are refused at compile time, so a typo never silently hides every row.
class AlertFilter final {
public:
    AlertFilter() = default;  // matches every alert
    // Returns the error of the first term that cannot apply to alerts.
    static std::optional<SearchError> compile(const SearchQuery& query, AlertFilter& out);

    bool matches(const store::AlertRecord& alert) const;
    bool matchesEverything() const { return m_terms.empty(); }

private:
    std::vector<SearchTerm> m_terms;
};

}  // namespace dnshound::core::search
