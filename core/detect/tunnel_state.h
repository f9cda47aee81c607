#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/detect/distinct_name_set.h"
#include "core/event/ip_address.h"
#include "core/event/name_table.h"

namespace dnshound::core::detect {

// Record types grouped the way tunnels use them.
enum class QtypeClass : std::uint8_t { A, AAAA, TXT, Null, CNAME, MX, SRV, Key, Other, Count };
QtypeClass classifyQtype(std::uint16_t qtype);
std::string_view qtypeClassName(QtypeClass c);
// Record types whose answers can carry arbitrary bytes back to the client.
bool carriesData(QtypeClass c);

// The table's key of a (client, registered domain) pair: the detector's dense ids of both.
inline constexpr std::uint64_t tunnelKey(std::uint32_t clientId, std::uint32_t domainId) {
    return static_cast<std::uint64_t>(clientId) << 32 | domainId;
}

// Everything kept about one (client, registered domain) pair. Fixed size apart from the set of
// distinct names, which only allocates once a state has seen more than a handful.
struct TunnelState {
    event::IpAddress client;
    std::string_view domain;  // registered domain; points into the run's NameTable
    std::uint64_t key = 0;    // tunnelKey(client id, domain id)
    std::int64_t firstUs = 0;
    std::int64_t lastUs = 0;
    std::uint32_t queries = 0;
    std::uint32_t distinct = 0;      // distinct names (subdomains) seen
    std::uint32_t encoded = 0;       // ... of which scored at least min_label_score
    std::uint32_t modelScored = 0;   // ... of which the tunnel model scored >= model_threshold
    std::uint32_t digestShaped = 0;  // ... of which carried exactly one hash-sized label
    float evidence = 0.0f;           // sum of lexical scores of the distinct names
    double payloadChars = 0.0;       // characters left of the zone, over the distinct names
    double encodedChars = 0.0;       // ... over the encoded ones
    std::uint64_t charMask = 0;      // characters the encoded names use (CharInventory bits)
    std::array<std::uint32_t, static_cast<std::size_t>(QtypeClass::Count)> qtypes{};
    std::uint32_t noError = 0;
    std::uint32_t nxDomain = 0;
    std::uint32_t otherRcode = 0;
    std::uint32_t unanswered = 0;   // no rcode in the source (query-only logs)
    std::uint32_t dataAnswers = 0;  // data-carrying type answered NOERROR (or not known)
    std::uint32_t sized = 0;        // events with a response size
    std::uint64_t responseBytes = 0;
    std::uint32_t maxLabel = 0;
    double labelEntropySum = 0.0;  // over distinct names
    // Query cadence: Welford mean and M2 of the gaps between queries, in seconds.
    std::uint32_t gaps = 0;
    double gapMean = 0.0;
    double gapM2 = 0.0;
    // The zone: the longest label suffix shared by every name (e.g. "dnsc.r-1x.com").
    event::NameId zoneRef = event::kNoName;
    std::uint16_t zoneLen = 0;
    event::NameId firstName = event::kNoName;
    DistinctNameSet seen;  // distinct names other than firstName
    std::array<event::NameId, 4> samples{event::kNoName, event::kNoName, event::kNoName,
                                         event::kNoName};
    std::int32_t alertIndex = -1;
    std::uint64_t batchSerial = 0;  // last batch that touched it (detector bookkeeping)
    std::uint32_t alertedAtQuery = 0;
    // Bytes-over-time series, once the state is worth watching.
    bool watched = false;
    std::int64_t minuteUs = -1;
    std::uint32_t minuteQueries = 0;
    std::uint32_t minuteDistinct = 0;
    double minuteBytes = 0.0;
    bool minuteUnsent = false;  // the minute changed since it was last sent

    static constexpr std::uint32_t kNil = 0xffffffffu;
};

struct TunnelStateStats {
    std::uint64_t created = 0;
    std::uint64_t evictedIdle = 0;  // idle past idle_secs
    std::uint64_t evictedCap = 0;   // beyond max_keys, least recently seen first
    std::size_t peak = 0;
};

// The states, bounded in count (LRU) and in event-time age, with every eviction counted. States
// live in a slot vector with an intrusive LRU list; a 64-bit key (see tunnelKey) finds them
// through one open-addressing index, so a touch costs no allocation and no string hashing.
class TunnelStateTable final {
public:
    TunnelStateTable(std::size_t maxKeys, std::int64_t idleUs);

    // The state of `key` = (client, domain), created (and made most recent) as needed; creating
    // one beyond max_keys evicts the least recently seen. `domain` must outlive the state (a view
    // into the NameTable). The reference is valid until the next touch().
    TunnelState& touch(std::uint64_t key, const event::IpAddress& client, std::string_view domain,
                       std::int64_t nowUs);
    // Hints that `key` is looked up soon: its index entry, or (once that is in cache) its state.
    // prefetchState() says whether the key is held; prefetchVictims() fetches the states that
    // creating `created` new ones would evict.
    void prefetchIndex(std::uint64_t key) const;
    bool prefetchState(std::uint64_t key) const;
    void prefetchVictims(std::size_t created) const;
    // Drops states idle for longer than the idle limit at event time `nowUs`.
    void expire(std::int64_t nowUs);
    // The state of `key` if it is still held, without making it more recent.
    TunnelState* find(std::uint64_t key);

    std::size_t size() const { return m_count; }
    const TunnelStateStats& stats() const { return m_stats; }
    template <typename Fn>
    void forEach(Fn&& fn) const {
        for (auto slot = m_head; slot != TunnelState::kNil; slot = m_links[slot].next)
            fn(m_slots[slot]);
    }

private:
    // One index entry: the key and the state's slot; slot kNil marks a free entry.
    struct IndexEntry {
        std::uint64_t key = 0;
        std::uint32_t slot = TunnelState::kNil;
    };

    std::size_t indexOf(std::uint64_t key) const;  // the key's entry, or the free one ending it
    void eraseIndex(std::size_t pos);
    void growIndex();
    void unlink(std::uint32_t slot);
    void pushFront(std::uint32_t slot);
    void evict(std::uint32_t slot);

    std::size_t m_maxKeys;
    std::int64_t m_idleUs;
    // LRU links (slot indices), most recent at the head. Kept apart from the states so that
    // relinking touches a small, cache-resident array instead of three large states.
    struct Link {
        std::uint32_t prev = TunnelState::kNil;
        std::uint32_t next = TunnelState::kNil;
        std::uint64_t key = 0;  // the state's, for prefetching an eviction's index entry
    };

    std::vector<TunnelState> m_slots;
    std::vector<Link> m_links;  // parallel to m_slots
    std::vector<std::uint32_t> m_free;
    std::vector<IndexEntry> m_index;  // linear probing, at most half full
    std::size_t m_mask = 0;
    std::size_t m_count = 0;
    std::uint32_t m_head = TunnelState::kNil;
    std::uint32_t m_tail = TunnelState::kNil;
    TunnelStateStats m_stats;
};

}  // namespace dnshound::core::detect
