#include "core/detect/distinct_name_set.h"

#include <algorithm>

#include "core/event/hash_mix.h"

namespace dnshound::core::detect {

bool DistinctNameSet::insertInTable(event::NameId id) {
    const std::uint32_t mask = m_capacity - 1;
    std::uint32_t slot = event::mix32(id) & mask;
    while (m_table[slot] != event::kNoName) {
        if (m_table[slot] == id) return false;
        slot = (slot + 1) & mask;
    }
    m_table[slot] = id;
    ++m_size;
    return true;
}

void DistinctNameSet::grow() {
    const std::uint32_t oldCapacity = m_capacity;
    auto old = std::move(m_table);
    m_capacity = oldCapacity ? oldCapacity * 2 : 16;
    m_table = std::make_unique<event::NameId[]>(m_capacity);
    std::fill_n(m_table.get(), m_capacity, event::kNoName);
    m_size = 0;
    if (oldCapacity) {
        for (std::uint32_t i = 0; i < oldCapacity; ++i)
            if (old[i] != event::kNoName) insertInTable(old[i]);
    } else {
        for (std::size_t i = 0; i < kInline; ++i) insertInTable(m_inline[i]);
    }
}

bool DistinctNameSet::insert(event::NameId id) {
    if (m_capacity == 0) {
        for (std::uint32_t i = 0; i < m_size; ++i)
            if (m_inline[i] == id) return false;
        if (m_size < kInline) {
            m_inline[m_size++] = id;
            return true;
        }
        grow();
    } else if ((m_size + 1) * 2 > m_capacity) {
        grow();
    }
    return insertInTable(id);
}

void DistinctNameSet::clear() {
    if (m_capacity) std::fill_n(m_table.get(), m_capacity, event::kNoName);
    m_size = 0;
}

}  // namespace dnshound::core::detect
