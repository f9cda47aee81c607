#include "core/store/allowlist_store.h"

#include <filesystem>

#include "core/store/schema.h"
#include "core/store/sqlite_connection.h"
#include "core/store/store_error.h"

namespace dnshound::core::store {

void appendAllowlistRecord(const std::string& dbPath, const AllowlistRecord& e) {
    if (!std::filesystem::exists(dbPath)) throw StoreError("no such analysis file: " + dbPath);
    SqliteConnection db(dbPath, SqliteConnection::Mode::ReadWriteCreate);
    if (schemaVersion(db) == 0) throw StoreError(dbPath + " is not a DNS Hound analysis file");
    migrate(db);
    db.exec("BEGIN IMMEDIATE");
    try {
        db.prepare(
              "INSERT INTO allowlist(kind, value, reason, expires_us, added_us) "
              "VALUES(?,?,?,?,?)")
            .bind(1, e.kind)
            .bind(2, e.value)
            .bind(3, e.reason)
            .bind(4, e.expiresUs)
            .bind(5, e.addedUs)
            .run();
        db.exec("COMMIT");
    } catch (...) {
        db.exec("ROLLBACK");
        throw;
    }
}

}  // namespace dnshound::core::store
