#include "core/store/answer_tally.h"

#include <algorithm>

#include "core/event/hash_mix.h"

namespace dnshound::core::store {

bool AnswerTally::KeySet::insert(std::uint64_t key) {
    if ((m_count + 1) * 10 > m_slots.size() * 7) grow();
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t slot = event::mix64(key) & mask;; slot = (slot + 1) & mask) {
        if (m_slots[slot] == key) return false;
        if (m_slots[slot] == 0) {
            m_slots[slot] = key;
            ++m_count;
            return true;
        }
    }
}

void AnswerTally::KeySet::prefetch(std::uint64_t key) const {
    __builtin_prefetch(&m_slots[event::mix64(key) & (m_slots.size() - 1)]);
}

void AnswerTally::KeySet::grow() {
    std::vector<std::uint64_t> old(m_slots.size() * 2, 0);
    old.swap(m_slots);
    const std::size_t mask = m_slots.size() - 1;
    for (const std::uint64_t key : old) {
        if (key == 0) continue;
        std::size_t slot = event::mix64(key) & mask;
        while (m_slots[slot] != 0) slot = (slot + 1) & mask;
        m_slots[slot] = key;
    }
}

std::uint32_t AnswerTally::find(const event::DnsEvent& e) {
    std::uint32_t& first = m_firstOfName[e.name];
    for (std::uint32_t at = first; at != 0; at = m_entries[at - 1].next)
        if (m_entries[at - 1].address == e.answer) return at - 1;
    Entry entry;
    entry.name = e.name;
    entry.address = e.answer;
    entry.next = first;
    entry.firstSeenUs = entry.lastSeenUs = e.timeUs;
    m_entries.push_back(entry);
    first = static_cast<std::uint32_t>(m_entries.size());
    return first - 1;
}

void AnswerTally::add(std::span<const event::DnsEvent> events,
                      std::span<const std::uint32_t> clientIds) {
    // First the entries these events will update, fetched ahead.
    for (const event::DnsEvent& e : events) {
        if (e.name == event::kNoName || e.answer.isUnspecified()) continue;
        if (e.name >= m_firstOfName.size())
            m_firstOfName.resize(
                std::max<std::size_t>(e.name + std::size_t{1}, m_firstOfName.size() * 2), 0);
        if (const std::uint32_t at = m_firstOfName[e.name]) __builtin_prefetch(&m_entries[at - 1]);
    }
    // Events come in runs of one client, often asking the same name again: the previous
    // event's answer and client need no second lookup.
    m_batchPairs.clear();
    std::uint32_t index = 0;
    bool haveIndex = false;
    event::NameId lastName = event::kNoName;
    event::IpAddress lastAddress;
    std::uint32_t lastClient = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const event::DnsEvent& e = events[i];
        if (e.name == event::kNoName || e.answer.isUnspecified()) continue;
        const bool sameAnswer = haveIndex && e.name == lastName && e.answer == lastAddress;
        if (!sameAnswer) {
            index = find(e);
            haveIndex = true;
            lastName = e.name;
            lastAddress = e.answer;
        }
        Entry& t = m_entries[index];
        ++t.count;
        t.firstSeenUs = std::min(t.firstSeenUs, e.timeUs);
        t.lastSeenUs = std::max(t.lastSeenUs, e.timeUs);
        if (!sameAnswer || clientIds[i] != lastClient) {
            lastClient = clientIds[i];
            // The pair is known when this answer's last client was this one.
            if (t.lastClient != lastClient + 1) {
                t.lastClient = lastClient + 1;
                m_batchPairs.push_back((static_cast<std::uint64_t>(index) << 32 | lastClient) + 1);
            }
        }
        if (!t.dirty) {
            t.dirty = true;
            m_dirty.push_back(index);
        }
    }
    // Then the distinct clients. The pair set is far larger than the caches: every probe of
    // the batch is fetched first, so that the misses overlap instead of coming one by one.
    for (const std::uint64_t pair : m_batchPairs) m_pairs.prefetch(pair);
    for (const std::uint64_t pair : m_batchPairs)
        if (m_pairs.insert(pair)) ++m_entries[static_cast<std::size_t>((pair - 1) >> 32)].clients;
}

void AnswerTally::clearDirty() {
    for (const std::uint32_t index : m_dirty) m_entries[index].dirty = false;
    m_dirty.clear();
}

}  // namespace dnshound::core::store
