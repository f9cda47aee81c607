#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/store/sqlite_connection.h"

namespace dnshound::core::store {

// One distinct answer a name got over the run.
struct DomainAnswerRow {
    std::string answer;        // the address, as text
    std::uint16_t rtype = 0;   // record type of the answer (1 = A, 28 = AAAA)
    std::int64_t count = 0;    // responses that carried it
    std::int64_t clients = 0;  // distinct clients that got it
    std::int64_t firstSeenUs = 0;
    std::int64_t lastSeenUs = 0;
};

// The domain view's "Answers" table: the answers one name got, most frequent first. Analysis
// files written before answers were kept have none.
class DomainAnswerQuery final {
public:
    // Throws StoreError when the file is missing or not an analysis.
    explicit DomainAnswerQuery(const std::string& path);

    std::vector<DomainAnswerRow> answers(std::string_view domain, std::size_t limit);

private:
    SqliteConnection m_db;
    bool m_hasTable = false;
};

}  // namespace dnshound::core::store
