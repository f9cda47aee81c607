#include "core/features/tunnel_name_features.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "core/features/label_encoding.h"
#include "core/features/public_suffix.h"

namespace dnshound::core::features {

namespace {

constexpr std::array<std::string_view, TunnelNameFeatures::kCount> kNames = {
    "sub_length",          "sub_labels",
    "sub_longest_label",   "sub_mean_label",
    "sub_first_label",     "sub_entropy",
    "sub_letter_ratio",    "sub_digit_ratio",
    "sub_hex_ratio",       "sub_hyphen_ratio",
    "sub_base64_ratio",    "sub_binary_ratio",
    "sub_vowel_ratio",     "sub_distinct_chars",
    "sub_distinct_ratio",  "sub_longest_digit_run",
    "sub_longest_hex_run", "sub_longest_consonant_run",
    "sub_encoding",        "sub_bits_per_char",
    "sub_class_switches",  "sub_long_labels"};

bool isVowel(unsigned char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

bool isDigit(unsigned char c) {
    return c >= '0' && c <= '9';
}

bool isEscape(std::string_view s, std::size_t i) {
    return s[i] == '\\' && i + 3 < s.size() && isDigit(static_cast<unsigned char>(s[i + 1])) &&
           isDigit(static_cast<unsigned char>(s[i + 2])) &&
           isDigit(static_cast<unsigned char>(s[i + 3]));
}

}  // namespace

const std::array<std::string_view, TunnelNameFeatures::kCount>& TunnelNameFeatures::names() {
    return kNames;
}

std::string_view TunnelNameFeatures::subdomainOf(std::string_view name) {
    return PublicSuffix::split(name).subdomain;
}

void TunnelNameFeatures::extract(std::string_view name, std::span<float> out) {
    extractSubdomain(subdomainOf(name), out);
}

void TunnelNameFeatures::extractSubdomain(std::string_view sub, std::span<float> out) {
    std::fill(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(kCount), 0.0f);
    if (sub.empty()) return;
    std::array<std::uint32_t, 256> freq{};
    std::uint32_t chars = 0, letters = 0, digits = 0, hex = 0, hyphens = 0, b64 = 0, binary = 0,
                  vowels = 0, labels = 1, longest = 0, firstLabel = 0, labelLen = 0, longLabels = 0;
    std::uint32_t digitRun = 0, hexRun = 0, consRun = 0, maxDigitRun = 0, maxHexRun = 0,
                  maxConsRun = 0, switches = 0;
    int lastClass = -1;  // 0 letter, 1 digit, 2 other
    CharInventory inv;
    auto endLabel = [&] {
        if (labels == 1) firstLabel = labelLen;
        longest = std::max(longest, labelLen);
        if (labelLen >= 8) ++longLabels;
        labelLen = 0;
    };
    for (std::size_t i = 0; i < sub.size(); ++i) {
        auto c = static_cast<unsigned char>(sub[i]);
        if (c == '.') {
            endLabel();
            ++labels;
            digitRun = hexRun = consRun = 0;
            lastClass = -1;
            continue;
        }
        ++chars;
        ++labelLen;
        int cls = 2;
        if (c >= 0x80 || isEscape(sub, i)) {
            ++binary;
            if (c == '\\') i += 3;
            c = 0x80;
        } else if (c >= 'A' && c <= 'Z') {
            c = static_cast<unsigned char>(c - 'A' + 'a');  // case never reaches the model
        }
        ++freq[c];
        const bool letter = c >= 'a' && c <= 'z';
        const bool digit = isDigit(c);
        if (letter) {
            ++letters;
            cls = 0;
            if (isVowel(c)) {
                ++vowels;
                consRun = 0;
            } else {
                maxConsRun = std::max(maxConsRun, ++consRun);
            }
        } else {
            consRun = 0;
        }
        if (digit) {
            ++digits;
            cls = 1;
            maxDigitRun = std::max(maxDigitRun, ++digitRun);
        } else {
            digitRun = 0;
        }
        if (digit || (c >= 'a' && c <= 'f')) ++hex;
        if (digit || (c >= 'a' && c <= 'f'))
            maxHexRun = std::max(maxHexRun, ++hexRun);
        else
            hexRun = 0;
        if (c == '-' || c == '_') ++hyphens;
        if (c == '+' || c == '/' || c == '=') ++b64;
        if (lastClass >= 0 && cls != lastClass) ++switches;
        lastClass = cls;
        const char lowered = static_cast<char>(c);
        if (c != 0x80) inv.add(std::string_view(&lowered, 1));
    }
    endLabel();
    if (binary) inv.mask |= CharInventory::kHigh;
    double entropy = 0;
    std::uint32_t distinct = 0;
    for (std::uint32_t f : freq) {
        if (!f) continue;
        ++distinct;
        const double p = static_cast<double>(f) / chars;
        entropy -= p * std::log2(p);
    }
    const float n = chars ? static_cast<float>(chars) : 1.0f;
    const LabelEncoding enc = classifyEncoding(inv.mask);
    std::size_t k = 0;
    out[k++] = static_cast<float>(sub.size());
    out[k++] = static_cast<float>(labels);
    out[k++] = static_cast<float>(longest);
    out[k++] = static_cast<float>(chars) / static_cast<float>(labels);
    out[k++] = static_cast<float>(firstLabel);
    out[k++] = static_cast<float>(entropy);
    out[k++] = static_cast<float>(letters) / n;
    out[k++] = static_cast<float>(digits) / n;
    out[k++] = static_cast<float>(hex) / n;
    out[k++] = static_cast<float>(hyphens) / n;
    out[k++] = static_cast<float>(b64) / n;
    out[k++] = static_cast<float>(binary) / n;
    out[k++] = letters ? static_cast<float>(vowels) / static_cast<float>(letters) : 0.0f;
    out[k++] = static_cast<float>(distinct);
    out[k++] = static_cast<float>(distinct) / n;
    out[k++] = static_cast<float>(maxDigitRun);
    out[k++] = static_cast<float>(maxHexRun);
    out[k++] = static_cast<float>(maxConsRun);
    out[k++] = static_cast<float>(enc);
    out[k++] = static_cast<float>(bitsPerChar(enc));
    out[k++] = static_cast<float>(switches) / n;
    out[k++] = static_cast<float>(longLabels);
}

}  // namespace dnshound::core::features
