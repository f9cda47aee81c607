#include "core/event/name_table.h"

#include <cstring>
#include <stdexcept>

namespace dnshound::core::event {

NameTable::NameTable()
    : m_views(std::make_unique<std::array<std::unique_ptr<std::string_view[]>, kMaxBlocks>>()) {}

NameTable::~NameTable() = default;

std::string_view NameTable::store(std::string_view name) {
    if (m_charUsed + name.size() > kCharsPerBlock) {
        m_charBlocks.push_back(std::make_unique<char[]>(kCharsPerBlock));
        m_charUsed = 0;
    }
    char* dst = m_charBlocks.back().get() + m_charUsed;
    std::memcpy(dst, name.data(), name.size());
    m_charUsed += name.size();
    return {dst, name.size()};
}

NameId NameTable::find(std::string_view name) const {
    auto it = m_index.find(name);
    return it == m_index.end() ? kNoName : it->second;
}

NameId NameTable::intern(std::string_view name) {
    if (auto it = m_index.find(name); it != m_index.end()) return it->second;
    const std::size_t id = m_count.load(std::memory_order_relaxed);
    const std::size_t block = id / kViewsPerBlock;
    if (block >= kMaxBlocks) throw std::length_error("name table full");
    auto& views = (*m_views)[block];
    if (!views) views = std::make_unique<std::string_view[]>(kViewsPerBlock);
    const std::string_view stored = store(name);
    views[id % kViewsPerBlock] = stored;
    m_index.emplace(stored, static_cast<NameId>(id));
    m_count.store(id + 1, std::memory_order_release);
    return static_cast<NameId>(id);
}

std::string_view NameTable::name(NameId id) const {
    if (id >= size()) return {};
    return (*m_views)[id / kViewsPerBlock][id % kViewsPerBlock];
}

std::string_view normaliseName(std::string_view raw, std::array<char, 256>& buf) {
    if (!raw.empty() && raw.back() == '.' && raw.size() > 1) raw.remove_suffix(1);
    if (raw.size() > 253) return {};
    for (std::size_t i = 0; i < raw.size(); ++i) {
        char c = raw[i];
        buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    }
    return {buf.data(), raw.size()};
}

}  // namespace dnshound::core::event
