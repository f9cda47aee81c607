#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace dnshound::core::event {

using NameId = std::uint32_t;
inline constexpr NameId kNoName = 0xffffffffu;

// Interns query names: each distinct name is stored once and referred to by a dense id, so
// downstream stages do per-distinct-name work with array lookups instead of string hashing.
//
// Threading contract: one thread (the collector) calls intern(); any thread may call name() for
// an id it received through a synchronising hand-off (the pipeline's queues). Storage is made of
// fixed blocks that never move, so readers never see a reallocation.
class NameTable final {
public:
    NameTable();
    ~NameTable();
    NameTable(const NameTable&) = delete;
    NameTable& operator=(const NameTable&) = delete;

    // `name` must already be normalised (lower case, no trailing dot).
    NameId intern(std::string_view name);
    // The same, with `hash` == hash(name) computed by the caller (who keys other tables by it).
    NameId intern(std::string_view name, std::uint64_t hash);
    // The table's 64-bit hash of a name. Process-local: never stored.
    static std::uint64_t hash(std::string_view name);
    // Starts fetching the index slot a lookup of a name with `hash` begins at.
    void prefetch(std::uint64_t hash) const { __builtin_prefetch(&m_slots[hash & m_mask]); }
    // Looks a name up without adding it; kNoName when absent. Collector thread only.
    NameId find(std::string_view name) const;
    std::string_view name(NameId id) const;
    std::size_t size() const { return m_count.load(std::memory_order_acquire); }

private:
    static constexpr std::size_t kViewsPerBlock = 1u << 16;
    static constexpr std::size_t kMaxBlocks = 1u << 16;
    static constexpr std::size_t kCharsPerBlock = 1u << 20;

    // The index: open addressing with linear probing, at most half full. Each slot keeps the
    // name's full hash and its stored text, so a lookup touches one slot and one string.
    struct Slot {
        std::uint64_t hash = 0;
        const char* data = nullptr;
        std::uint32_t length = 0;
        NameId id = kNoName;  // kNoName: empty slot
    };

    std::string_view store(std::string_view name);
    std::size_t findSlot(std::string_view name, std::uint64_t hash) const;
    void growIndex();

    std::unique_ptr<std::array<std::unique_ptr<std::string_view[]>, kMaxBlocks>> m_views;
    std::vector<std::unique_ptr<char[]>> m_charBlocks;  // collector-only
    std::size_t m_charUsed = kCharsPerBlock;
    std::vector<Slot> m_slots;
    std::size_t m_mask = 0;
    std::atomic<std::size_t> m_count{0};
};

// Lower-cases ASCII and strips one trailing dot into `buf`; returns the normalised view, or an
// empty view when the name does not fit (names are at most 253 characters on the wire).
std::string_view normaliseName(std::string_view raw, std::array<char, 256>& buf);

}  // namespace dnshound::core::event
