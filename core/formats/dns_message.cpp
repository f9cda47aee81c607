#include "core/formats/dns_message.h"

#include <array>
#include <bit>
#include <cstring>

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

// The same per byte, eight bytes at a time (SWAR): bytes with the top bit set are neither upper
// case nor odd, so every test works on the low seven bits and no sum carries into the next byte.
constexpr std::uint64_t kOnes = 0x0101010101010101ull;
constexpr std::uint64_t kHighBits = 0x80 * kOnes;

// High bit of each byte whose low seven bits equal `c`.
constexpr std::uint64_t equalBytes(std::uint64_t heptets, std::uint8_t c) {
    return ~((heptets ^ (c * kOnes)) + 0x7f * kOnes) & kHighBits;
}

constexpr std::uint64_t lowerWord(std::uint64_t w) {
    const std::uint64_t heptets = w & ~kHighBits;
    const std::uint64_t atLeastA = heptets + (0x80 - 'A') * kOnes;
    const std::uint64_t pastZ = heptets + (0x7f - 'Z') * kOnes;
    const std::uint64_t upper = atLeastA & ~pastZ & ~w & kHighBits;
    return w | (upper >> 2);
}

// High bit of each odd byte.
constexpr std::uint64_t oddBytes(std::uint64_t w) {
    const std::uint64_t heptets = w & ~kHighBits;
    const std::uint64_t control = ~(heptets + (0x80 - 0x20) * kOnes) & kHighBits;
    return (control | equalBytes(heptets, 0x7f) | equalBytes(heptets, '.')) & ~w & kHighBits;
}

static_assert(lowerWord(0x5a41405b7a617f80ull) == 0x7a61405b7a617f80ull);
static_assert(oddBytes(0x1f2e7f2041ff0080ull) == 0x8080800000008000ull);

// Label lengths (0..63) that are odd bytes themselves: below 0x20, and '.'.
constexpr std::uint64_t kOddLengths = 0xffffffffull | 1ull << '.';

// How many bytes of a oddBytes() result are flagged.
constexpr int countFlagged(std::uint64_t flags) {
    return static_cast<int>(((flags >> 7) * kOnes) >> 56);
}

static_assert(countFlagged(0x8080800000008000ull) == 4);

std::uint64_t load64(const std::uint8_t* p) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
}

// Copies the run of labels wire[from, to) (length bytes included) lower-cased to `dst`, turns
// its length bytes into dots and returns how many of its bytes are odd, length bytes included.
// Works a word at a time, all reads inside the message: a last partial word is read from the
// message's last eight bytes when fewer follow. The caller's buffer has a word of room past
// the longest name for the last store.
int copyRun(std::span<const std::uint8_t> wire, std::size_t from, std::size_t to, char* dst) {
    const std::size_t n = to - from;
    const std::uint8_t* src = wire.data() + from;
    int odd = 0;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const std::uint64_t w = load64(src + i);
        odd += countFlagged(oddBytes(w));
        const std::uint64_t lower = lowerWord(w);
        std::memcpy(dst + i, &lower, 8);
    }
    if (i < n && wire.size() >= 8) {
        const std::size_t at = from + i;
        const std::uint64_t w = at + 8 <= wire.size() ? load64(wire.data() + at)
                                                      : load64(wire.data() + wire.size() - 8) >>
                                                            (8 * (at + 8 - wire.size()));
        const std::uint64_t inRun = (1ull << (8 * (n - i))) - 1;
        odd += countFlagged(oddBytes(w) & inRun);
        const std::uint64_t lower = lowerWord(w);
        std::memcpy(dst + i, &lower, 8);
    } else {
        for (; i < n; ++i) {
            dst[i] = kBytes.lower[src[i]];
            odd += kBytes.odd[src[i]];
        }
    }
    // Length bytes (1..63) are below 'A': lower-casing left them as they were.
    for (std::size_t p = 0; p < n;) {
        const std::size_t label = static_cast<std::uint8_t>(dst[p]);
        dst[p] = '.';
        p += label + 1;
    }
    return odd;
}

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
    const DnsError e = readName(wire, offset, nameBuffer, nameLength, next, plain);
    if (e == DnsError::None) std::memmove(nameBuffer.data(), nameBuffer.data() + 1, nameLength);
    return e;
}

namespace {

// Labels between pointers lie back to back: each run is validated label by label, then copied
// in one piece (copyRun). The text lands at nameBuffer[1]: index 0 takes the dot made of the
// first length byte.
DnsError readName(std::span<const std::uint8_t> wire, std::size_t offset, DnsNameBuffer& nameBuffer,
                  std::size_t& nameLength, std::size_t& next, bool& plain) {
    std::size_t at = offset;
    std::size_t segmentStart = offset;  // every pointer must go strictly below this
    std::size_t runStart = offset;      // first length byte of the labels not yet copied
    std::size_t wireLength = 0;
    std::size_t out = 0;
    int oddCount = 0;    // odd bytes in the copied runs, length bytes included
    int oddLengths = 0;  // length bytes that are odd themselves (below 0x20, or '.')
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
            oddCount += copyRun(wire, runStart, at, nameBuffer.data() + out);
            out += at - runStart;
            if (!jumped) next = at + 2;
            jumped = true;
            segmentStart = target;
            at = target;
            runStart = target;
            continue;
        }
        if (len & 0xc0) return DnsError::BadLabelType;
        wireLength += len + 1u;
        if (wireLength > kMaxWireName) return DnsError::NameTooLong;
        if (len == 0) {
            oddCount += copyRun(wire, runStart, at, nameBuffer.data() + out);
            out += at - runStart;
            if (!jumped) next = at + 1;
            nameLength = out == 0 ? 0 : out - 1;
            plain = oddCount == oddLengths;
            return DnsError::None;
        }
        if (at + 1 + len > wire.size()) return DnsError::Truncated;
        oddLengths += static_cast<int>((kOddLengths >> len) & 1);
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
    out.qname = std::string_view(nameBuffer.data() + 1, nameLength);
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
