#pragma once

#include <cstdint>

namespace dnshound::core::event {

// Bit mixers for the open-addressing tables keyed by ids and addresses: every input bit moves
// every output bit, so keys that differ only in high or only in low bits spread evenly.

// MurmurHash3's 64-bit finalizer.
constexpr std::uint64_t mix64(std::uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

// A 32-bit finalizer (Chris Wellons' lowbias32).
constexpr std::uint32_t mix32(std::uint32_t x) {
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}

}  // namespace dnshound::core::event
