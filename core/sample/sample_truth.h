#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dnshound::core::sample {

struct InfectedClientTruth {
    std::string client;
    std::string family;            // dgaFamilyName()
    std::int64_t firstDgaMs = 0;   // first DGA lookup, ms since the Unix epoch
    std::uint64_t dgaLookups = 0;  // DGA lookups written for this client
};

struct NameTruth {
    std::string name;    // normalised (lower case, no trailing dot)
    std::string family;  // dgaFamilyName() for DGA names; empty for benign ones
};

// What a generated log really contains: which clients are infected (and with what), which are
// clean. Every client in the log is in exactly one list.
struct SampleTruth {
    std::vector<InfectedClientTruth> infected;
    std::vector<std::string> clean;
    std::vector<NameTruth> names;  // every distinct query name (sample scenario only), sorted
    std::uint64_t lines = 0;
    std::int64_t firstMs = 0;
    std::int64_t lastMs = 0;
};

// {"infected":[{"client":"10.0.1.23","family":"ramnit","first_dga":"...","dga_lookups":412},...],
//  "clean":["10.0.1.5",...],"lines":45000,"first":"...","last":"..."}
std::string truthToJson(const SampleTruth& truth);

// Every query name as a labelled domain list for datatest mode: "domain,label,family" header,
// then one row per name with label "dga" or "benign".
std::string truthToLabelsCsv(const SampleTruth& truth);

}  // namespace dnshound::core::sample
