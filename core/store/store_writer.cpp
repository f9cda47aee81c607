#include "core/store/store_writer.h"

#include <algorithm>
#include <filesystem>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/store/schema.h"
#include "core/store/sqlite_connection.h"
#include "core/store/store_error.h"
#include "core/text/json_writer.h"

namespace dnshound::core::store {

namespace {

// One distinct answer a name got: the address (the event's first address answer) per name.
struct AnswerKey {
    event::NameId name = event::kNoName;
    event::IpAddress address;
    friend bool operator==(const AnswerKey&, const AnswerKey&) = default;
};

struct AnswerKeyHash {
    std::size_t operator()(const AnswerKey& k) const noexcept {
        return event::IpAddressHash{}(k.address) * 0x9e3779b97f4a7c15ULL ^ k.name;
    }
};

struct AnswerTally {
    std::int64_t count = 0;
    std::int64_t clients = 0;
    std::int64_t firstSeenUs = 0;
    std::int64_t lastSeenUs = 0;
    bool dirty = false;
};

constexpr std::int64_t kMinuteUs = 60'000'000;

// (minute, client or domain id): a key of the per-minute rollups.
struct MinuteKey {
    std::int64_t minuteUs = 0;
    std::uint32_t id = 0;
    friend bool operator==(const MinuteKey&, const MinuteKey&) = default;
    friend auto operator<=>(const MinuteKey&, const MinuteKey&) = default;
};

struct MinuteKeyHash {
    std::size_t operator()(const MinuteKey& k) const {
        std::uint64_t h = static_cast<std::uint64_t>(k.minuteUs) * 0x9E3779B97F4A7C15ull ^ k.id;
        h ^= h >> 32;
        h *= 0xD6E8FEB86659FD93ull;
        return static_cast<std::size_t>(h ^ (h >> 32));
    }
};

struct ClientMinute {
    std::int64_t queries = 0;
    std::int64_t nxdomain = 0;
};

// A map's entries in key order: the order SQLite's GROUP BY gave these rows before.
template <typename Map>
std::vector<const typename Map::value_type*> sortedEntries(const Map& map) {
    std::vector<const typename Map::value_type*> out;
    out.reserve(map.size());
    for (const auto& entry : map) out.push_back(&entry);
    std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->first < b->first; });
    return out;
}

// One index per sortable column of a client's queries (time walks queries_by_client); the name
// and score sorts walk (client_id, domain_id). Built once at the end of a run, like
// queries_by_client.
constexpr const char* kSortIndexes[] = {
    "CREATE INDEX IF NOT EXISTS queries_by_client_domain ON queries(client_id, domain_id)",
    "CREATE INDEX IF NOT EXISTS queries_by_client_qtype ON queries(client_id, qtype)",
    "CREATE INDEX IF NOT EXISTS queries_by_client_rcode ON queries(client_id, rcode)",
    "CREATE INDEX IF NOT EXISTS queries_by_client_size ON queries(client_id, response_bytes)",
    "CREATE INDEX IF NOT EXISTS queries_by_client_source ON queries(client_id, source_id, "
    "source_line)",
};
}  // namespace

struct StoreWriter::Impl {
    Impl(const std::string& path, const config::StoreConfig& cfg, const event::NameTable& n)
        : config(cfg), names(n), db(path, SqliteConnection::Mode::ReadWriteCreate) {}

    config::StoreConfig config;
    const event::NameTable& names;
    SqliteConnection db;
    Statement insertQuery, insertName, upsertScore, upsertAlert, insertClient, insertStage, setMeta,
        upsertTunnel;
    std::size_t rowsInTransaction = 0;
    bool inTransaction = false;
    std::size_t namesWritten = 0;
    std::string evidenceJson;  // reused buffer
    // The dashboards' per-minute rollups of the stored queries, kept as they are written: a
    // GROUP BY over the queries table at the end cost more than inserting the rows.
    std::unordered_map<MinuteKey, ClientMinute, MinuteKeyHash> clientMinutes;
    std::unordered_map<MinuteKey, std::int64_t, MinuteKeyHash> domainMinutes;

