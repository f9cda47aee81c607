#pragma once

#include <cstdint>
#include <vector>

#include "core/event/dns_event.h"
#include "core/event/ip_address.h"
#include "core/event/name_table.h"

namespace dnshound::core::formats {

// What ties a response to its query: the 5-tuple seen from the client, the DNS id and the
// question (type and interned name).
struct QueryKey {
    event::IpAddress client;
    event::IpAddress server;
    std::uint16_t clientPort = 0;
    std::uint16_t id = 0;
    std::uint16_t qtype = 0;
    event::NameId name = event::kNoName;
    friend bool operator==(const QueryKey&, const QueryKey&) = default;
};

// Queries waiting for their response, for DnsPacketMatcher. Entries live in a pool (stable
// indices, reused through a free list); an open-addressing index (linear probing, backward-shift
// deletion, at most half full) maps keys to entries; a ring of (entry, sequence) records arrival
// order for expiry and may hold stale records (an entry erased or replaced since). No allocation
// per query once the pool, index and ring have grown to the traffic's working set.
class PendingQueries final {
public:
    static constexpr std::uint32_t kNone = 0xffffffffu;

    struct Entry {
        QueryKey key;
        event::DnsEvent event;
        std::uint64_t seq = 0;
        std::uint64_t hash = 0;
        bool live = false;
    };

    PendingQueries();

    // Hashes the key with its name's NameTable::hash instead of its id, so that a response can
    // be looked up before its name is interned (findIf).
    static std::uint64_t hashKey(const QueryKey& key, std::uint64_t nameHash);
    // The entry index for `key`, or kNone.
    std::uint32_t find(const QueryKey& key, std::uint64_t hash) const;
    // Starts fetching the index slot a lookup of `hash` begins at.
    void prefetch(std::uint64_t hash) const { __builtin_prefetch(&m_slots[hash & m_mask]); }
    // The first entry with `hash` whose key satisfies `same`, or kNone.
    template <typename Same>
    std::uint32_t findIf(std::uint64_t hash, Same same) const {
        for (std::size_t i = hash & m_mask;; i = (i + 1) & m_mask) {
            const Slot& slot = m_slots[i];
            if (slot.index == kNone) return kNone;
            if (slot.hash == hash && same(m_entries[slot.index].key)) return slot.index;
        }
    }
    // Adds a key that is not present; records it at the back of the arrival order.
    std::uint32_t insert(const QueryKey& key, std::uint64_t hash, const event::DnsEvent& e,
                         std::uint64_t seq);
    // Gives an existing entry a new event and sequence, recorded again at the back.
    void replace(std::uint32_t index, const event::DnsEvent& e, std::uint64_t seq);
    void erase(std::uint32_t index);

    Entry& entry(std::uint32_t index) { return m_entries[index]; }
    std::size_t size() const { return m_live; }

    // Arrival order: the oldest record, whether it is still current, and dropping it.
    bool orderEmpty() const { return m_orderCount == 0; }
    std::uint32_t oldest(bool& current) const;
    void popOldest();
    void clear();

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t index = kNone;  // kNone: empty
    };
    struct Order {
        std::uint32_t index = 0;
        std::uint64_t seq = 0;
    };
    void growIndex();
    void pushOrder(std::uint32_t index, std::uint64_t seq);

    std::vector<Entry> m_entries;
    std::vector<std::uint32_t> m_free;
    std::vector<Slot> m_slots;
    std::size_t m_mask = 0;
    std::size_t m_live = 0;
    std::vector<Order> m_order;  // ring buffer, capacity a power of two
    std::size_t m_orderHead = 0;
    std::size_t m_orderCount = 0;
};

}  // namespace dnshound::core::formats
