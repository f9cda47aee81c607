#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace dnshound::core::event {

// An IPv4 or IPv6 address. IPv4 is held as an IPv4-mapped IPv6 address (::ffff:a.b.c.d) so that
// both families share one fixed-size, allocation-free representation.
struct IpAddress {
    std::array<std::uint8_t, 16> bytes{};

    static std::optional<IpAddress> parse(std::string_view text);
    static IpAddress fromV4(std::uint32_t hostOrder);

    bool isV4() const;
    bool isUnspecified() const;
    std::string toString() const;
    // The network this address belongs to, masked to the prefix length of its family.
    IpAddress masked(int ipv4PrefixLength, int ipv6PrefixLength) const;
    // "10.0.0.0/24" style text for a masked address.
    std::string toSubnetString(int ipv4PrefixLength, int ipv6PrefixLength) const;

    // Two 64-bit compares: per-event stages compare addresses all the time.
    friend bool operator==(const IpAddress& a, const IpAddress& b) {
        std::uint64_t a0, a1, b0, b1;
        std::memcpy(&a0, a.bytes.data(), 8);
        std::memcpy(&a1, a.bytes.data() + 8, 8);
        std::memcpy(&b0, b.bytes.data(), 8);
        std::memcpy(&b1, b.bytes.data() + 8, 8);
        return ((a0 ^ b0) | (a1 ^ b1)) == 0;
    }
    friend auto operator<=>(const IpAddress&, const IpAddress&) = default;
};

struct IpAddressHash {
    std::size_t operator()(const IpAddress& a) const noexcept;
};

}  // namespace dnshound::core::event
