#include "core/formats/packet_decoder.h"

#include <algorithm>

namespace dnshound::core::formats {

namespace {

constexpr std::uint16_t kEtherIpv4 = 0x0800;
constexpr std::uint16_t kEtherIpv6 = 0x86dd;
constexpr std::uint16_t kEtherVlan = 0x8100;
constexpr std::uint16_t kEtherQinQ = 0x88a8;
constexpr std::uint16_t kEtherQinQOld = 0x9100;
constexpr int kMaxVlanTags = 4;
constexpr int kMaxExtensionHeaders = 8;
constexpr std::uint8_t kProtoTcp = 6;
constexpr std::uint8_t kProtoUdp = 17;
constexpr std::uint16_t kPortDns = 53;
constexpr std::uint16_t kPortMdns = 5353;
constexpr std::uint16_t kPortLlmnr = 5355;

using Bytes = std::span<const std::uint8_t>;

std::uint16_t be16(Bytes b, std::size_t at) {
    return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

PacketKind decodeTransport(std::uint8_t proto, Bytes seg, DecodedPacket& out) {
    if (proto == kProtoUdp) {
        if (seg.size() < 8) return PacketKind::Malformed;
        const std::size_t udpLength = be16(seg, 4);
        if (udpLength < 8) return PacketKind::Malformed;
        out.srcPort = be16(seg, 0);
        out.dstPort = be16(seg, 2);
        out.tcp = false;
        // The snap length may cut the datagram: the DNS parser then sees a truncated message.
        out.payload = seg.subspan(8, std::min(udpLength, seg.size()) - 8);
    } else if (proto == kProtoTcp) {
        if (seg.size() < 20) return PacketKind::Malformed;
        const std::size_t headerLength = static_cast<std::size_t>(seg[12] >> 4) * 4;
        if (headerLength < 20 || headerLength > seg.size()) return PacketKind::Malformed;
        out.srcPort = be16(seg, 0);
        out.dstPort = be16(seg, 2);
        out.tcp = true;
        out.tcpSeq = static_cast<std::uint32_t>(be16(seg, 4)) << 16 | be16(seg, 6);
        out.tcpFlags = seg[13];
        out.payload = seg.subspan(headerLength);
    } else {
        return PacketKind::NotDns;
    }
    if (out.srcPort == kPortDns || out.dstPort == kPortDns) return PacketKind::Dns;
    if (out.tcp) return PacketKind::NotDns;
    if (out.srcPort == kPortMdns || out.dstPort == kPortMdns) return PacketKind::Mdns;
    if (out.srcPort == kPortLlmnr || out.dstPort == kPortLlmnr) return PacketKind::Llmnr;
    return PacketKind::NotDns;
}

PacketKind decodeIpv4(Bytes ip, DecodedPacket& out) {
    if (ip.size() < 20) return PacketKind::Malformed;
    const std::size_t headerLength = static_cast<std::size_t>(ip[0] & 0x0f) * 4;
    const std::size_t totalLength = be16(ip, 2);
    if (headerLength < 20 || totalLength < headerLength || headerLength > ip.size())
        return PacketKind::Malformed;
    if ((be16(ip, 6) & 0x3fff) != 0) return PacketKind::Fragment;  // MF set or offset > 0
    out.src =
        event::IpAddress::fromV4(static_cast<std::uint32_t>(be16(ip, 12)) << 16 | be16(ip, 14));
    out.dst =
        event::IpAddress::fromV4(static_cast<std::uint32_t>(be16(ip, 16)) << 16 | be16(ip, 18));
    // Ethernet pads short frames: the IP total length says where the datagram ends.
    const std::size_t end = std::min(totalLength, ip.size());
    return decodeTransport(ip[9], ip.subspan(headerLength, end - headerLength), out);
}

PacketKind decodeIpv6(Bytes ip, DecodedPacket& out) {
    if (ip.size() < 40) return PacketKind::Malformed;
    const std::size_t payloadLength = be16(ip, 4);
    for (int i = 0; i < 16; ++i) {
        out.src.bytes[i] = ip[8 + i];
        out.dst.bytes[i] = ip[24 + i];
    }
    // A zero payload length is a jumbogram (or a lazy writer): take what was captured.
    const std::size_t end =
        payloadLength == 0 ? ip.size() : std::min(ip.size(), 40 + payloadLength);
    std::uint8_t next = ip[6];
    std::size_t at = 40;
    for (int hops = 0; hops <= kMaxExtensionHeaders; ++hops) {
        switch (next) {
            case 0:    // hop-by-hop options
            case 43:   // routing
            case 60:   // destination options
            case 135:  // mobility
                if (at + 8 > end) return PacketKind::Malformed;
                next = ip[at];
                at += (static_cast<std::size_t>(ip[at + 1]) + 1) * 8;
                break;
            case 51:  // authentication header: length in 4-byte units, minus 2
                if (at + 8 > end) return PacketKind::Malformed;
                next = ip[at];
                at += (static_cast<std::size_t>(ip[at + 1]) + 2) * 4;
                break;
            case 44: {  // fragment: only an atomic fragment (offset 0, no more) is whole
                if (at + 8 > end) return PacketKind::Malformed;
                if ((be16(ip, at + 2) & 0xfff9) != 0) return PacketKind::Fragment;
                next = ip[at];
                at += 8;
                break;
            }
            default:
                if (at > end) return PacketKind::Malformed;
                return decodeTransport(next, ip.subspan(at, end - at), out);
        }
    }
    return PacketKind::Malformed;
}

PacketKind decodeIp(Bytes ip, DecodedPacket& out) {
    if (ip.empty()) return PacketKind::Malformed;
    switch (ip[0] >> 4) {
        case 4:
            return decodeIpv4(ip, out);
        case 6:
            return decodeIpv6(ip, out);
        default:
            return PacketKind::NotDns;
    }
}

PacketKind decodeEtherType(std::uint16_t type, Bytes rest, DecodedPacket& out) {
    if (type == kEtherIpv4 || type == kEtherIpv6) return decodeIp(rest, out);
    return PacketKind::NotDns;
}

}  // namespace

std::string_view packetKindName(PacketKind kind) {
    switch (kind) {
        case PacketKind::Dns:
            return "dns";
        case PacketKind::NotDns:
            return "not dns";
        case PacketKind::Fragment:
            return "ip fragment";
        case PacketKind::Mdns:
            return "mdns";
        case PacketKind::Llmnr:
            return "llmnr";
        case PacketKind::Malformed:
            return "malformed headers";
        case PacketKind::UnknownLink:
            return "unsupported link type";
    }
    return "unknown";
}

PacketKind decodePacket(int linkType, Bytes frame, DecodedPacket& out) {
    out = DecodedPacket{};
    switch (linkType) {
        case linktype::kEthernet: {
            if (frame.size() < 14) return PacketKind::Malformed;
            std::size_t at = 12;
            std::uint16_t type = be16(frame, at);
            for (int tags = 0; (type == kEtherVlan || type == kEtherQinQ || type == kEtherQinQOld);
                 ++tags) {
                if (tags >= kMaxVlanTags || at + 6 > frame.size()) return PacketKind::Malformed;
                at += 4;
                type = be16(frame, at);
            }
            return decodeEtherType(type, frame.subspan(at + 2), out);
        }
        case linktype::kLinuxSll:
            if (frame.size() < 16) return PacketKind::Malformed;
            return decodeEtherType(be16(frame, 14), frame.subspan(16), out);
        case linktype::kLinuxSll2:
            if (frame.size() < 20) return PacketKind::Malformed;
            return decodeEtherType(be16(frame, 0), frame.subspan(20), out);
        case linktype::kRaw:
        case linktype::kRawOpenBsd:
        case linktype::kRawLinktype:
        case linktype::kIpv4:
        case linktype::kIpv6:
            return decodeIp(frame, out);
        case linktype::kNull:
        case linktype::kLoop:
            // The 4-byte address family is in host or network order depending on the writer;
            // the IP version nibble is unambiguous.
            if (frame.size() < 4) return PacketKind::Malformed;
            return decodeIp(frame.subspan(4), out);
        default:
            return PacketKind::UnknownLink;
    }
}

}  // namespace dnshound::core::formats
