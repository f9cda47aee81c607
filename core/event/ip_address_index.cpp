#include "core/event/ip_address_index.h"

#include <cstring>

#include "core/event/hash_mix.h"

namespace dnshound::core::event {

namespace {

// IPv4 addresses differ only in the last four bytes: both halves go through a full mix.
std::uint64_t hashAddress(const IpAddress& a) {
    std::uint64_t hi, lo;
    std::memcpy(&hi, a.bytes.data(), 8);
    std::memcpy(&lo, a.bytes.data() + 8, 8);
    return mix64(lo ^ mix64(hi));
}

}  // namespace

IpAddressIndex::IpAddressIndex() : m_slots(1u << 10, kEmpty), m_mask((1u << 10) - 1) {}

void IpAddressIndex::grow() {
    m_slots.assign(m_slots.size() * 2, kEmpty);
    m_mask = m_slots.size() - 1;
    for (std::uint32_t id = 0; id < m_addresses.size(); ++id) {
        std::size_t slot = m_hashes[id] & m_mask;
        while (m_slots[slot] != kEmpty) slot = (slot + 1) & m_mask;
        m_slots[slot] = id;
    }
}

std::uint32_t IpAddressIndex::intern(const IpAddress& a) {
    const std::uint64_t h = hashAddress(a);
    std::size_t slot = h & m_mask;
    while (m_slots[slot] != kEmpty) {
        const std::uint32_t id = m_slots[slot];
        if (m_hashes[id] == h && m_addresses[id] == a) return id;
        slot = (slot + 1) & m_mask;
    }
    const auto id = static_cast<std::uint32_t>(m_addresses.size());
    m_addresses.push_back(a);
    m_hashes.push_back(h);
    if (m_addresses.size() * 2 > m_slots.size()) {
        grow();
    } else {
        m_slots[slot] = id;
    }
    return id;
}

}  // namespace dnshound::core::event
