#pragma once

#include <cstdint>
#include <string>

#include "core/sample/sample_truth.h"

namespace dnshound::core::sample {

// What writeBenchCapture put into the file.
struct BenchCaptureTotals {
    SampleTruth truth;             // clients and infected clients of the underlying bench lines
    std::uint64_t packets = 0;     // frames written
    std::uint64_t queries = 0;     // DNS queries (one per bench line)
    std::uint64_t responses = 0;   // DNS responses
    std::uint64_t tcpQueries = 0;  // queries sent over TCP (length-prefixed, some split)
    std::uint64_t unanswered = 0;  // queries without a response
    std::uint64_t nxdomain = 0;    // responses with rcode NXDOMAIN
    std::uint64_t bytes = 0;       // file size
};

// Writes exactly `packets` Ethernet frames of DNS traffic as a classic pcap file (microsecond
// timestamps): every bench log line (generateBenchLines, same seed, so the same clients, names,
// types and rcodes) becomes a query from the client to its resolver and, 0.2 ms to 80 ms later,
// the matching response (A/AAAA answers, TXT records, SOA in negative answers, EDNS OPT), with
// responses interleaved in time order. About 1.5 % of the queries go over TCP port 53 (some
// responses split over two segments) and 0.3 % stay unanswered. IPv4 and IPv6 clients; UDP
// over IPv6 and TCP carry real checksums. Deterministic for a given seed; no allocation per
// packet. Throws std::runtime_error when the file cannot be written.
BenchCaptureTotals writeBenchCapture(const std::string& path, std::uint64_t packets,
                                     std::uint64_t seed);

}  // namespace dnshound::core::sample
