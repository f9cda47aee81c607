#include "core/formats/pending_queries.h"

#include <cstring>

namespace dnshound::core::formats {

namespace {

constexpr std::size_t kInitialSlots = 1u << 10;
constexpr std::size_t kInitialOrder = 1u << 10;

std::uint64_t mix(std::uint64_t h) {
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 29);
}

}  // namespace

PendingQueries::PendingQueries()
    : m_slots(kInitialSlots), m_mask(kInitialSlots - 1), m_order(kInitialOrder) {}

std::uint64_t PendingQueries::hashKey(const QueryKey& k, std::uint64_t nameHash) {
    std::uint64_t w[4];
    std::memcpy(w, k.client.bytes.data(), 16);
    std::memcpy(w + 2, k.server.bytes.data(), 16);
    std::uint64_t h = mix(w[0] ^ 0x9E3779B97F4A7C15ull) ^ w[1];
    h = mix(h) ^ w[2];
    h = mix(h) ^ w[3];
    h = mix(h) ^
        (static_cast<std::uint64_t>(k.clientPort) << 48 | static_cast<std::uint64_t>(k.id) << 32 |
         static_cast<std::uint64_t>(k.qtype) << 16);
    return mix(h ^ nameHash);
}

std::uint32_t PendingQueries::find(const QueryKey& key, std::uint64_t hash) const {
    for (std::size_t i = hash & m_mask;; i = (i + 1) & m_mask) {
        const Slot& slot = m_slots[i];
        if (slot.index == kNone) return kNone;
        if (slot.hash == hash && m_entries[slot.index].key == key) return slot.index;
    }
}

void PendingQueries::growIndex() {
    std::vector<Slot> old(m_slots.size() * 2);
    old.swap(m_slots);
    m_mask = m_slots.size() - 1;
    for (const Slot& slot : old) {
        if (slot.index == kNone) continue;
        std::size_t i = slot.hash & m_mask;
        while (m_slots[i].index != kNone) i = (i + 1) & m_mask;
        m_slots[i] = slot;
    }
}

void PendingQueries::pushOrder(std::uint32_t index, std::uint64_t seq) {
    if (m_orderCount == m_order.size()) {
        std::vector<Order> bigger(m_order.size() * 2);
        for (std::size_t i = 0; i < m_orderCount; ++i)
            bigger[i] = m_order[(m_orderHead + i) & (m_order.size() - 1)];
        m_order.swap(bigger);
        m_orderHead = 0;
    }
    m_order[(m_orderHead + m_orderCount) & (m_order.size() - 1)] = Order{index, seq};
    ++m_orderCount;
}

std::uint32_t PendingQueries::insert(const QueryKey& key, std::uint64_t hash,
                                     const event::DnsEvent& e, std::uint64_t seq) {
    if (2 * (m_live + 1) > m_slots.size()) growIndex();
    std::uint32_t index;
    if (!m_free.empty()) {
        index = m_free.back();
        m_free.pop_back();
    } else {
        index = static_cast<std::uint32_t>(m_entries.size());
        m_entries.emplace_back();
    }
    m_entries[index] = Entry{key, e, seq, hash, true};
    std::size_t i = hash & m_mask;
    while (m_slots[i].index != kNone) i = (i + 1) & m_mask;
    m_slots[i] = Slot{hash, index};
    ++m_live;
    pushOrder(index, seq);
    return index;
}

void PendingQueries::replace(std::uint32_t index, const event::DnsEvent& e, std::uint64_t seq) {
    Entry& entry = m_entries[index];
    entry.event = e;
    entry.seq = seq;
    pushOrder(index, seq);
}

void PendingQueries::erase(std::uint32_t index) {
    Entry& entry = m_entries[index];
    std::size_t i = entry.hash & m_mask;
    while (m_slots[i].index != index) i = (i + 1) & m_mask;
    // Backward-shift deletion: pull later members of the probe run into the hole.
    for (std::size_t j = (i + 1) & m_mask;; j = (j + 1) & m_mask) {
        const Slot& next = m_slots[j];
        if (next.index == kNone) break;
        const std::size_t home = next.hash & m_mask;
        // `next` may move to `i` unless its home lies cyclically in (i, j].
        const bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (stays) continue;
        m_slots[i] = next;
        i = j;
    }
    m_slots[i] = Slot{};
    entry.live = false;
    m_free.push_back(index);
    --m_live;
}

std::uint32_t PendingQueries::oldest(bool& current) const {
    const Order& o = m_order[m_orderHead];
    const Entry& e = m_entries[o.index];
    current = e.live && e.seq == o.seq;
    return o.index;
}

void PendingQueries::popOldest() {
    m_orderHead = (m_orderHead + 1) & (m_order.size() - 1);
    --m_orderCount;
}

void PendingQueries::clear() {
    m_entries.clear();
    m_free.clear();
    for (Slot& s : m_slots) s = Slot{};
    m_live = 0;
    m_orderHead = 0;
    m_orderCount = 0;
}

}  // namespace dnshound::core::formats
