#include "core/store/sqlite_connection.h"

#include <sqlite3.h>

#include "core/store/store_error.h"

namespace dnshound::core::store {

namespace {
[[noreturn]] void fail(sqlite3* db, std::string_view what) {
    throw StoreError(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}
}  // namespace

void Statement::Finalizer::operator()(sqlite3_stmt* s) const {
    sqlite3_finalize(s);
}
void SqliteConnection::Closer::operator()(sqlite3* db) const {
    sqlite3_close_v2(db);
}

Statement::Statement(sqlite3* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}

Statement& Statement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(m_stmt.get(), index, value) != SQLITE_OK) fail(m_db, "bind");
    return *this;
}

Statement& Statement::bind(int index, double value) {
    if (sqlite3_bind_double(m_stmt.get(), index, value) != SQLITE_OK) fail(m_db, "bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    if (sqlite3_bind_text(m_stmt.get(), index, text.data(), static_cast<int>(text.size()),
                          SQLITE_TRANSIENT) != SQLITE_OK)
        fail(m_db, "bind");
    return *this;
}

Statement& Statement::bindNull(int index) {
    if (sqlite3_bind_null(m_stmt.get(), index) != SQLITE_OK) fail(m_db, "bind");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(m_db, "sqlite step");
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(m_stmt.get());
    sqlite3_clear_bindings(m_stmt.get());
}

void Statement::rewind() {
    sqlite3_reset(m_stmt.get());
}

std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(m_stmt.get(), column);
}
double Statement::real(int column) const {
    return sqlite3_column_double(m_stmt.get(), column);
}
bool Statement::isNull(int column) const {
    return sqlite3_column_type(m_stmt.get(), column) == SQLITE_NULL;
}
std::string Statement::text(int column) const {
    const auto* p = sqlite3_column_text(m_stmt.get(), column);
    const int n = sqlite3_column_bytes(m_stmt.get(), column);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n))
             : std::string();
}

SqliteConnection::SqliteConnection(const std::string& path, Mode mode) {
    sqlite3* db = nullptr;
    const int flags = mode == Mode::ReadOnly    ? SQLITE_OPEN_READONLY
                      : mode == Mode::ReadWrite ? SQLITE_OPEN_READWRITE
                                                : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    m_db.reset(db);
    if (rc != SQLITE_OK) fail(db, "cannot open " + path);
    sqlite3_busy_timeout(db, 5000);
    sqlite3_extended_result_codes(db, 1);
}

void SqliteConnection::exec(std::string_view sql) {
    char* err = nullptr;
    const std::string s(sql);
    if (sqlite3_exec(m_db.get(), s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        throw StoreError("sqlite: " + msg + " (in: " + s.substr(0, 80) + ")");
    }
}

std::int64_t SqliteConnection::lastInsertRowId() const {
    return sqlite3_last_insert_rowid(m_db.get());
}

Statement SqliteConnection::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(m_db.get(), sql.data(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK)
        fail(m_db.get(), "prepare '" + std::string(sql.substr(0, 60)) + "'");
    return Statement(m_db.get(), stmt);
}

}  // namespace dnshound::core::store
