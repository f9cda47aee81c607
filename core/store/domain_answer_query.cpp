#include "core/store/domain_answer_query.h"

#include "core/store/dashboard_series.h"

namespace dnshound::core::store {

DomainAnswerQuery::DomainAnswerQuery(const std::string& path) : m_db(openAnalysisReadOnly(path)) {
    auto st = m_db.prepare(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'domain_answers'");
    m_hasTable = st.step();
}

std::vector<DomainAnswerRow> DomainAnswerQuery::answers(std::string_view domain,
                                                        std::size_t limit) {
    std::vector<DomainAnswerRow> out;
    if (!m_hasTable) return out;
    auto st = m_db.prepare(
        "SELECT a.answer, a.rtype, a.count, a.clients, a.first_seen_us, a.last_seen_us "
        "FROM domains d JOIN domain_answers a ON a.domain_id = d.id WHERE d.name = ? "
        "ORDER BY a.count DESC, a.answer LIMIT ?");
    st.bind(1, domain).bind(2, static_cast<std::int64_t>(limit));
    while (st.step()) {
        out.push_back({st.text(0), static_cast<std::uint16_t>(st.int64(1)), st.int64(2),
                       st.int64(3), st.int64(4), st.int64(5)});
    }
    return out;
}

}  // namespace dnshound::core::store
