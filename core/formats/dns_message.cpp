#include "core/formats/dns_message.h"

#include <array>

namespace dnshound::core::formats {

namespace {

constexpr std::size_t kHeaderBytes = 12;
constexpr std::size_t kMinQuestionBytes = 5;  // root name + type + class
constexpr std::size_t kMinRecordBytes = 11;   // root name + type, class, ttl, rdlength
constexpr std::size_t kMaxWireName = 255;
constexpr int kMaxPointerHops = 64;
constexpr std::uint16_t kTypeA = 1;
constexpr std::uint16_t kTypeAaaa = 28;
constexpr std::uint16_t kClassIn = 1;

std::uint16_t be16(std::span<const std::uint8_t> w, std::size_t at) {
    return static_cast<std::uint16_t>((w[at] << 8) | w[at + 1]);
}

// Per byte: its lower-case form, and whether it is unusual in a label (control, DEL, '.').
struct ByteClasses {
    std::array<char, 256> lower{};
    std::array<bool, 256> odd{};
    constexpr ByteClasses() {
        for (int c = 0; c < 256; ++c) {
            lower[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
            odd[c] = c < 0x20 || c == 0x7f || c == '.';
        }
    }
};
constexpr ByteClasses kBytes;

DnsError readName(std::span<const std::uint8_t> wire, std::size_t offset, DnsNameBuffer& nameBuffer,
                  std::size_t& nameLength, std::size_t& next, bool& plain);

// Skips a name without decoding it: only the bytes up to the first pointer or the root label
// belong to this occurrence.
bool skipName(std::span<const std::uint8_t> wire, std::size_t& at) {
    std::size_t wireLength = 0;
    while (at < wire.size()) {
        const std::uint8_t len = wire[at];
        if ((len & 0xc0) == 0xc0) {
            if (at + 2 > wire.size()) return false;
            at += 2;
            return true;
        }
        if (len & 0xc0) return false;
        wireLength += len + 1u;
        if (wireLength > kMaxWireName) return false;
        at += len + 1u;
        if (len == 0) return true;
    }
    return false;
}

}  // namespace

std::string_view dnsErrorReason(DnsError error) {
    switch (error) {
        case DnsError::None:
            return "dns: ok";
        case DnsError::Truncated:
            return "dns: truncated";
        case DnsError::BadCounts:
            return "dns: bad counts";
        case DnsError::NoQuestion:
            return "dns: no question";
        case DnsError::CompressionLoop:
            return "dns: compression loop";
        case DnsError::BadPointer:
            return "dns: bad pointer";
        case DnsError::NameTooLong:
            return "dns: name too long";
        case DnsError::BadLabelType:
            return "dns: bad label type";
    }
    return "dns: unknown";
}

DnsError readDnsName(std::span<const std::uint8_t> wire, std::size_t offset,
                     DnsNameBuffer& nameBuffer, std::size_t& nameLength, std::size_t& next) {
    bool plain = true;
    return readName(wire, offset, nameBuffer, nameLength, next, plain);
}

namespace {

DnsError readName(std::span<const std::uint8_t> wire, std::size_t offset, DnsNameBuffer& nameBuffer,
                  std::size_t& nameLength, std::size_t& next, bool& plain) {
    bool odd = false;
    std::size_t at = offset;
    std::size_t segmentStart = offset;  // every pointer must go strictly below this
    std::size_t wireLength = 0;
    std::size_t out = 0;
    bool jumped = false;
    int hops = 0;
    for (;;) {
        if (at >= wire.size()) return DnsError::Truncated;
        const std::uint8_t len = wire[at];
        if ((len & 0xc0) == 0xc0) {
            if (at + 2 > wire.size()) return DnsError::Truncated;
            const std::size_t target = static_cast<std::size_t>(be16(wire, at) & 0x3fff);
            if (target >= wire.size()) return DnsError::BadPointer;
            if (target >= segmentStart || ++hops > kMaxPointerHops)
                return DnsError::CompressionLoop;
            if (!jumped) next = at + 2;
            jumped = true;
            segmentStart = target;
            at = target;
            continue;
        }
        if (len & 0xc0) return DnsError::BadLabelType;
        wireLength += len + 1u;
        if (wireLength > kMaxWireName) return DnsError::NameTooLong;
        if (len == 0) {
            if (!jumped) next = at + 1;
            nameLength = out;
            plain = !odd;
            return DnsError::None;
        }
        if (at + 1 + len > wire.size()) return DnsError::Truncated;
        if (out != 0) nameBuffer[out++] = '.';
        for (std::size_t i = 0; i < len; ++i) {
            const std::uint8_t c = wire[at + 1 + i];
            nameBuffer[out++] = kBytes.lower[c];
            odd |= kBytes.odd[c];
        }
        at += len + 1u;
    }
}

}  // namespace

DnsError parseDnsMessage(std::span<const std::uint8_t> wire, DnsMessage& out,
                         DnsNameBuffer& nameBuffer) {
    out = DnsMessage{};
    if (wire.size() < kHeaderBytes) return DnsError::Truncated;
    out.id = be16(wire, 0);
    const std::uint16_t flags = be16(wire, 2);
    out.response = (flags & 0x8000) != 0;
    out.opcode = static_cast<std::uint8_t>((flags >> 11) & 0x0f);
    out.rcode = static_cast<std::uint16_t>(flags & 0x000f);
    out.qdcount = be16(wire, 4);
    out.ancount = be16(wire, 6);
    out.nscount = be16(wire, 8);
    out.arcount = be16(wire, 10);
    if (out.qdcount == 0) return DnsError::NoQuestion;
    const std::size_t body = wire.size() - kHeaderBytes;
    if (std::size_t{out.qdcount} * kMinQuestionBytes > body) return DnsError::BadCounts;

    std::size_t nameLength = 0;
    std::size_t at = kHeaderBytes;
    if (const DnsError e = readName(wire, at, nameBuffer, nameLength, at, out.plainName);
        e != DnsError::None)
        return e;
    if (at + 4 > wire.size()) return DnsError::Truncated;
    out.qname = std::string_view(nameBuffer.data(), nameLength);
    out.qtype = be16(wire, at);
    out.qclass = be16(wire, at + 2);
    at += 4;
    if (!out.response || out.ancount == 0) return DnsError::None;

    // Past the first question, damage only ends the search for an answer address.
    for (std::uint16_t q = 1; q < out.qdcount; ++q) {
        if (!skipName(wire, at) || at + 4 > wire.size()) return DnsError::None;
        at += 4;
    }
    if (std::size_t{out.ancount} * kMinRecordBytes > wire.size() - at) return DnsError::None;
    for (std::uint16_t a = 0; a < out.ancount; ++a) {
        if (!skipName(wire, at) || at + 10 > wire.size()) return DnsError::None;
        const std::uint16_t type = be16(wire, at);
        const std::uint16_t cls = be16(wire, at + 2);
        const std::uint16_t rdlength = be16(wire, at + 8);
        at += 10;
        if (at + rdlength > wire.size()) return DnsError::None;
        if (cls == kClassIn &&
            ((type == kTypeA && rdlength == 4) || (type == kTypeAaaa && rdlength == 16))) {
            event::IpAddress ip;
            if (type == kTypeA) {
                ip.bytes[10] = 0xff;
                ip.bytes[11] = 0xff;
                for (int i = 0; i < 4; ++i) ip.bytes[12 + i] = wire[at + i];
            } else {
                for (int i = 0; i < 16; ++i) ip.bytes[i] = wire[at + i];
            }
            out.answer = ip;
            out.hasAnswer = true;
            return DnsError::None;
        }
        at += rdlength;
    }
    return DnsError::None;
}

}  // namespace dnshound::core::formats
