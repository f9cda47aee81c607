#include "core/store/store_writer.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/event/hash_mix.h"
#include "core/store/answer_tally.h"
#include "core/store/schema.h"
#include "core/store/sqlite_connection.h"
#include "core/store/store_error.h"
#include "core/store/tally_table.h"
#include "core/text/json_writer.h"

namespace dnshound::core::store {

namespace {

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

// Dense ids of the distinct texts of one column (the tunnel series' clients, domains): a key
// of ids hashes and compares without touching the texts.
class TextIds {
public:
    std::uint32_t intern(std::string_view text) {
        // A batch's points come in runs of one client: the last text needs no lookup.
        if (m_last < m_texts.size() && m_texts[m_last] == text) return m_last;
        if ((m_texts.size() + 1) * 2 > m_slots.size()) grow();
        const std::uint64_t h = std::hash<std::string_view>{}(text);
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t at = h & mask;; at = (at + 1) & mask) {
            Slot& slot = m_slots[at];
            if (slot.id == 0) {
                m_texts.emplace_back(text);
                m_tags.push_back(tag);
                slot = {tag, static_cast<std::uint32_t>(m_texts.size())};
                return m_last = slot.id - 1;
            }
            if (slot.tag == tag && m_texts[slot.id - 1] == text) return m_last = slot.id - 1;
        }
    }
    const std::string& text(std::uint32_t id) const { return m_texts[id]; }
    // Each id's rank in the texts' byte order (SQLite's order of TEXT).
    std::vector<std::uint32_t> ranks() const {
        std::vector<std::uint32_t> byText(m_texts.size());
        for (std::uint32_t i = 0; i < byText.size(); ++i) byText[i] = i;
        std::sort(byText.begin(), byText.end(),
                  [&](std::uint32_t a, std::uint32_t b) { return m_texts[a] < m_texts[b]; });
        std::vector<std::uint32_t> rank(m_texts.size());
        for (std::uint32_t r = 0; r < byText.size(); ++r) rank[byText[r]] = r;
        return rank;
    }

private:
    // Open addressing, linear probing, at most half full; a hash tag per slot.
    struct Slot {
        std::uint32_t tag = 0;
        std::uint32_t id = 0;  // text id + 1; 0: free
    };
    void grow() {
        std::vector<Slot> slots(m_slots.empty() ? 256 : m_slots.size() * 2);
        const std::size_t mask = slots.size() - 1;
        for (std::uint32_t id = 0; id < m_texts.size(); ++id) {
            std::size_t at = std::hash<std::string_view>{}(m_texts[id]) & mask;
            while (slots[at].id != 0) at = (at + 1) & mask;
            slots[at] = {m_tags[id], id + 1};
        }
        m_slots.swap(slots);
    }

    std::vector<std::string> m_texts;   // by id
    std::vector<std::uint32_t> m_tags;  // by id
    std::vector<Slot> m_slots;
    std::uint32_t m_last = ~0u;
};

// A minute of a watched (client, domain) pair: the tunnel_series key, by text ids.
struct SeriesKey {
    std::uint32_t client = 0;
    std::uint32_t domain = 0;
    std::int64_t minuteUs = 0;
    friend bool operator==(const SeriesKey&, const SeriesKey&) = default;
};

struct SeriesKeyHash {
    std::size_t operator()(const SeriesKey& k) const {
        return static_cast<std::size_t>(
            event::mix64((static_cast<std::uint64_t>(k.client) << 32 | k.domain) ^
                         (static_cast<std::uint64_t>(k.minuteUs) * 0x9E3779B97F4A7C15ull)));
    }
};

struct SeriesFigures {
    std::int64_t queries = 0;
    std::int64_t distinctLabels = 0;
    double bytes = 0.0;
    bool dirty = false;
};

// A table's entries in key order: the order SQLite's GROUP BY gave these rows before. The
// entries are taken from the table and sorted in place (sorting pointers to them missed the
// cache at every compare).
template <typename Table>
std::vector<typename Table::Entry> sortedEntries(Table& table) {
    std::vector<typename Table::Entry> out = table.takeEntries();
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    return out;
}

// Rows of one table inserted many per statement: one step and reset per kRowsPerInsert rows
// instead of per row, the rest one by one.
class BulkInsert {
public:
    static constexpr std::size_t kRowsPerInsert = 64;

    BulkInsert() = default;
    // `head` is "INSERT INTO t(a, b) VALUES"; `columns` the number of values per row; `tail`
    // what follows the rows (an upsert's "ON CONFLICT ... DO UPDATE ...").
    BulkInsert(SqliteConnection& db, std::string_view head, int columns, std::string_view tail = {})
        : m_columns(columns),
          m_many(db.prepare(sql(head, columns, kRowsPerInsert, tail))),
          m_one(db.prepare(sql(head, columns, 1, tail))) {}

