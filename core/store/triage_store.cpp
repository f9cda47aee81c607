#include "core/store/triage_store.h"

#include <filesystem>

#include <sqlite3.h>

#include "core/store/schema.h"
#include "core/store/sqlite_connection.h"
#include "core/store/store_error.h"

namespace dnshound::core::store {

namespace {

// How long a triage write waits for another writer of the file. The first sort of a big client
// builds an index in the file (query_sort_index): 16-30 s at 10M queries. Triage runs on a
// worker thread, so waiting that out is better than failing the analyst's change.
constexpr int kTriageBusyMs = 120'000;

}  // namespace

struct TriageStore::Impl {
    explicit Impl(const std::string& path) : db(path, SqliteConnection::Mode::ReadWriteCreate) {
        sqlite3_busy_timeout(db.handle(), kTriageBusyMs);
    }
    SqliteConnection db;
};

namespace {

// Commits when it goes out of scope normally, rolls back when an exception passes through.
class Transaction final {
public:
    explicit Transaction(SqliteConnection& db) : m_db(db) { m_db.exec("BEGIN IMMEDIATE"); }
    ~Transaction() {
        if (!m_done) {
            try {
                m_db.exec("ROLLBACK");
            } catch (...) {
            }
        }
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit() {
        m_db.exec("COMMIT");
        m_done = true;
    }

private:
    SqliteConnection& m_db;
    bool m_done = false;
};

}  // namespace

TriageStore::TriageStore(const std::string& path) {
    // ReadWriteCreate would make an empty file out of a typo: refuse missing files first.
    if (!std::filesystem::is_regular_file(path)) throw StoreError("no such analysis file: " + path);
    m_impl = std::make_unique<Impl>(path);
    if (schemaVersion(m_impl->db) == 0)
        throw StoreError(path + " is not a DNS Hound analysis file");
    migrate(m_impl->db);
}

TriageStore::~TriageStore() = default;

std::string TriageStore::state(std::int64_t alertId) const {
    auto st = m_impl->db.prepare("SELECT state FROM alerts WHERE id = ?");
    st.bind(1, alertId);
    if (!st.step()) throw StoreError("no alert with id " + std::to_string(alertId));
    return st.text(0);
}

std::string TriageStore::setState(std::int64_t alertId, std::string_view newState,
                                  std::string_view author, std::int64_t timeUs) {
    if (!isTriageState(newState))
        throw StoreError("unknown triage state '" + std::string(newState) + "'");
    auto& db = m_impl->db;
    Transaction tx(db);
    std::string before = state(alertId);
    if (before != newState) {
        db.prepare("UPDATE alerts SET state = ? WHERE id = ?")
            .bind(1, newState)
            .bind(2, alertId)
            .run();
        db.prepare(
              "INSERT INTO triage_log(alert_id, time_us, author, from_state, to_state) "
              "VALUES(?,?,?,?,?)")
            .bind(1, alertId)
            .bind(2, timeUs)
            .bind(3, author)
            .bind(4, std::string_view(before))
            .bind(5, newState)
            .run();
    }
    tx.commit();
    return before;
}

AlertNote TriageStore::addNote(std::int64_t alertId, std::string_view author, std::string_view text,
                               std::int64_t timeUs) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        throw StoreError("a note needs some text");
    auto& db = m_impl->db;
    Transaction tx(db);
    state(alertId);  // throws for an unknown alert
    db.prepare("INSERT INTO alert_notes(alert_id, time_us, author, text) VALUES(?,?,?,?)")
        .bind(1, alertId)
        .bind(2, timeUs)
        .bind(3, author)
        .bind(4, text)
        .run();
    AlertNote note;
    note.id = db.lastInsertRowId();
    tx.commit();
    note.alertId = alertId;
    note.timeUs = timeUs;
    note.author = std::string(author);
    note.text = std::string(text);
    return note;
}

std::vector<AlertNote> TriageStore::notes(std::int64_t alertId) const {
    auto st = m_impl->db.prepare(
        "SELECT id, alert_id, time_us, author, text FROM alert_notes WHERE alert_id = ? "
        "ORDER BY id");
    st.bind(1, alertId);
    std::vector<AlertNote> out;
    while (st.step())
        out.push_back({st.int64(0), st.int64(1), st.int64(2), st.text(3), st.text(4)});
    return out;
}

std::vector<TriageChange> TriageStore::changes(std::int64_t alertId) const {
    auto st = m_impl->db.prepare(
        "SELECT id, alert_id, time_us, author, from_state, to_state FROM triage_log "
        "WHERE alert_id = ? ORDER BY id");
    st.bind(1, alertId);
    std::vector<TriageChange> out;
    while (st.step())
        out.push_back({st.int64(0), st.int64(1), st.int64(2), st.text(3), st.text(4), st.text(5)});
    return out;
}

std::vector<std::pair<std::int64_t, std::int64_t>> TriageStore::noteCounts() const {
    auto st = m_impl->db.prepare(
        "SELECT alert_id, count(*) FROM alert_notes GROUP BY alert_id ORDER BY alert_id");
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    while (st.step()) out.emplace_back(st.int64(0), st.int64(1));
    return out;
}

}  // namespace dnshound::core::store
