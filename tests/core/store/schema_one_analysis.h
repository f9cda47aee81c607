#pragma once

#include <string>
#include <string_view>

#include "core/store/sqlite_connection.h"

// Writes an analysis file as the first release did (schema 1, its DDL verbatim), then runs
// `rows` (INSERTs into its tables). Opening it must bring it up to date.
inline void writeSchemaOneAnalysis(const std::string& path, std::string_view rows) {
    dnshound::core::store::SqliteConnection db(
        path, dnshound::core::store::SqliteConnection::Mode::ReadWriteCreate);
    db.exec(R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE alerts(
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, client TEXT NOT NULL, domain TEXT NOT NULL,
    score REAL NOT NULL, first_seen_us INTEGER NOT NULL, last_seen_us INTEGER NOT NULL,
    count INTEGER NOT NULL, evidence TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'new',
    UNIQUE(kind, client));
PRAGMA user_version = 1;
)sql");
    db.exec(rows);
}