    // bind(statement, first parameter, row) binds row `row`'s values from that parameter on.
    template <typename BindRow>
    void insert(std::size_t rows, BindRow&& bind) {
        std::size_t row = 0;
        for (; row + kRowsPerInsert <= rows; row += kRowsPerInsert) {
            for (std::size_t k = 0; k < kRowsPerInsert; ++k)
                bind(m_many, static_cast<int>(k) * m_columns + 1, row + k);
            m_many.step();
            m_many.rewind();
        }
        for (; row < rows; ++row) {
            bind(m_one, 1, row);
            m_one.step();
            m_one.rewind();
        }
    }

private:
    static std::string sql(std::string_view head, int columns, std::size_t rows,
                           std::string_view tail) {
        std::string group = "(";
        for (int c = 0; c < columns; ++c) group += c ? ",?" : "?";
        group += ")";
        std::string out(head);
        for (std::size_t i = 0; i < rows; ++i) out += (i ? "," : "") + group;
        if (!tail.empty()) (out += ' ') += tail;
        return out;
    }

    int m_columns = 0;
    Statement m_many;
    Statement m_one;
};

}  // namespace

struct StoreWriter::Impl {
    Impl(const std::string& path, const config::StoreConfig& cfg, const event::NameTable& n,
         WriteMode m)
        : config(cfg),
          names(n),
          mode(m),
          finalPath(path),
          writtenPath(m == WriteMode::Private ? path + ".partial" : path),
          db(writtenPath, SqliteConnection::Mode::ReadWriteCreate) {}

    config::StoreConfig config;
    const event::NameTable& names;
    WriteMode mode;
    std::string finalPath;
    std::string writtenPath;  // finalPath, or the temporary name of a Private file
    SqliteConnection db;
    BulkInsert insertQueries;
    BulkInsert insertNames, upsertAnswers, upsertSeries;
    Statement upsertScore, upsertAlert, insertClient, insertStage, setMeta;
    std::size_t rowsInTransaction = 0;
    bool inTransaction = false;
    std::size_t namesWritten = 0;
    std::string evidenceJson;  // reused buffer
    // The dashboards' per-minute rollups of the stored queries, kept as they are written: a
    // GROUP BY over the queries table at the end cost more than inserting the rows.
    TallyTable<MinuteKey, ClientMinute, MinuteKeyHash> clientMinutes;
    TallyTable<MinuteKey, std::int64_t, MinuteKeyHash> domainMinutes;

    // Answers per distinct (name, address): tallied per event in memory, written per distinct
    // answer when a transaction commits (only those that changed since the last commit).
    AnswerTally answers;
    // Tunnel series minutes: the detector sends a minute again each batch that adds to it, so
    // they are kept here (latest figures) and upserted when a transaction commits, in key
    // order: one write per minute instead of one per batch, each next to the one before.
    TallyTable<SeriesKey, SeriesFigures, SeriesKeyHash> series;
    TextIds seriesClients, seriesDomains;
    std::vector<std::size_t> dirtySeries;

    // The dashboards' per-minute rollups of these events.
    void tallyMinutes(std::span<const event::DnsEvent> events,
                      std::span<const std::uint32_t> clientIds) {
        ClientMinute* clientMinute = nullptr;  // events come in runs of one client
        MinuteKey clientKey;
        for (std::size_t i = 0; i < events.size(); ++i) {
            const auto& e = events[i];
            // As SQLite's integer division: towards zero.
            const std::int64_t minute = e.timeUs / kMinuteUs * kMinuteUs;
            const MinuteKey key{minute, clientIds[i]};
            if (!clientMinute || !(key == clientKey)) {
                clientMinute = &clientMinutes[key];
                clientKey = key;
            }
            ++clientMinute->queries;
            clientMinute->nxdomain += e.rcode == event::kRcodeNxDomain;
            ++domainMinutes[MinuteKey{minute, e.name}];
        }
    }
    void insertQueryRows(std::span<const event::DnsEvent> events,
                         std::span<const std::uint32_t> clientIds) {
        insertQueries.insert(events.size(), [&](Statement& st, int p, std::size_t i) {
            const event::DnsEvent& e = events[i];
            st.bind(p, e.timeUs)
                .bind(p + 1, static_cast<std::int64_t>(clientIds[i]))
                .bind(p + 2, static_cast<std::int64_t>(e.name))
                .bind(p + 3, static_cast<std::int64_t>(e.qtype))
                .bind(p + 4, static_cast<std::int64_t>(e.rcode))
                .bind(p + 5, static_cast<std::int64_t>(e.responseBytes))
                .bind(p + 6, static_cast<std::int64_t>(e.sourceId))
                .bind(p + 7, static_cast<std::int64_t>(e.sourceLine));
        });
    }
    void writeDirtyAnswers() {
        const auto& dirty = answers.dirty();
        upsertAnswers.insert(dirty.size(), [&](Statement& st, int p, std::size_t i) {
            const AnswerTally::Entry& t = answers.entries()[dirty[i]];
            st.bind(p, static_cast<std::int64_t>(t.name))
                .bind(p + 1, t.address.toString())
                .bind(p + 2, static_cast<std::int64_t>(t.address.isV4() ? 1 : 28))
                .bind(p + 3, t.count)
                .bind(p + 4, t.clients)
                .bind(p + 5, t.firstSeenUs)
                .bind(p + 6, t.lastSeenUs);
        });
        answers.clearDirty();
    }

