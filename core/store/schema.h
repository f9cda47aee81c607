#pragma once

namespace dnshound::core::store {

class SqliteConnection;

// The analysis file's schema version this build writes and reads.
inline constexpr int kSchemaVersion = 7;

// Brings a connection's database up to kSchemaVersion by running the numbered migrations it
// lacks, each in its own transaction (PRAGMA user_version records progress). Throws StoreError
// for a file written by a newer DNS Hound.
void migrate(SqliteConnection& db);
// The version a file has (0 for a new, empty file).
int schemaVersion(SqliteConnection& db);

}  // namespace dnshound::core::store
