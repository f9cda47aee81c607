#pragma once

#include <cstdint>
#include <string_view>

namespace dnshound::core::features {

// The alphabet a run of DNS label characters is drawn from, smallest first. Names are compared
// case-insensitively (and normalised to lower case), so base64 shows up as letters, digits and
// '-', '_' (or '+', '/', '='); base128 (iodine) shows up as bytes >= 0x80 or "\ddd" escapes.
enum class LabelEncoding : std::uint8_t {
    None,     // words, too few characters, or letters only: not an encoding we can name
    Numeric,  // digits only (reversed IPs, counters)
    Hex,      // [0-9a-f] with letters and digits
    Base32,  // a 32-symbol subset of [a-z0-9] with letters and digits (RFC 4648, base32hex, iodine)
    Base36,  // letters and digits beyond 32 symbols
    Base64,  // letters, digits and '-', '_', '+', '/' or '='
    Base128,  // non-ASCII bytes or "\ddd" escapes
};

std::string_view encodingName(LabelEncoding encoding);
// Information per encoded character when decoding: 4 for hex, 5 for base32, 7 for base128 ...
double bitsPerChar(LabelEncoding encoding);

// Which characters a run of label text uses. Mask bits: 0-25 'a'-'z', 26-35 '0'-'9', 36 '-',
// 37 '_', 38 '+', '/' or '=', 39 a byte >= 0x80 or an escape, 40 anything else.
struct CharInventory {
    static constexpr std::uint64_t kLetters = (1ull << 26) - 1;
    static constexpr std::uint64_t kDigits = ((1ull << 10) - 1) << 26;
    static constexpr std::uint64_t kHyphen = 1ull << 36;
    static constexpr std::uint64_t kUnderscore = 1ull << 37;
    static constexpr std::uint64_t kBase64Punct = 1ull << 38;
    static constexpr std::uint64_t kHigh = 1ull << 39;
    static constexpr std::uint64_t kOther = 1ull << 40;

    std::uint64_t mask = 0;
    std::uint32_t chars = 0;  // characters, an escape "\ddd" counting as one, dots not counted
    std::uint32_t letters = 0;
    std::uint32_t digits = 0;
    std::uint32_t vowels = 0;
    std::uint32_t unprintable = 0;  // '?': how unbound prints bytes outside [a-z0-9-_]

    // The mask, with kHigh added when so many characters are unprintable that the text must be
    // binary (base128) rather than base64 with the odd '+' or '/'.
    std::uint64_t encodingMask() const { return unprintable * 5 > chars ? (mask | kHigh) : mask; }

    // Adds one label's (or several dot-separated labels') text.
    void add(std::string_view text);
};

// The smallest named alphabet holding every character of an inventory mask.
LabelEncoding classifyEncoding(std::uint64_t mask);

}  // namespace dnshound::core::features
