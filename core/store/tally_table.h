#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace dnshound::core::store {

// A value per distinct key, kept in a vector in first-seen order and found through an
// open-addressing index (linear probing, at most half full, a 32-bit hash tag per slot so a
// probe rarely touches an entry that is not the one sought). The store thread's per-event
// tallies: node-based maps spent most of their time chasing pointers.
template <typename Key, typename Value, typename Hash>
class TallyTable {
public:
    struct Entry {
        Key key;
        Value value;
    };

    // The entry for `key`, added with `initial` when new; second: whether it was added.
    std::pair<std::size_t, bool> insert(const Key& key, const Value& initial = Value{}) {
        if ((m_entries.size() + 1) * 2 > m_slots.size()) grow();
        const std::uint64_t h = Hash{}(key);
        const auto tag = static_cast<std::uint32_t>(h >> 32);
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t slot = static_cast<std::size_t>(h) & mask;; slot = (slot + 1) & mask) {
            Slot& s = m_slots[slot];
            if (s.index == 0) {
                m_entries.push_back({key, initial});
                s = {tag, static_cast<std::uint32_t>(m_entries.size())};
                return {m_entries.size() - 1, true};
            }
            if (s.tag == tag && m_entries[s.index - 1].key == key) return {s.index - 1, false};
        }
    }
    Value& operator[](const Key& key) { return m_entries[insert(key).first].value; }

    Entry& entry(std::size_t index) { return m_entries[index]; }
    // Hands the entries over, in first-seen order; the table is empty afterwards.
    std::vector<Entry> takeEntries() {
        std::vector<Entry> out;
        out.swap(m_entries);
        std::vector<Slot>().swap(m_slots);
        return out;
    }
    const std::vector<Entry>& entries() const { return m_entries; }
    std::size_t size() const { return m_entries.size(); }

private:
    struct Slot {
        std::uint32_t tag = 0;
        std::uint32_t index = 0;  // entry + 1; 0: empty
    };
    void grow() {
        std::vector<Slot> slots(m_slots.empty() ? 1024 : m_slots.size() * 2);
        const std::size_t mask = slots.size() - 1;
        for (std::size_t i = 0; i < m_entries.size(); ++i) {
            const std::uint64_t h = Hash{}(m_entries[i].key);
            std::size_t slot = static_cast<std::size_t>(h) & mask;
            while (slots[slot].index != 0) slot = (slot + 1) & mask;
            slots[slot] = {static_cast<std::uint32_t>(h >> 32), static_cast<std::uint32_t>(i + 1)};
        }
        m_slots.swap(slots);
    }

    std::vector<Entry> m_entries;
    std::vector<Slot> m_slots;
};

}  // namespace dnshound::core::store
