#pragma once

#include <array>
#include <cstdint>
#include <memory>

#include "core/event/name_table.h"

namespace dnshound::core::detect {

// The distinct names one tunnel state has seen. The first few live inline (most states never
// see more), beyond that an open-addressing table of ids that grows by doubling: no allocation
// per name, none at all for small states.
class DistinctNameSet final {
public:
    std::size_t size() const { return m_size; }
    // True when `id` was not in the set yet.
    bool insert(event::NameId id);
    // Forgets every name, keeping the table's capacity.
    void clear();

private:
    static constexpr std::size_t kInline = 6;
    void grow();
    bool insertInTable(event::NameId id);

    std::array<event::NameId, kInline> m_inline{};
    std::unique_ptr<event::NameId[]> m_table;  // kNoName marks a free slot
    std::uint32_t m_capacity = 0;              // table slots (power of two), 0: inline only
    std::uint32_t m_size = 0;
};

}  // namespace dnshound::core::detect
