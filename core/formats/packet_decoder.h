#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "core/event/ip_address.h"

namespace dnshound::core::formats {

// What one captured frame is, as far as DNS is concerned.
enum class PacketKind : std::uint8_t {
    Dns,          // UDP or TCP with port 53 on either side; `payload` is the transport payload
    NotDns,       // anything else we understand (other ports, ARP, ICMP, ...)
    Fragment,     // an IPv4 or IPv6 fragment: not reassembled
    Mdns,         // UDP port 5353
    Llmnr,        // UDP port 5355
    Malformed,    // a link, IP or transport header that does not fit the frame
    UnknownLink,  // a link type this decoder does not read
};

std::string_view packetKindName(PacketKind kind);

struct DecodedPacket {
    event::IpAddress src;
    event::IpAddress dst;
    std::uint16_t srcPort = 0;
    std::uint16_t dstPort = 0;
    bool tcp = false;
    std::uint32_t tcpSeq = 0;
    std::uint8_t tcpFlags = 0;  // FIN 0x01, SYN 0x02, RST 0x04
    std::span<const std::uint8_t> payload;
};

// Link-layer type numbers as pcap_datalink() reports them (DLT_*), spelled out here so the
// decoder stays free of libpcap.
namespace linktype {
inline constexpr int kNull = 0;
inline constexpr int kEthernet = 1;
inline constexpr int kRaw = 12;
inline constexpr int kRawOpenBsd = 14;
inline constexpr int kRawLinktype = 101;
inline constexpr int kLoop = 108;
inline constexpr int kLinuxSll = 113;
inline constexpr int kIpv4 = 228;
inline constexpr int kIpv6 = 229;
inline constexpr int kLinuxSll2 = 276;
}  // namespace linktype

// Decodes link layer (Ethernet with 802.1Q/802.1ad tags, Linux SLL/SLL2, raw IP, BSD null and
// loopback), IPv4/IPv6 (extension headers skipped) and UDP/TCP. Allocation free; `out.payload`
// views `frame`.
PacketKind decodePacket(int linkType, std::span<const std::uint8_t> frame, DecodedPacket& out);

}  // namespace dnshound::core::formats
