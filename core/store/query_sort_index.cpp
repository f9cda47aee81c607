#include "core/store/query_sort_index.h"

#include <sqlite3.h>

#include <exception>

#include "core/store/sqlite_connection.h"

namespace dnshound::core::store {

namespace {

using Order = DrilldownReader::QueryOrder;

// The name and score orders walk (client_id, domain_id) one name at a time.
std::string_view indexColumns(Order order) {
    switch (order) {
        case Order::Domain:
        case Order::DgaScore:
            return "client_id, domain_id";
        case Order::Type:
            return "client_id, qtype";
        case Order::Rcode:
            return "client_id, rcode";
        case Order::Size:
            return "client_id, response_bytes";
        case Order::Source:
            return "client_id, source_id, source_line";
        case Order::Time:
            break;
    }
    return {};
}

}  // namespace

std::string_view querySortIndexName(Order order) {
    switch (order) {
        case Order::Domain:
        case Order::DgaScore:
            return "queries_by_client_domain";
        case Order::Type:
            return "queries_by_client_qtype";
        case Order::Rcode:
            return "queries_by_client_rcode";
        case Order::Size:
            return "queries_by_client_size";
        case Order::Source:
            return "queries_by_client_source";
        case Order::Time:
            break;
    }
    return {};
}

bool buildQuerySortIndex(const std::string& path, Order order, int busyMs) {
    const std::string_view name = querySortIndexName(order);
    if (name.empty()) return true;
    try {
        SqliteConnection db(path, SqliteConnection::Mode::ReadWrite);
        sqlite3_busy_timeout(db.handle(), busyMs);
        db.exec("PRAGMA cache_size=-65536");
        db.exec("CREATE INDEX IF NOT EXISTS " + std::string(name) + " ON queries(" +
                std::string(indexColumns(order)) + ")");
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace dnshound::core::store