    // Answers per distinct (name, address): tallied per event in memory, written per distinct
    // answer when a transaction commits (only those that changed since the last commit).
    Statement upsertAnswer;
    std::unordered_map<AnswerKey, std::size_t, AnswerKeyHash> answerIndex;
    std::vector<AnswerKey> answerKeys;
    std::vector<AnswerTally> answers;
    std::vector<std::size_t> dirtyAnswers;
    std::unordered_set<std::uint64_t> answerClients;  // answer index << 32 | client id

    void tallyAnswer(const event::DnsEvent& e, std::uint32_t clientId) {
        if (e.answer.isUnspecified() || e.name == event::kNoName) return;
        const AnswerKey key{e.name, e.answer};
        auto [it, added] = answerIndex.try_emplace(key, answers.size());
        if (added) {
            answerKeys.push_back(key);
            answers.push_back({0, 0, e.timeUs, e.timeUs, false});
        }
        const std::size_t index = it->second;
        AnswerTally& t = answers[index];
        ++t.count;
        t.firstSeenUs = std::min(t.firstSeenUs, e.timeUs);
        t.lastSeenUs = std::max(t.lastSeenUs, e.timeUs);
        if (answerClients.insert(static_cast<std::uint64_t>(index) << 32 | clientId).second)
            ++t.clients;
        if (!t.dirty) {
            t.dirty = true;
            dirtyAnswers.push_back(index);
        }
    }
    void writeDirtyAnswers() {
        for (const std::size_t index : dirtyAnswers) {
            AnswerTally& t = answers[index];
            const AnswerKey& key = answerKeys[index];
            upsertAnswer.bind(1, static_cast<std::int64_t>(key.name))
                .bind(2, key.address.toString())
                .bind(3, static_cast<std::int64_t>(key.address.isV4() ? 1 : 28))
                .bind(4, t.count)
                .bind(5, t.clients)
                .bind(6, t.firstSeenUs)
                .bind(7, t.lastSeenUs)
                .run();
            t.dirty = false;
        }
        dirtyAnswers.clear();
    }

    void begin() {
        if (!inTransaction) {
            db.exec("BEGIN");
            inTransaction = true;
        }
    }
    void writeNewNames() {
        const std::size_t n = names.size();
        for (; namesWritten < n; ++namesWritten) {
            insertName.bind(1, static_cast<std::int64_t>(namesWritten))
                .bind(2, names.name(static_cast<event::NameId>(namesWritten)))
                .run();
        }
    }
    void commit() {
        if (!inTransaction) return;
        writeNewNames();
        writeDirtyAnswers();
        db.exec("COMMIT");
        inTransaction = false;
        rowsInTransaction = 0;
    }
};

