#include "core/event/name_table.h"

#include <cstring>
#include <stdexcept>

namespace dnshound::core::event {

namespace {

constexpr std::size_t kInitialSlots = 1u << 12;

std::uint64_t load64(const char* p) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
}

std::uint64_t load32(const char* p) {
    std::uint32_t w;
    std::memcpy(&w, p, 4);
    return w;
}

// The last 1..7 bytes of a string as a zero-extended little-endian word, read without touching
// a byte past the end: two overlapping 4-byte loads, or three single bytes.
std::uint64_t tailWord(const char* p, std::size_t n) {
    if (n >= 4) return load32(p) | load32(p + n - 4) << (8 * (n - 4));
    const auto byte = [p](std::size_t i) {
        return static_cast<std::uint64_t>(static_cast<unsigned char>(p[i]));
    };
    return byte(0) | byte(n / 2) << (8 * (n / 2)) | byte(n - 1) << (8 * (n - 1));
}

// A fast 64-bit string hash, eight bytes per step (names are short; FNV-1a's byte loop is the
// slowest part of interning). Process-local: never stored.
std::uint64_t hashName(std::string_view s) {
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ (s.size() * 0xC2B2AE3D27D4EB4Full);
    const char* p = s.data();
    std::size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
        h = (h ^ load64(p)) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
    }
    if (n > 0) {
        h = (h ^ tailWord(p, n)) * 0x94D049BB133111EBull;
        h ^= h >> 29;
    }
    h *= 0xFF51AFD7ED558CCDull;
    return h ^ (h >> 33);
}

// Equality of two strings of length n, a word at a time (the last word overlaps the one before)
// instead of a call to memcmp: names are short and usually equal when compared at all.
bool sameBytes(const char* a, const char* b, std::size_t n) {
    if (n >= 8) {
        for (std::size_t i = 0; i + 8 < n; i += 8)
            if (load64(a + i) != load64(b + i)) return false;
        return load64(a + n - 8) == load64(b + n - 8);
    }
    return n == 0 || tailWord(a, n) == tailWord(b, n);
}

}  // namespace

NameTable::NameTable()
    : m_views(std::make_unique<std::array<std::unique_ptr<std::string_view[]>, kMaxBlocks>>()),
      m_slots(kInitialSlots),
      m_mask(kInitialSlots - 1) {}

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

std::size_t NameTable::findSlot(std::string_view name, std::uint64_t hash) const {
    for (std::size_t i = hash & m_mask;; i = (i + 1) & m_mask) {
        const Slot& slot = m_slots[i];
        if (slot.id == kNoName) return i;
        if (slot.hash == hash && slot.length == name.size() &&
            sameBytes(slot.data, name.data(), name.size()))
            return i;
    }
}

void NameTable::growIndex() {
    std::vector<Slot> old(m_slots.size() * 2);
    old.swap(m_slots);
    m_mask = m_slots.size() - 1;
    for (const Slot& slot : old) {
        if (slot.id == kNoName) continue;
        std::size_t i = slot.hash & m_mask;
        while (m_slots[i].id != kNoName) i = (i + 1) & m_mask;
        m_slots[i] = slot;
    }
}

std::uint64_t NameTable::hash(std::string_view name) {
    return hashName(name);
}

NameId NameTable::find(std::string_view name) const {
    return m_slots[findSlot(name, hashName(name))].id;
}

NameId NameTable::intern(std::string_view name) {
    return intern(name, hashName(name));
}

NameId NameTable::intern(std::string_view name, std::uint64_t hash) {
    std::size_t at = findSlot(name, hash);
    if (m_slots[at].id != kNoName) return m_slots[at].id;
    const std::size_t id = m_count.load(std::memory_order_relaxed);
    const std::size_t block = id / kViewsPerBlock;
    if (block >= kMaxBlocks) throw std::length_error("name table full");
    auto& views = (*m_views)[block];
    if (!views) views = std::make_unique<std::string_view[]>(kViewsPerBlock);
    const std::string_view stored = store(name);
    views[id % kViewsPerBlock] = stored;
    if (2 * (id + 1) > m_slots.size()) {
        growIndex();
        at = findSlot(name, hash);
    }
    m_slots[at] = Slot{hash, stored.data(), static_cast<std::uint32_t>(stored.size()),
                       static_cast<NameId>(id)};
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
