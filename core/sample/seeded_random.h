#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>

namespace dnshound::core::sample {

// The generators' only source of randomness. std::mt19937_64 is specified bit for bit by the
// standard, but the std distributions are not (libstdc++ and libc++ draw differently), so the
// mapping from raw 64-bit draws to numbers is written here to keep output identical everywhere.
class SeededRandom final {
public:
    explicit SeededRandom(std::uint64_t seed) : m_engine(seed) {}

    std::uint64_t next() { return m_engine(); }
    // Uniform in [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(m_engine() >> 11) * 0x1.0p-53; }
    // Uniform integer in [0, n); n == 0 gives 0. Rejection keeps it unbiased.
    std::uint64_t below(std::uint64_t n) {
        if (n == 0) return 0;
        const std::uint64_t threshold = (0 - n) % n;
        for (;;) {
            const std::uint64_t r = m_engine();
            if (r >= threshold) return r % n;
        }
    }
    // Uniform integer in [lo, hi].
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
    }
    bool chance(double p) { return uniform() < p; }
    // Exponential with the given mean: the gaps of a Poisson process.
    double exponential(double mean) { return -mean * std::log1p(-uniform()); }
    // Index in [0, n) skewed towards 0 like a Zipf law with exponent ~1 (log-uniform rank).
    std::size_t zipfIndex(std::size_t n) {
        if (n <= 1) return 0;
        const double rank = std::exp(uniform() * std::log(static_cast<double>(n) + 1.0)) - 1.0;
        const auto i = static_cast<std::size_t>(rank);
        return i < n ? i : n - 1;
    }

private:
    std::mt19937_64 m_engine;
};

// A stateless 64-bit mix (splitmix64 finaliser) for deriving sub-seeds and per-name constants.
inline std::uint64_t mixBits(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

}  // namespace dnshound::core::sample
