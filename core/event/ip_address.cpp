#include "core/event/ip_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <bit>
#include <cstring>

namespace dnshound::core::event {

namespace {
constexpr std::array<std::uint8_t, 12> kV4MappedPrefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
    // inet_pton needs a terminated string; addresses are short, so a stack buffer avoids the heap.
    char buf[INET6_ADDRSTRLEN + 1];
    if (text.empty() || text.size() >= sizeof(buf)) return std::nullopt;
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = '\0';
    IpAddress a;
    if (text.find(':') == std::string_view::npos) {
        std::uint8_t v4[4];
        if (inet_pton(AF_INET, buf, v4) != 1) return std::nullopt;
        std::memcpy(a.bytes.data(), kV4MappedPrefix.data(), kV4MappedPrefix.size());
        std::memcpy(a.bytes.data() + 12, v4, 4);
        return a;
    }
    // Zone ids ("fe80::1%eth0") carry no information we key on: drop them.
    if (auto pct = text.find('%'); pct != std::string_view::npos) buf[pct] = '\0';
    if (inet_pton(AF_INET6, buf, a.bytes.data()) != 1) return std::nullopt;
    return a;
}

IpAddress IpAddress::fromV4(std::uint32_t hostOrder) {
    IpAddress a;
    std::memcpy(a.bytes.data(), kV4MappedPrefix.data(), kV4MappedPrefix.size());
    a.bytes[12] = static_cast<std::uint8_t>(hostOrder >> 24);
    a.bytes[13] = static_cast<std::uint8_t>(hostOrder >> 16);
    a.bytes[14] = static_cast<std::uint8_t>(hostOrder >> 8);
    a.bytes[15] = static_cast<std::uint8_t>(hostOrder);
    return a;
}

bool IpAddress::isV4() const {
    return std::memcmp(bytes.data(), kV4MappedPrefix.data(), kV4MappedPrefix.size()) == 0;
}

bool IpAddress::isUnspecified() const {
    for (auto b : bytes)
        if (b != 0) return false;
    return true;
}

std::string IpAddress::toString() const {
    char buf[INET6_ADDRSTRLEN];
    if (isV4()) {
        inet_ntop(AF_INET, bytes.data() + 12, buf, sizeof(buf));
    } else {
        inet_ntop(AF_INET6, bytes.data(), buf, sizeof(buf));
    }
    return buf;
}

IpAddress IpAddress::masked(int ipv4PrefixLength, int ipv6PrefixLength) const {
    // Two 64-bit halves and byte-order aware masks: the batcher masks every event.
    const int keepBits = std::clamp(isV4() ? 96 + ipv4PrefixLength : ipv6PrefixLength, 0, 128);
    const auto mask = [](int bits) {
        const std::uint64_t m = bits <= 0 ? 0 : bits >= 64 ? ~0ull : ~0ull << (64 - bits);
        return std::endian::native == std::endian::little ? __builtin_bswap64(m) : m;
    };
    std::uint64_t hi, lo;
    std::memcpy(&hi, bytes.data(), 8);
    std::memcpy(&lo, bytes.data() + 8, 8);
    hi &= mask(keepBits);
    lo &= mask(keepBits - 64);
    IpAddress out;
    std::memcpy(out.bytes.data(), &hi, 8);
    std::memcpy(out.bytes.data() + 8, &lo, 8);
    return out;
}

std::string IpAddress::toSubnetString(int ipv4PrefixLength, int ipv6PrefixLength) const {
    const IpAddress m = masked(ipv4PrefixLength, ipv6PrefixLength);
    return m.toString() + "/" + std::to_string(isV4() ? ipv4PrefixLength : ipv6PrefixLength);
}

std::size_t IpAddressHash::operator()(const IpAddress& a) const noexcept {
    std::uint64_t hi, lo;
    std::memcpy(&hi, a.bytes.data(), 8);
    std::memcpy(&lo, a.bytes.data() + 8, 8);
    std::uint64_t h = hi * 0x9E3779B97F4A7C15ULL ^ (lo + 0x632BE59BD9B4E019ULL + (hi << 6));
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 32;
    return static_cast<std::size_t>(h);
}

}  // namespace dnshound::core::event
