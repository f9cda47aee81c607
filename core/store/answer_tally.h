#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/event/dns_event.h"

namespace dnshound::core::store {

// The answers each name got (the domain_answers table): per distinct (name, address), where
// the address is an event's first address answer, the events, the distinct clients and the
// first and last time seen. Entries stay in first-seen order; the ones changed since the last
// clearDirty() are listed in order of their first change.
//
// Per event this is the store thread's hottest work, so it is laid out for the cache: a name's
// answers are found through a dense array indexed by NameId (no hashing), chained when a name
// has several; and the distinct (answer, client) pairs, a set far larger than the caches, are
// looked up a batch at a time with each probe fetched ahead.
class AnswerTally final {
public:
    struct Entry {
        event::NameId name = event::kNoName;
        event::IpAddress address;
        std::uint32_t next = 0;  // the name's next answer: entry index + 1, 0 for none
        std::int64_t count = 0;
        std::int64_t clients = 0;
        std::int64_t firstSeenUs = 0;
        std::int64_t lastSeenUs = 0;
        std::uint32_t lastClient = 0;  // client id + 1 of the last event counted, 0 for none
        bool dirty = false;
    };

    // `clientIds` holds the client id of each event.
    void add(std::span<const event::DnsEvent> events, std::span<const std::uint32_t> clientIds);

    const std::vector<Entry>& entries() const { return m_entries; }
    const std::vector<std::uint32_t>& dirty() const { return m_dirty; }
    void clearDirty();

private:
    std::uint32_t find(const event::DnsEvent& e);  // the entry of e's answer, added when new

    // Distinct non-zero 64-bit keys: open addressing, linear probing, at most 70% full.
    class KeySet {
    public:
        bool insert(std::uint64_t key);  // true when new
        void prefetch(std::uint64_t key) const;

    private:
        void grow();
        std::vector<std::uint64_t> m_slots = std::vector<std::uint64_t>(1024, 0);
        std::size_t m_count = 0;
    };

    std::vector<Entry> m_entries;
    std::vector<std::uint32_t> m_firstOfName;  // by NameId: entry index + 1, 0 for none
    std::vector<std::uint32_t> m_dirty;
    KeySet m_pairs;                           // (entry index << 32 | client id) + 1
    std::vector<std::uint64_t> m_batchPairs;  // reused per add()
};

}  // namespace dnshound::core::store
