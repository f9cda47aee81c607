#pragma once

#include <cstdint>
#include <vector>

#include "core/event/ip_address.h"

namespace dnshound::core::event {

// Interns addresses to dense ids (0, 1, 2, ... in order of first sight): one open-addressing
// table of ids, probed by a 64-bit mix of the address, and the addresses by id. Per-event stages
// key their state by the id instead of hashing 16 bytes into node-based maps.
class IpAddressIndex final {
public:
    IpAddressIndex();

    // The id of `a`, assigned on first sight.
    std::uint32_t intern(const IpAddress& a);
    const IpAddress& address(std::uint32_t id) const { return m_addresses[id]; }
    std::size_t size() const { return m_addresses.size(); }

private:
    static constexpr std::uint32_t kEmpty = 0xffffffffu;
    void grow();

    std::vector<std::uint32_t> m_slots;   // ids; kEmpty marks a free slot
    std::vector<std::uint64_t> m_hashes;  // parallel to m_addresses
    std::vector<IpAddress> m_addresses;
    std::size_t m_mask = 0;
};

}  // namespace dnshound::core::event
