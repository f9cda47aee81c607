#pragma once

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

}  // namespace dnshound::core::features