StoreWriter::StoreWriter(const std::string& path, const config::StoreConfig& config,
                         const event::NameTable& names) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        std::filesystem::remove(path + suffix, ec);
    m_impl = std::make_unique<Impl>(path, config, names);
    auto& db = m_impl->db;
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=NORMAL");
    db.exec("PRAGMA cache_size=-65536");
    migrate(db);
    m_impl->insertQuery = db.prepare(
        "INSERT INTO queries(time_us, client_id, domain_id, qtype, rcode, response_bytes, "
        "source_id, source_line) VALUES(?,?,?,?,?,?,?,?)");
    m_impl->insertName = db.prepare("INSERT OR IGNORE INTO domains(id, name) VALUES(?,?)");
    m_impl->upsertScore = db.prepare(
        "INSERT INTO domain_scores(domain_id, dga_score) VALUES(?,?) "
        "ON CONFLICT(domain_id) DO UPDATE SET dga_score=excluded.dga_score");
    m_impl->upsertAlert = db.prepare(
        "INSERT INTO alerts(id, kind, client, domain, score, first_seen_us, last_seen_us, count, "
        "evidence, scope, reason, details) VALUES(?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO "
        "UPDATE SET domain=excluded.domain, score=excluded.score, "
        "first_seen_us=excluded.first_seen_us, last_seen_us=excluded.last_seen_us, "
        "count=excluded.count, evidence=excluded.evidence, reason=excluded.reason, "
        "details=excluded.details");
    m_impl->upsertTunnel = db.prepare(
        "INSERT INTO tunnel_series(client, domain, minute_us, queries, distinct_labels, bytes) "
        "VALUES(?,?,?,?,?,?) ON CONFLICT(client, domain, minute_us) DO UPDATE SET "
        "queries=excluded.queries, distinct_labels=excluded.distinct_labels, "
        "bytes=excluded.bytes");
    m_impl->upsertAnswer = db.prepare(
        "INSERT INTO domain_answers(domain_id, answer, rtype, count, clients, first_seen_us, "
        "last_seen_us) VALUES(?,?,?,?,?,?,?) ON CONFLICT(domain_id, answer, rtype) DO UPDATE SET "
        "count=excluded.count, clients=excluded.clients, first_seen_us=excluded.first_seen_us, "
        "last_seen_us=excluded.last_seen_us");
    m_impl->insertClient = db.prepare("INSERT INTO clients(id, ip, subnet) VALUES(?,?,?)");
    m_impl->insertStage = db.prepare(
        "INSERT INTO stage_samples(stage, wall_us, batches, events_in, events_out, busy_us, "
        "max_latency_us, queue_fill) VALUES(?,?,?,?,?,?,?,?)");
    m_impl->setMeta = db.prepare(
        "INSERT INTO meta(key, value) VALUES(?,?) ON CONFLICT(key) DO UPDATE SET "
        "value=excluded.value");
}

StoreWriter::~StoreWriter() {
    // A writer destroyed without finish() (an exception upstream) still leaves what it had.
    try {
        if (m_impl) m_impl->commit();
    } catch (...) {
    }
}

void StoreWriter::setMeta(std::string_view key, std::string_view value) {
    m_impl->begin();
    m_impl->setMeta.bind(1, key).bind(2, value).run();
}

void StoreWriter::addClient(std::uint32_t id, const event::IpAddress& ip, std::string_view subnet) {
    m_impl->begin();
    m_impl->insertClient.bind(1, static_cast<std::int64_t>(id))
        .bind(2, ip.toString())
        .bind(3, subnet)
        .run();
    ++m_impl->rowsInTransaction;
    ++m_rowsWritten;
}

void StoreWriter::addEvents(std::span<const event::DnsEvent> events,
                            std::span<const std::uint32_t> clientIds) {
    m_impl->begin();
    for (std::size_t i = 0; i < events.size(); ++i) m_impl->tallyAnswer(events[i], clientIds[i]);
    if (!m_impl->config.storeQueries) return;
    auto& st = m_impl->insertQuery;
    ClientMinute* clientMinute = nullptr;  // events come in runs of one client
    MinuteKey clientKey;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto& e = events[i];
        // As SQLite's integer division: towards zero.
        const std::int64_t minute = e.timeUs / kMinuteUs * kMinuteUs;
        const MinuteKey key{minute, clientIds[i]};
        if (!clientMinute || !(key == clientKey)) {
            clientMinute = &m_impl->clientMinutes[key];
            clientKey = key;
        }
        ++clientMinute->queries;
        clientMinute->nxdomain += e.rcode == event::kRcodeNxDomain;
        ++m_impl->domainMinutes[MinuteKey{minute, e.name}];
        st.bind(1, e.timeUs)
            .bind(2, static_cast<std::int64_t>(clientIds[i]))
            .bind(3, static_cast<std::int64_t>(e.name))
            .bind(4, static_cast<std::int64_t>(e.qtype))
            .bind(5, static_cast<std::int64_t>(e.rcode))
            .bind(6, static_cast<std::int64_t>(e.responseBytes))
            .bind(7, static_cast<std::int64_t>(e.sourceId))
            .bind(8, static_cast<std::int64_t>(e.sourceLine));
        st.step();
        st.reset();
    }
    m_impl->rowsInTransaction += events.size();
    m_rowsWritten += events.size();
}

