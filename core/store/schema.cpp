#include "core/store/schema.h"

#include <array>
#include <string>
#include <string_view>

#include "core/store/sqlite_connection.h"
#include "core/store/store_error.h"

namespace dnshound::core::store {

namespace {

// Migration N brings the schema from version N to N+1. Never edit one that has shipped: add one.
constexpr std::array<std::string_view, kSchemaVersion> kMigrations{
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources(
    id INTEGER PRIMARY KEY, path TEXT NOT NULL, format TEXT NOT NULL,
    lines_total INTEGER NOT NULL DEFAULT 0, lines_valid INTEGER NOT NULL DEFAULT 0,
    lines_rejected INTEGER NOT NULL DEFAULT 0, lines_skipped INTEGER NOT NULL DEFAULT 0,
    events INTEGER NOT NULL DEFAULT 0);
CREATE TABLE reject_counts(
    source_id INTEGER NOT NULL, reason TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY(source_id, reason));
CREATE TABLE rejected_lines(
    source_id INTEGER NOT NULL, line INTEGER NOT NULL, reason TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE domains(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE domain_scores(domain_id INTEGER PRIMARY KEY, dga_score REAL NOT NULL);
CREATE TABLE clients(
    id INTEGER PRIMARY KEY, ip TEXT NOT NULL UNIQUE, subnet TEXT NOT NULL,
    queries INTEGER NOT NULL DEFAULT 0, nxdomain INTEGER NOT NULL DEFAULT 0,
    distinct_names INTEGER NOT NULL DEFAULT 0, dga_names INTEGER NOT NULL DEFAULT 0,
    first_seen_us INTEGER NOT NULL DEFAULT 0, last_seen_us INTEGER NOT NULL DEFAULT 0);
CREATE TABLE queries(
    time_us INTEGER NOT NULL, client_id INTEGER NOT NULL, domain_id INTEGER NOT NULL,
    qtype INTEGER NOT NULL, rcode INTEGER NOT NULL, response_bytes INTEGER NOT NULL,
    source_id INTEGER NOT NULL, source_line INTEGER NOT NULL);
CREATE TABLE volumes(
    minute_us INTEGER PRIMARY KEY, queries INTEGER NOT NULL, nxdomain INTEGER NOT NULL,
    alerts INTEGER NOT NULL DEFAULT 0);
CREATE TABLE alerts(
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, client TEXT NOT NULL, domain TEXT NOT NULL,
    score REAL NOT NULL, first_seen_us INTEGER NOT NULL, last_seen_us INTEGER NOT NULL,
    count INTEGER NOT NULL, evidence TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'new',
    UNIQUE(kind, client));
CREATE TABLE stage_samples(
    stage TEXT NOT NULL, wall_us INTEGER NOT NULL, batches INTEGER NOT NULL,
    events_in INTEGER NOT NULL, events_out INTEGER NOT NULL, busy_us INTEGER NOT NULL,
    max_latency_us INTEGER NOT NULL, queue_fill REAL NOT NULL);
)sql",
    // 2: tunnel and exfil alerts (issue 4). One alert per (kind, client, scope), scope being the
    // registered domain for tunnel/exfil and '' for dga; why in words and figures; and the
    // bytes-over-time series of watched (client, domain) pairs.
    R"sql(
CREATE TABLE alerts_v2(
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, client TEXT NOT NULL, domain TEXT NOT NULL,
    score REAL NOT NULL, first_seen_us INTEGER NOT NULL, last_seen_us INTEGER NOT NULL,
    count INTEGER NOT NULL, evidence TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'new',
    scope TEXT NOT NULL DEFAULT '', reason TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '', UNIQUE(kind, client, scope));
INSERT INTO alerts_v2(id, kind, client, domain, score, first_seen_us, last_seen_us, count,
                      evidence, state)
    SELECT id, kind, client, domain, score, first_seen_us, last_seen_us, count, evidence, state
    FROM alerts;
DROP TABLE alerts;
ALTER TABLE alerts_v2 RENAME TO alerts;
CREATE TABLE tunnel_series(
    client TEXT NOT NULL, domain TEXT NOT NULL, minute_us INTEGER NOT NULL,
    queries INTEGER NOT NULL, distinct_labels INTEGER NOT NULL, bytes REAL NOT NULL,
    PRIMARY KEY(client, domain, minute_us));
)sql",
    // 3: datatest confusion matrices and the allowlist applied to (or added to) the analysis.
    R"sql(
CREATE TABLE confusion(
    level TEXT NOT NULL, truth TEXT NOT NULL, predicted TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY(level, truth, predicted));
CREATE TABLE allowlist(
    kind TEXT NOT NULL, value TEXT NOT NULL, reason TEXT NOT NULL,
    expires_us INTEGER NOT NULL DEFAULT 0, added_us INTEGER NOT NULL DEFAULT 0);
)sql",
    // 4: per-minute rollups of the queries, filled once at the end of a run, so the dashboards'
    // top clients and names over any time range read thousands of rows, not millions.
    R"sql(
CREATE TABLE client_minutes(
    minute_us INTEGER NOT NULL, client_id INTEGER NOT NULL, queries INTEGER NOT NULL,
    nxdomain INTEGER NOT NULL, PRIMARY KEY(minute_us, client_id)) WITHOUT ROWID;
CREATE TABLE domain_minutes(
    minute_us INTEGER NOT NULL, domain_id INTEGER NOT NULL, queries INTEGER NOT NULL,
    PRIMARY KEY(minute_us, domain_id)) WITHOUT ROWID;
)sql",
    // 5: triage (drill-down): analyst notes per alert and every change of an alert's state.
    R"sql(
CREATE TABLE alert_notes(
    id INTEGER PRIMARY KEY, alert_id INTEGER NOT NULL, time_us INTEGER NOT NULL,
    author TEXT NOT NULL, text TEXT NOT NULL);
CREATE INDEX alert_notes_by_alert ON alert_notes(alert_id, id);
CREATE TABLE triage_log(
    id INTEGER PRIMARY KEY, alert_id INTEGER NOT NULL, time_us INTEGER NOT NULL,
    author TEXT NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL);
CREATE INDEX triage_log_by_alert ON triage_log(alert_id, id);
)sql",
    // 6: the answers each name got, one row per distinct (name, answer, record type) with how
    // often, by how many clients and when (the domain view's "Answers" table).
    R"sql(
