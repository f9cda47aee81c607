#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace dnshound::core::store {

// A prepared statement owned by a unique_ptr with sqlite3_finalize as deleter. Parameters are
// bound, never spliced into SQL text. Indices are 1-based for bind, 0-based for columns.
class Statement final {
public:
    Statement() = default;
    Statement(sqlite3* db, sqlite3_stmt* stmt);

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);
    Statement& bindNull(int index);
    // Steps once: true while a row is available; throws StoreError on failure.
    bool step();
    // Steps to completion and resets, for INSERT/UPDATE.
    void run();
    void reset();
    // Resets for another step keeping the bindings (each is bound again before the next step).
    void rewind();

    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    bool isNull(int column) const;

private:
    struct Finalizer {
        void operator()(sqlite3_stmt* s) const;
    };
    sqlite3* m_db = nullptr;
    std::unique_ptr<sqlite3_stmt, Finalizer> m_stmt;
};

class SqliteConnection final {
public:
    enum class Mode { ReadOnly, ReadWrite, ReadWriteCreate };
    SqliteConnection(const std::string& path, Mode mode);

    void exec(std::string_view sql);
    Statement prepare(std::string_view sql);
    sqlite3* handle() const { return m_db.get(); }
    // Row id of the last successful INSERT on this connection.
    std::int64_t lastInsertRowId() const;

private:
    struct Closer {
        void operator()(sqlite3* db) const;
    };
    std::unique_ptr<sqlite3, Closer> m_db;
};

}  // namespace dnshound::core::store