void StoreWriter::setScore(event::NameId name, float dgaScore) {
    m_impl->begin();
    m_impl->upsertScore.bind(1, static_cast<std::int64_t>(name))
        .bind(2, static_cast<double>(dgaScore))
        .run();
    ++m_impl->rowsInTransaction;
    ++m_rowsWritten;
}

void StoreWriter::upsertAlert(const AlertRecord& a) {
    m_impl->begin();
    auto& json = m_impl->evidenceJson;
    json.clear();
    json.push_back('[');
    for (std::size_t i = 0; i < a.evidence.size(); ++i) {
        if (i) json.push_back(',');
        text::appendJsonString(json, a.evidence[i]);
    }
    json.push_back(']');
    m_impl->upsertAlert.bind(1, a.id)
        .bind(2, a.kind)
        .bind(3, a.client)
        .bind(4, a.domain)
        .bind(5, a.score)
        .bind(6, a.firstSeenUs)
        .bind(7, a.lastSeenUs)
        .bind(8, a.count)
        .bind(9, std::string_view(json))
        .bind(10, a.scope)
        .bind(11, a.reason)
        .bind(12, a.details)
        .run();
    ++m_impl->rowsInTransaction;
    ++m_rowsWritten;
}

void StoreWriter::upsertTunnelPoint(const TunnelSeriesPoint& p) {
    m_impl->begin();
    m_impl->upsertTunnel.bind(1, p.client)
        .bind(2, p.domain)
        .bind(3, p.minuteUs)
        .bind(4, p.queries)
        .bind(5, p.distinctLabels)
        .bind(6, p.bytes)
        .run();
    ++m_impl->rowsInTransaction;
    ++m_rowsWritten;
}

void StoreWriter::addStageSample(const StageSample& s) {
    m_impl->begin();
    m_impl->insertStage.bind(1, s.stage)
        .bind(2, s.wallUs)
        .bind(3, s.batches)
        .bind(4, s.eventsIn)
        .bind(5, s.eventsOut)
        .bind(6, s.busyUs)
        .bind(7, s.maxLatencyUs)
        .bind(8, s.queueFill)
        .run();
    ++m_impl->rowsInTransaction;
}

void StoreWriter::setConfusion(std::span<const ConfusionCell> cells) {
    m_impl->begin();
    auto st = m_impl->db.prepare(
        "INSERT INTO confusion(level, truth, predicted, count) VALUES(?,?,?,?) "
        "ON CONFLICT(level, truth, predicted) DO UPDATE SET count=excluded.count");
    for (const auto& c : cells)
        st.bind(1, c.level).bind(2, c.truth).bind(3, c.predicted).bind(4, c.count).run();
}

void StoreWriter::addAllowlistEntry(const AllowlistRecord& e) {
    m_impl->begin();
    m_impl->db
        .prepare(
            "INSERT INTO allowlist(kind, value, reason, expires_us, added_us) VALUES(?,?,?,?,?)")
        .bind(1, e.kind)
        .bind(2, e.value)
        .bind(3, e.reason)
        .bind(4, e.expiresUs)
        .bind(5, e.addedUs)
        .run();
}

void StoreWriter::commitIfDue() {
    if (m_impl->rowsInTransaction >= m_impl->config.transactionRows) m_impl->commit();
}

