#include "core/features/label_encoding.h"

#include <bit>

namespace dnshound::core::features {

namespace {

constexpr std::uint64_t letterBit(char c) {
    return 1ull << static_cast<unsigned>(c - 'a');
}
constexpr std::uint64_t digitBit(char c) {
    return 1ull << static_cast<unsigned>(26 + c - '0');
}
constexpr std::uint64_t range(char from, char to) {
    std::uint64_t m = 0;
    for (char c = from; c <= to; ++c) m |= (c >= 'a' ? letterBit(c) : digitBit(c));
    return m;
}

constexpr std::uint64_t kHexSet = range('0', '9') | range('a', 'f');
// base32 variants: RFC 4648 [a-z2-7], base32hex [0-9a-v], iodine's [a-z0-5].
constexpr std::uint64_t kBase32Rfc = range('a', 'z') | range('2', '7');
constexpr std::uint64_t kBase32Hex = range('0', '9') | range('a', 'v');
constexpr std::uint64_t kBase32Iodine = range('a', 'z') | range('0', '5');

bool subsetOf(std::uint64_t mask, std::uint64_t set) {
    return (mask & ~set) == 0;
}

}  // namespace

std::string_view encodingName(LabelEncoding encoding) {
    switch (encoding) {
        case LabelEncoding::None:
            return "plain";
        case LabelEncoding::Numeric:
            return "numeric";
        case LabelEncoding::Hex:
            return "hex";
        case LabelEncoding::Base32:
            return "base32";
        case LabelEncoding::Base36:
            return "base36";
        case LabelEncoding::Base64:
            return "base64";
        case LabelEncoding::Base128:
            return "base128";
    }
    return "plain";
}

double bitsPerChar(LabelEncoding encoding) {
    switch (encoding) {
        case LabelEncoding::None:
            return 4.0;  // text: roughly what compresses out of it
        case LabelEncoding::Numeric:
            return 3.32;
        case LabelEncoding::Hex:
            return 4.0;
        case LabelEncoding::Base32:
            return 5.0;
        case LabelEncoding::Base36:
            return 5.17;
        case LabelEncoding::Base64:
            return 6.0;
        case LabelEncoding::Base128:
            return 7.0;
    }
    return 4.0;
}

void CharInventory::add(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '.') continue;
        ++chars;
        if (c >= 'a' && c <= 'z') {
            mask |= letterBit(static_cast<char>(c));
            ++letters;
            if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') ++vowels;
        } else if (c >= '0' && c <= '9') {
            mask |= digitBit(static_cast<char>(c));
            ++digits;
        } else if (c == '-') {
            mask |= kHyphen;
        } else if (c == '_') {
            mask |= kUnderscore;
        } else if (c == '+' || c == '/' || c == '=') {
            mask |= kBase64Punct;
        } else if (c == '?') {
            mask |= kBase64Punct;
            ++unprintable;
        } else if (c == '\\') {
            // Resolvers print bytes they cannot show as "\ddd" (unbound, BIND) or "\c".
            mask |= kHigh;
            std::size_t n = 0;
            while (n < 3 && i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9') {
                ++i;
                ++n;
            }
            if (n == 0 && i + 1 < text.size()) ++i;
        } else if (c >= 0x80) {
            mask |= kHigh;
        } else if (c >= 'A' && c <= 'Z') {
            mask |= letterBit(static_cast<char>(c - 'A' + 'a'));
            ++letters;
        } else {
            mask |= kOther;
        }
    }
}

LabelEncoding classifyEncoding(std::uint64_t mask) {
    if (mask & CharInventory::kHigh) return LabelEncoding::Base128;
    if (mask & CharInventory::kOther) return LabelEncoding::None;
    const bool hasLetters = (mask & CharInventory::kLetters) != 0;
    const bool hasDigits = (mask & CharInventory::kDigits) != 0;
    if (!hasLetters) return hasDigits ? LabelEncoding::Numeric : LabelEncoding::None;
    if (!hasDigits) return LabelEncoding::None;  // letters only: words or unknowable
    const std::uint64_t alnum = mask & (CharInventory::kLetters | CharInventory::kDigits);
    if (mask & (CharInventory::kUnderscore | CharInventory::kBase64Punct))
        return LabelEncoding::Base64;
    // '-' is ordinary in host names; it only says base64 when the rest is already wide.
    if ((mask & CharInventory::kHyphen) && std::popcount(alnum) > 36 - 4)
        return LabelEncoding::Base64;
    if (subsetOf(alnum, kHexSet)) return LabelEncoding::Hex;
    if (subsetOf(alnum, kBase32Rfc) || subsetOf(alnum, kBase32Hex) ||
        subsetOf(alnum, kBase32Iodine))
        return LabelEncoding::Base32;
    return LabelEncoding::Base36;
}

}  // namespace dnshound::core::features
