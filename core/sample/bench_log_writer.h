#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/sample/log_line_writer.h"
#include "core/sample/sample_truth.h"

namespace dnshound::core::sample {

// Writes exactly `lines` heiDGAF-layout lines shaped like a busy resolver's day, for timing the
// pipeline: thousands of clients across hundreds of subnets (IPv4 /24s and some IPv6 /64s),
// ~250 queries a second from 2026-11-27T08:00:00Z, heavy repetition of popular names, a long
// tail of distinct names, ~5-8 % NXDOMAIN (typos, search-suffix appends, WPAD, DGA), and a few
// infected clients (about one in 500) sending DGA bursts. Streams with one reused buffer: no
// allocation per line. Throws std::runtime_error when the file cannot be written.
SampleTruth writeBenchLog(const std::string& path, std::uint64_t lines, std::uint64_t seed);

// The same records one at a time, unformatted (the line's views are valid during the call only):
// the same seed gives the same sequence as writeBenchLog. The sink returns false to stop early;
// the truth then covers the lines handed out.
using BenchLineSink = std::function<bool(const LogLine&)>;
SampleTruth generateBenchLines(std::uint64_t lines, std::uint64_t seed, const BenchLineSink& sink);

}  // namespace dnshound::core::sample
