#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>

#include "core/sample/civil_time.h"
#include "core/sample/sample_truth.h"

namespace dnshound::core::sample {

// The bundled sample scenario. Clients sit in three IPv4 /24s (10.0.1-3.0/24) and one IPv6 /64
// (2001:db8:10:1::/64) behind resolvers 10.0.0.53/54 and 2001:db8:10::53. Every client browses
// (Poisson page visits, each a burst of A/AAAA/HTTPS lookups), runs OS background lookups (NTP,
// telemetry, SRV, PTR, MX, TXT) and repeats at most two benign NXDOMAIN names (WPAD, typos,
// search-suffix appends). Infected clients additionally start, some time into the run,
// periodic bursts of lookups from one DGA family that mostly fail with NXDOMAIN; the odd name
// resolves (the C2) and ends that burst.
struct SampleSpec {
    std::uint64_t seed = 20261127;
    std::size_t cleanClients = 20;
    std::size_t infectedClients = 4;  // families assigned in kDgaFamilies order
    double hours = 4.0;
    std::int64_t startMs = epochMs(CivilDate{2026, 11, 27}, 8, 0, 0);
};

// Writes the sample log (lines sorted by time) and returns what it contains. The same spec
// gives byte-identical output on every platform.
SampleTruth writeSampleLog(std::ostream& out, const SampleSpec& spec);

}  // namespace dnshound::core::sample
