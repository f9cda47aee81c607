#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace dnshound::core::model {

struct LabelledName {
    std::string name;  // normalised: lower case, no trailing dot
    std::string family;
    bool dga = false;
};

// Counts of what happened to the input rows on the way to the training set.
struct DatasetSummary {
    std::size_t rowsRead = 0;
    std::size_t invalidNames = 0;  // not a plausible registered name (e.g. dates in a feed)
    std::size_t duplicates = 0;    // same name, same class, seen before
    std::size_t collisions = 0;    // distinct names present in both classes, dropped from both
    // Rows dropped because their second-level label occurs in both classes under some suffix
    // ("beginindeed.net" benign, "beginindeed.ru" suppobox): the label is ambiguous ground truth.
    std::size_t labelCollisions = 0;
    std::size_t cappedAway = 0;  // DGA rows left out by the per-family cap
    std::size_t benign = 0;
    std::size_t dga = 0;
    std::map<std::string, std::size_t> perFamily;  // DGA rows kept per family
};

// Reads a labelled CSV, plain or gzip (zlib reads both), with a header naming at least "domain"
// and "label" columns and optionally "family" (the DGA feeds: ",domain,family,subfamily,label";
// a plain dataset: "domain,label[,family]"). Labels: dga/1 or benign/notdga/legit/0. Appends
// valid rows to `out`; counts invalid names in `summary`. Throws std::runtime_error for an
// unreadable file, a missing column or an unknown label (with file and line).
void readLabelledCsv(const std::string& path, std::vector<LabelledName>& out,
                     DatasetSummary& summary);

// Reads a dataset: a labelled CSV file (see readLabelledCsv; a file without a header whose rows
// are "domain,label[,family]" is read by position too) or a folder, whose *.csv and *.csv.gz
// files are read in name order (../shared/data/dga, ../shared/data/benign). Returns the files
// read.
std::vector<std::string> readDataset(const std::string& path, std::vector<LabelledName>& out,
                                     DatasetSummary& summary);

// Every *.csv.gz in `dir`, sorted by name, so that reading order (and thus the data) is stable.
std::vector<std::string> dgaFeedFiles(const std::string& dir);

// Deduplicates on the name, drops names labelled both ways and names whose second-level label
// is labelled both ways (under any suffix), caps each DGA family at
// `perFamilyCap` rows by seeded sampling (0 = no cap). Deterministic for a given input and seed.
std::vector<LabelledName> assembleDataset(std::vector<LabelledName> rows, std::size_t perFamilyCap,
                                          std::uint64_t seed, DatasetSummary& summary);

enum class Split { Train, Validation, Test };
// 80/10/10 by a hash of the second-level label, so variants of one generated label under
// different suffixes ("x.co.cc", "x.cz.cc") never straddle train and test.
Split splitOf(std::string_view name);

}  // namespace dnshound::core::model
