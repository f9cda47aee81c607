#include "core/store/allowlist_store.h"

#include <filesystem>

#include "core/store/schema.h"
#include "core/store/sqlite_connection.h"
#include "core/store/store_error.h"

namespace dnshound::core::store {

namespace {

SqliteConnection openForAllowlist(const std::string& dbPath) {
    if (!std::filesystem::exists(dbPath)) throw StoreError("no such analysis file: " + dbPath);
    SqliteConnection db(dbPath, SqliteConnection::Mode::ReadWriteCreate);
    if (schemaVersion(db) == 0) throw StoreError(dbPath + " is not a DNS Hound analysis file");
    migrate(db);
    return db;
}

void writeRecords(SqliteConnection& db, std::span<const AllowlistRecord> entries, bool replaceAll) {
    db.exec("BEGIN IMMEDIATE");
    try {
        if (replaceAll) db.exec("DELETE FROM allowlist");
        auto st = db.prepare(
            "INSERT INTO allowlist(kind, value, reason, expires_us, added_us) VALUES(?,?,?,?,?)");
        for (const auto& e : entries) {
            st.bind(1, e.kind)
                .bind(2, e.value)
                .bind(3, e.reason)
                .bind(4, e.expiresUs)
                .bind(5, e.addedUs)
                .run();
        }
        db.exec("COMMIT");
    } catch (...) {
        db.exec("ROLLBACK");
        throw;
    }
}

}  // namespace

void appendAllowlistRecord(const std::string& dbPath, const AllowlistRecord& e) {
    SqliteConnection db = openForAllowlist(dbPath);
    writeRecords(db, std::span<const AllowlistRecord>(&e, 1), false);
}

void replaceAllowlistRecords(const std::string& dbPath, std::span<const AllowlistRecord> entries) {
    SqliteConnection db = openForAllowlist(dbPath);
    writeRecords(db, entries, true);
}

}  // namespace dnshound::core::store
