#pragma once

#include <cstdint>
#include <string>

#include "core/sample/sample_truth.h"

namespace dnshound::core::sample {

// Writes exactly `lines` heiDGAF-layout lines shaped like a busy resolver's day, for timing the
// pipeline: thousands of clients across hundreds of subnets (IPv4 /24s and some IPv6 /64s),
// ~250 queries a second from 2026-11-27T08:00:00Z, heavy repetition of popular names, a long
// tail of distinct names, ~5-8 % NXDOMAIN (typos, search-suffix appends, WPAD, DGA), and a few
// infected clients (about one in 500) sending DGA bursts. Streams with one reused buffer: no
// allocation per line. Throws std::runtime_error when the file cannot be written.
SampleTruth writeBenchLog(const std::string& path, std::uint64_t lines, std::uint64_t seed);

}  // namespace dnshound::core::sample