CREATE TABLE domain_answers(
    domain_id INTEGER NOT NULL, answer TEXT NOT NULL, rtype INTEGER NOT NULL,
    count INTEGER NOT NULL, clients INTEGER NOT NULL, first_seen_us INTEGER NOT NULL,
    last_seen_us INTEGER NOT NULL, PRIMARY KEY(domain_id, answer, rtype)) WITHOUT ROWID;
)sql",
    // 7: the client list's per-client aggregates, written once at the end of a run (the
    // pipeline tallies them), so listing clients never scans the queries. Older analyses get
    // them filled here, once, on upgrade.
    // A file that lacks the tables read here (written by hand, or cut short) gains them empty.
    R"sql(
CREATE TABLE IF NOT EXISTS clients(
    id INTEGER PRIMARY KEY, ip TEXT NOT NULL UNIQUE, subnet TEXT NOT NULL,
    queries INTEGER NOT NULL DEFAULT 0, nxdomain INTEGER NOT NULL DEFAULT 0,
    distinct_names INTEGER NOT NULL DEFAULT 0, dga_names INTEGER NOT NULL DEFAULT 0,
    first_seen_us INTEGER NOT NULL DEFAULT 0, last_seen_us INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS queries(
    time_us INTEGER NOT NULL, client_id INTEGER NOT NULL, domain_id INTEGER NOT NULL,
    qtype INTEGER NOT NULL, rcode INTEGER NOT NULL, response_bytes INTEGER NOT NULL,
    source_id INTEGER NOT NULL, source_line INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS domain_scores(domain_id INTEGER PRIMARY KEY, dga_score REAL NOT NULL);
ALTER TABLE clients ADD COLUMN max_score REAL NOT NULL DEFAULT -1;
ALTER TABLE clients ADD COLUMN alert_kinds TEXT NOT NULL DEFAULT '';
UPDATE clients SET max_score = coalesce((SELECT max(s.dga_score) FROM queries q
    JOIN domain_scores s ON s.domain_id = q.domain_id WHERE q.client_id = clients.id), -1);
UPDATE clients SET alert_kinds = coalesce((SELECT group_concat(kind, ',') FROM
    (SELECT DISTINCT kind FROM alerts WHERE alerts.client = clients.ip ORDER BY kind)), '');
)sql",
};

}  // namespace

int schemaVersion(SqliteConnection& db) {
    auto st = db.prepare("PRAGMA user_version");
    return st.step() ? static_cast<int>(st.int64(0)) : 0;
}

void migrate(SqliteConnection& db) {
    const int have = schemaVersion(db);
    if (have > kSchemaVersion) {
        throw StoreError("analysis file has schema version " + std::to_string(have) +
                         ", newer than this DNS Hound understands (" +
                         std::to_string(kSchemaVersion) + ")");
    }
    for (int v = have; v < kSchemaVersion; ++v) {
        db.exec("BEGIN IMMEDIATE");
        try {
            db.exec(kMigrations[static_cast<std::size_t>(v)]);
            db.exec("PRAGMA user_version = " + std::to_string(v + 1));
            db.exec("COMMIT");
        } catch (...) {
            db.exec("ROLLBACK");
            throw;
        }
    }
}

}  // namespace dnshound::core::store
