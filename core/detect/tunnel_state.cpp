#include "core/detect/tunnel_state.h"

#include <algorithm>

#include "core/event/hash_mix.h"

namespace dnshound::core::detect {

QtypeClass classifyQtype(std::uint16_t qtype) {
    switch (qtype) {
        case 1:
            return QtypeClass::A;
        case 28:
            return QtypeClass::AAAA;
        case 16:
            return QtypeClass::TXT;
        case 10:
            return QtypeClass::Null;
        case 5:
            return QtypeClass::CNAME;
        case 15:
            return QtypeClass::MX;
        case 33:
            return QtypeClass::SRV;
        case 25:
            return QtypeClass::Key;  // dns2tcp's other record type
        default:
            return QtypeClass::Other;
    }
}

std::string_view qtypeClassName(QtypeClass c) {
    switch (c) {
        case QtypeClass::A:
            return "A";
        case QtypeClass::AAAA:
            return "AAAA";
        case QtypeClass::TXT:
            return "TXT";
        case QtypeClass::Null:
            return "NULL";
        case QtypeClass::CNAME:
            return "CNAME";
        case QtypeClass::MX:
            return "MX";
        case QtypeClass::SRV:
            return "SRV";
        case QtypeClass::Key:
            return "KEY";
        case QtypeClass::Other:
            return "other";
        case QtypeClass::Count:
            break;
    }
    return "other";
}

bool carriesData(QtypeClass c) {
    return c == QtypeClass::TXT || c == QtypeClass::Null || c == QtypeClass::CNAME ||
           c == QtypeClass::MX || c == QtypeClass::SRV || c == QtypeClass::Key ||
           c == QtypeClass::Other;
}

TunnelStateTable::TunnelStateTable(std::size_t maxKeys, std::int64_t idleUs)
    : m_maxKeys(std::max<std::size_t>(1, maxKeys)), m_idleUs(idleUs) {
    // Room for min(max_keys, 64k) states at half load; grows by doubling beyond.
    std::size_t entries = 16;
    while (entries < 2 * std::min<std::size_t>(m_maxKeys, 1u << 16)) entries *= 2;
    m_index.resize(entries);
    m_mask = entries - 1;
}

std::size_t TunnelStateTable::indexOf(std::uint64_t key) const {
    std::size_t pos = event::mix64(key) & m_mask;
    while (m_index[pos].slot != TunnelState::kNil && m_index[pos].key != key)
        pos = (pos + 1) & m_mask;
    return pos;
}

void TunnelStateTable::prefetchIndex(std::uint64_t key) const {
    __builtin_prefetch(&m_index[event::mix64(key) & m_mask]);
}

bool TunnelStateTable::prefetchState(std::uint64_t key) const {
    const std::uint32_t slot = m_index[indexOf(key)].slot;
    if (slot == TunnelState::kNil) return false;
    // The fields a touch reads and writes span all of the state's cache lines.
    const char* p = reinterpret_cast<const char*>(&m_slots[slot]);
    for (std::size_t at = 0; at < sizeof(TunnelState); at += 64) __builtin_prefetch(p + at, 1);
    __builtin_prefetch(&m_links[slot]);
    return true;
}

void TunnelStateTable::prefetchVictims(std::size_t created) const {
    if (m_count + created <= m_maxKeys) return;
    std::size_t victims = std::min(created, m_count + created - m_maxKeys);
    for (auto slot = m_tail; slot != TunnelState::kNil && victims > 0;
         slot = m_links[slot].prev, --victims) {
        const char* p = reinterpret_cast<const char*>(&m_slots[slot]);
        for (std::size_t at = 0; at < sizeof(TunnelState); at += 64) __builtin_prefetch(p + at, 1);
        __builtin_prefetch(&m_index[event::mix64(m_links[slot].key) & m_mask]);
    }
}

void TunnelStateTable::eraseIndex(std::size_t pos) {
    // Backward-shift deletion: later entries of the probe run move up, so no tombstones.
    std::size_t hole = pos;
    for (std::size_t next = (pos + 1) & m_mask; m_index[next].slot != TunnelState::kNil;
         next = (next + 1) & m_mask) {
        const std::size_t home = event::mix64(m_index[next].key) & m_mask;
        // The entry stays unless its home lies cyclically outside (hole, next].
        const bool homeAfterHole =
            hole <= next ? (hole < home && home <= next) : (hole < home || home <= next);
        if (homeAfterHole) continue;
        m_index[hole] = m_index[next];
        hole = next;
    }
    m_index[hole] = IndexEntry{};
    --m_count;
}

void TunnelStateTable::growIndex() {
    std::vector<IndexEntry> old(m_index.size() * 2);
    old.swap(m_index);
    m_mask = m_index.size() - 1;
    for (const IndexEntry& e : old) {
        if (e.slot == TunnelState::kNil) continue;
        std::size_t pos = event::mix64(e.key) & m_mask;
        while (m_index[pos].slot != TunnelState::kNil) pos = (pos + 1) & m_mask;
        m_index[pos] = e;
    }
}

void TunnelStateTable::unlink(std::uint32_t slot) {
    Link& s = m_links[slot];
    if (s.prev != TunnelState::kNil)
        m_links[s.prev].next = s.next;
    else
        m_head = s.next;
    if (s.next != TunnelState::kNil)
        m_links[s.next].prev = s.prev;
    else
        m_tail = s.prev;
    s.prev = s.next = TunnelState::kNil;
}

void TunnelStateTable::pushFront(std::uint32_t slot) {
    Link& s = m_links[slot];
    s.prev = TunnelState::kNil;
    s.next = m_head;
    if (m_head != TunnelState::kNil) m_links[m_head].prev = slot;
    m_head = slot;
    if (m_tail == TunnelState::kNil) m_tail = slot;
}

void TunnelStateTable::evict(std::uint32_t slot) {
    unlink(slot);
    TunnelState& s = m_slots[slot];
    eraseIndex(indexOf(m_links[slot].key));
    s = TunnelState{};  // frees the name set
    m_free.push_back(slot);
}

void TunnelStateTable::expire(std::int64_t nowUs) {
    // The list is in touch order, which is event order up to a batch's reordering: the idle
    // ones sit at the tail.
    while (m_tail != TunnelState::kNil && nowUs - m_slots[m_tail].lastUs > m_idleUs) {
        evict(m_tail);
        ++m_stats.evictedIdle;
    }
}

TunnelState* TunnelStateTable::find(std::uint64_t key) {
    const IndexEntry& e = m_index[indexOf(key)];
    return e.slot == TunnelState::kNil ? nullptr : &m_slots[e.slot];
}

TunnelState& TunnelStateTable::touch(std::uint64_t key, const event::IpAddress& client,
                                     std::string_view domain, std::int64_t nowUs) {
    const std::size_t pos = indexOf(key);
    if (m_index[pos].slot != TunnelState::kNil) {
        const std::uint32_t slot = m_index[pos].slot;
        if (m_head != slot) {
            unlink(slot);
            pushFront(slot);
        }
        return m_slots[slot];
    }
    while (m_count >= m_maxKeys && m_tail != TunnelState::kNil) {
        evict(m_tail);
        ++m_stats.evictedCap;
    }
    std::uint32_t slot;
    if (!m_free.empty()) {
        slot = m_free.back();
        m_free.pop_back();
    } else {
        slot = static_cast<std::uint32_t>(m_slots.size());
        m_slots.emplace_back();
        m_links.emplace_back();
    }
    TunnelState& s = m_slots[slot];
    s.client = client;
    s.domain = domain;
    s.key = key;
    m_links[slot].key = key;
    s.firstUs = s.lastUs = nowUs;
    if ((m_count + 1) * 2 > m_index.size()) growIndex();
    // Evictions and growth move entries: probe again for the free entry.
    m_index[indexOf(key)] = IndexEntry{key, slot};
    ++m_count;
    pushFront(slot);
    ++m_stats.created;
    m_stats.peak = std::max(m_stats.peak, m_count);
    return s;
}

}  // namespace dnshound::core::detect