void StoreWriter::finish(std::span<const SourceTotals> sources,
                         std::span<const ClientTotals> clients,
                         std::span<const VolumeBucket> volumes) {
    auto& db = m_impl->db;
    m_impl->begin();
    auto src = db.prepare(
        "INSERT INTO sources(id, path, format, lines_total, lines_valid, lines_rejected, "
        "lines_skipped, events) VALUES(?,?,?,?,?,?,?,?)");
    auto rej = db.prepare("INSERT INTO reject_counts(source_id, reason, count) VALUES(?,?,?)");
    auto sample =
        db.prepare("INSERT INTO rejected_lines(source_id, line, reason, text) VALUES(?,?,?,?)");
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const auto& s = sources[i].summary;
        const auto id = static_cast<std::int64_t>(i);
        src.bind(1, id)
            .bind(2, s.path)
            .bind(3, s.format)
            .bind(4, s.linesTotal)
            .bind(5, s.linesValid)
            .bind(6, s.linesRejected)
            .bind(7, s.linesSkipped)
            .bind(8, s.events)
            .run();
        for (const auto& [reason, count] : sources[i].rejectsByReason)
            rej.bind(1, id).bind(2, reason).bind(3, static_cast<std::int64_t>(count)).run();
        for (const auto& r : sources[i].samples)
            sample.bind(1, id).bind(2, r.line).bind(3, r.reason).bind(4, r.text).run();
    }
    auto cl = db.prepare(
        "INSERT INTO clients(id, ip, subnet, queries, nxdomain, distinct_names, dga_names, "
        "first_seen_us, last_seen_us, max_score) VALUES(?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO "
        "UPDATE SET "
        "queries=excluded.queries, nxdomain=excluded.nxdomain, "
        "distinct_names=excluded.distinct_names, dga_names=excluded.dga_names, "
        "first_seen_us=excluded.first_seen_us, last_seen_us=excluded.last_seen_us, "
        "max_score=excluded.max_score");
    for (const auto& c : clients) {
        cl.bind(1, static_cast<std::int64_t>(c.id))
            .bind(2, c.ip)
            .bind(3, c.subnet)
            .bind(4, c.queries)
            .bind(5, c.nxdomain)
            .bind(6, c.distinctNames)
            .bind(7, c.dgaNames)
            .bind(8, c.firstSeenUs)
            .bind(9, c.lastSeenUs)
            .bind(10, c.maxScore)
            .run();
    }
    // Alert kinds per client, from the alerts table (a few rows per alerted client).
    db.exec(
        "UPDATE clients SET alert_kinds = coalesce((SELECT group_concat(kind, ',') FROM "
        "(SELECT DISTINCT kind FROM alerts WHERE alerts.client = clients.ip ORDER BY kind)), '')");
    auto vol = db.prepare("INSERT INTO volumes(minute_us, queries, nxdomain) VALUES(?,?,?)");
    for (const auto& v : volumes)
        vol.bind(1, v.minuteUs).bind(2, v.queries).bind(3, v.nxdomain).run();
    db.exec(
        "UPDATE volumes SET alerts = (SELECT count(*) FROM alerts "
        "WHERE alerts.first_seen_us / 60000000 * 60000000 = volumes.minute_us)");
    // The dashboards' per-minute rollups (schema migration 2), counted in addEvents.
    auto cm = db.prepare(
        "INSERT INTO client_minutes(minute_us, client_id, queries, nxdomain) VALUES(?,?,?,?)");
    for (const auto* entry : sortedEntries(m_impl->clientMinutes)) {
        cm.bind(1, entry->first.minuteUs)
            .bind(2, static_cast<std::int64_t>(entry->first.id))
            .bind(3, entry->second.queries)
            .bind(4, entry->second.nxdomain)
            .run();
    }
    auto dm = db.prepare("INSERT INTO domain_minutes(minute_us, domain_id, queries) VALUES(?,?,?)");
    for (const auto* entry : sortedEntries(m_impl->domainMinutes)) {
        dm.bind(1, entry->first.minuteUs)
            .bind(2, static_cast<std::int64_t>(entry->first.id))
            .bind(3, entry->second)
            .run();
    }
    // Built once at the end: maintaining it row by row would slow the bulk insert several-fold.
    // Keyed by client alone: SQLite appends the rowid, which is exactly the drill-down's keyset.
    db.exec("CREATE INDEX IF NOT EXISTS queries_by_client ON queries(client_id)");
    // The domain drill-down (who asked for this name, related clients) looks rows up by name.
    db.exec("CREATE INDEX IF NOT EXISTS queries_by_domain ON queries(domain_id)");
    // The raw query table's sorts (SortedQueryPager): keyset pages on (client, column, rowid).
    for (const char* index : kSortIndexes) db.exec(index);
    m_impl->commit();
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

}  // namespace dnshound::core::store
