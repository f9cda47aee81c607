#include "core/store/client_list_query.h"

#include "core/store/analysis_reader.h"
#include "core/store/dashboard_series.h"

namespace dnshound::core::store {

namespace {

std::vector<std::string> splitKinds(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        if (end > start) out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

const char* orderColumn(ClientListQuery::Order order) {
    switch (order) {
        case ClientListQuery::Order::Queries:
            return "queries";
        case ClientListQuery::Order::DistinctNames:
            return "distinct_names";
        case ClientListQuery::Order::NxDomain:
            return "nxdomain";
        case ClientListQuery::Order::DgaNames:
            return "dga_names";
        case ClientListQuery::Order::FirstSeen:
            return "first_seen_us";
        case ClientListQuery::Order::LastSeen:
            return "last_seen_us";
        case ClientListQuery::Order::MaxScore:
            return "max_score";
        case ClientListQuery::Order::AlertKinds:
            return "alert_kinds";
        case ClientListQuery::Order::Ip:
            break;
    }
    return "ip";
}

// An older analysis is brought up to date (its clients gain the aggregates) before reading.
SqliteConnection openUpgraded(const std::string& path) {
    { const AnalysisReader upgrade(path); }
    return openAnalysisReadOnly(path);
}

}  // namespace

ClientSummary readClientSummary(const Statement& st) {
    return ClientSummary{
        st.text(0),  st.text(1),  st.int64(2), st.int64(3), st.int64(4),
        st.int64(5), st.int64(6), st.int64(7), st.real(8),  splitKinds(st.text(9))};
}

ClientListQuery::ClientListQuery(const std::string& path) : m_db(openUpgraded(path)) {}

std::int64_t ClientListQuery::count() {
    auto st = m_db.prepare("SELECT count(*) FROM clients");
    return st.step() ? st.int64(0) : 0;
}

std::vector<ClientSummary> ClientListQuery::page(Order order, bool descending, std::int64_t offset,
                                                 std::int64_t limit) {
    // The column comes from the fixed list above, never from the caller's text.
    const std::string direction = descending ? " DESC" : " ASC";
    auto st = m_db.prepare(
        std::string("SELECT ip, subnet, queries, nxdomain, distinct_names, dga_names, "
                    "first_seen_us, last_seen_us, max_score, alert_kinds FROM clients ORDER BY ") +
        orderColumn(order) + direction + ", ip" + direction + " LIMIT ? OFFSET ?");
    st.bind(1, limit).bind(2, offset);
    std::vector<ClientSummary> out;
    while (st.step()) out.push_back(readClientSummary(st));
    return out;
}

}  // namespace dnshound::core::store
