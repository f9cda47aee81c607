#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace dnshound::core::features {

// Set bits of a trie node's child mask. std::popcount is a call into libgcc unless the build
// targets CPUs with POPCNT; this is a few inline instructions.
constexpr unsigned bitCount(std::uint32_t x) {
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    x = (x + (x >> 4)) & 0x0f0f0f0fu;
    return (x * 0x01010101u) >> 24;
}
static_assert(bitCount(0) == 0 && bitCount(1) == 1 && bitCount(0xffffffffu) == 32 &&
              bitCount(0x80000001u) == 2 && bitCount(0x03ffffffu) == 26);

constexpr unsigned bitCount64(std::uint64_t x) {
    return bitCount(static_cast<std::uint32_t>(x)) + bitCount(static_cast<std::uint32_t>(x >> 32));
}
static_assert(bitCount64(~std::uint64_t{0}) == 64 && bitCount64(std::uint64_t{1} << 63) == 1);

// Bit `key` of a bitmap kept as 64-bit words (the trie lookups' three-letter prefix bitmaps).
template <std::size_t N>
constexpr bool testBit(const std::array<std::uint64_t, N>& bits, std::uint32_t key) {
    return (bits[key / 64] >> (key % 64) & 1) != 0;
}
template <std::size_t N>
constexpr void setBit(std::array<std::uint64_t, N>& bits, std::uint32_t key) {
    bits[key / 64] |= std::uint64_t{1} << (key % 64);
}

}  // namespace dnshound::core::features