    void writeDirtySeries() {
        // In primary-key order (client, domain, minute): each row lands beside the one before.
        const std::vector<std::uint32_t> clientRank = seriesClients.ranks();
        const std::vector<std::uint32_t> domainRank = seriesDomains.ranks();
        struct SortKey {
            std::uint64_t ranks;  // client rank << 32 | domain rank
            std::int64_t minuteUs;
            std::size_t index;
        };
        std::vector<SortKey> order;
        order.reserve(dirtySeries.size());
        for (const std::size_t index : dirtySeries) {
            const SeriesKey& key = series.entry(index).key;
            order.push_back(
                {static_cast<std::uint64_t>(clientRank[key.client]) << 32 | domainRank[key.domain],
                 key.minuteUs, index});
        }
        std::sort(order.begin(), order.end(), [](const SortKey& a, const SortKey& b) {
            return a.ranks != b.ranks ? a.ranks < b.ranks : a.minuteUs < b.minuteUs;
        });
        for (std::size_t i = 0; i < order.size(); ++i) dirtySeries[i] = order[i].index;
        upsertSeries.insert(dirtySeries.size(), [&](Statement& st, int p, std::size_t i) {
            auto& [key, figures] = series.entry(dirtySeries[i]);
            st.bind(p, seriesClients.text(key.client))
                .bind(p + 1, seriesDomains.text(key.domain))
                .bind(p + 2, key.minuteUs)
                .bind(p + 3, figures.queries)
                .bind(p + 4, figures.distinctLabels)
                .bind(p + 5, figures.bytes);
            figures.dirty = false;
        });
        dirtySeries.clear();
    }

    void begin() {
        if (!inTransaction) {
            db.exec("BEGIN");
            inTransaction = true;
        }
    }
    void writeNewNames() {
        const std::size_t first = namesWritten, n = names.size();
        insertNames.insert(n - first, [&](Statement& st, int p, std::size_t i) {
            st.bind(p, static_cast<std::int64_t>(first + i))
                .bind(p + 1, names.name(static_cast<event::NameId>(first + i)));
        });
        namesWritten = n;
    }
    void commit() {
        if (!inTransaction) return;
        writeNewNames();
        // A shared file's readers see the answers and series as they grow; a private one gets
        // them once.
        if (mode == WriteMode::Shared) {
            writeDirtyAnswers();
            writeDirtySeries();
        }
        db.exec("COMMIT");
        inTransaction = false;
        rowsInTransaction = 0;
    }
};

namespace {
void removeAnalysisFile(const std::string& path) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        std::filesystem::remove(path + suffix, ec);
}
}  // namespace

StoreWriter::StoreWriter(const std::string& path, const config::StoreConfig& config,
                         const event::NameTable& names, WriteMode mode) {
    removeAnalysisFile(path);
    if (mode == WriteMode::Private) removeAnalysisFile(path + ".partial");
    m_impl = std::make_unique<Impl>(path, config, names, mode);
    auto& db = m_impl->db;
    if (mode == WriteMode::Private) {
        // Bulk load: no journal, no syncs, no other connection. finish() turns on the
        // write-ahead log for the readers that come later.
        db.exec("PRAGMA journal_mode=OFF");
        db.exec("PRAGMA synchronous=OFF");
        db.exec("PRAGMA locking_mode=EXCLUSIVE");
    } else {
        db.exec("PRAGMA journal_mode=WAL");
        db.exec("PRAGMA synchronous=NORMAL");
    }
    db.exec("PRAGMA cache_size=-65536");
    migrate(db);
    m_impl->insertQueries = BulkInsert(db,
                                       "INSERT INTO queries(time_us, client_id, domain_id, qtype, "
                                       "rcode, response_bytes, source_id, source_line) VALUES",
                                       8);
    m_impl->insertNames = BulkInsert(db, "INSERT OR IGNORE INTO domains(id, name) VALUES", 2);
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
    m_impl->upsertSeries = BulkInsert(
        db,
        "INSERT INTO tunnel_series(client, domain, minute_us, queries, distinct_labels, bytes) "
        "VALUES",
        6,
        "ON CONFLICT(client, domain, minute_us) DO UPDATE SET queries=excluded.queries, "
        "distinct_labels=excluded.distinct_labels, bytes=excluded.bytes");
    m_impl->upsertAnswers = BulkInsert(
        db,
        "INSERT INTO domain_answers(domain_id, answer, rtype, count, clients, first_seen_us, "
        "last_seen_us) VALUES",
        7,
        "ON CONFLICT(domain_id, answer, rtype) DO UPDATE SET count=excluded.count, "
        "clients=excluded.clients, first_seen_us=excluded.first_seen_us, "
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
    if (!m_impl) return;
    if (m_impl->mode == WriteMode::Private) {
        // Never finished (an exception upstream): no file under the name, not even a half one.
        const std::string written = m_impl->writtenPath;
        m_impl.reset();
        removeAnalysisFile(written);
        return;
    }
    // A shared file keeps what it had: its readers saw that much already.
    try {
        m_impl->commit();
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
    m_impl->answers.add(events, clientIds);
    if (!m_impl->config.storeQueries) return;
    m_impl->tallyMinutes(events, clientIds);
    m_impl->insertQueryRows(events, clientIds);
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
    const std::size_t index =
        m_impl->series
            .insert(SeriesKey{m_impl->seriesClients.intern(p.client),
                              m_impl->seriesDomains.intern(p.domain), p.minuteUs})
            .first;
    SeriesFigures& figures = m_impl->series.entry(index).value;
    figures.queries = p.queries;
    figures.distinctLabels = p.distinctLabels;
    figures.bytes = p.bytes;
    if (!figures.dirty) {
        figures.dirty = true;
        m_impl->dirtySeries.push_back(index);
    }
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
    BulkInsert cm(db, "INSERT INTO client_minutes(minute_us, client_id, queries, nxdomain) VALUES",
                  4);
    const auto clientMinutes = sortedEntries(m_impl->clientMinutes);
    cm.insert(clientMinutes.size(), [&](Statement& st, int p, std::size_t i) {
        const auto& entry = clientMinutes[i];
        st.bind(p, entry.key.minuteUs)
            .bind(p + 1, static_cast<std::int64_t>(entry.key.id))
            .bind(p + 2, entry.value.queries)
            .bind(p + 3, entry.value.nxdomain);
    });
    BulkInsert dm(db, "INSERT INTO domain_minutes(minute_us, domain_id, queries) VALUES", 3);
    const auto domainMinutes = sortedEntries(m_impl->domainMinutes);
    dm.insert(domainMinutes.size(), [&](Statement& st, int p, std::size_t i) {
        const auto& entry = domainMinutes[i];
        st.bind(p, entry.key.minuteUs)
            .bind(p + 1, static_cast<std::int64_t>(entry.key.id))
            .bind(p + 2, entry.value);
    });
    // Built once at the end: maintaining it row by row would slow the bulk insert several-fold.
    // Keyed by client alone: SQLite appends the rowid, which is exactly the drill-down's keyset.
    db.exec("CREATE INDEX IF NOT EXISTS queries_by_client ON queries(client_id)");
    // The domain drill-down (who asked for this name, related clients) looks rows up by name.
    db.exec("CREATE INDEX IF NOT EXISTS queries_by_domain ON queries(domain_id)");
    // The raw query table's other sorts walk indexes of their own (query_sort_index.h), built
    // when a big client is first sorted that way: all five at the end of every run cost more
    // than the whole import.
    m_impl->writeDirtyAnswers();
    m_impl->writeDirtySeries();
    m_impl->commit();
    if (m_impl->mode == WriteMode::Shared) {
        db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        return;
    }
    // Readers that come later (the GUI, a sort index built on demand) get the write-ahead log.
    db.exec("PRAGMA locking_mode=NORMAL");
    db.exec("PRAGMA journal_mode=WAL");
    const std::string written = m_impl->writtenPath;
    const std::string path = m_impl->finalPath;
    m_impl.reset();  // closes the file
    removeAnalysisFile(path);
    std::filesystem::rename(written, path);
}

}  // namespace dnshound::core::store
