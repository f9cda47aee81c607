#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/datatest/truth_table.h"
#include "core/detect/dga_detector.h"
#include "core/event/name_table.h"
#include "core/pipeline/subnet_batch.h"
#include "core/store/store_records.h"

namespace dnshound::core::datatest {

// Truth (rows) against the pipeline's verdict (columns) at one level.
struct ConfusionMatrix {
    std::string level;  // "query" or "client"
    std::uint64_t truePositives = 0;
    std::uint64_t falsePositives = 0;
    std::uint64_t falseNegatives = 0;
    std::uint64_t trueNegatives = 0;

    std::uint64_t total() const {
        return truePositives + falsePositives + falseNegatives + trueNegatives;
    }
    double precision() const;  // 0 when nothing was predicted malicious
    double recall() const;     // 0 when nothing is malicious
    double f1() const;
    double falsePositiveRate() const;
    // The four cells as store rows (level, truth, predicted, count).
    std::vector<store::ConfusionCell> cells() const;
};

struct DatatestResult {
    // Query level: every distinct query name the DGA detector scored and the truth labels,
    // truth against the per-name verdict (score >= the detector's threshold).
    ConfusionMatrix queries{"query"};
    // Client level: truth = the client queried a malicious-labelled name (or the truth file's
    // client list says so); predicted = the client has a DGA alert.
    ConfusionMatrix clients{"client"};
    double nameThreshold = 0.0;
    std::uint64_t namesUnlabelled = 0;         // scored, but the truth does not know them
    std::uint64_t maliciousNamesUnscored = 0;  // labelled malicious, never reached the model
    std::uint64_t clientsUnlabelled = 0;       // client truth given, but not for this client
};

// Collects what the confusion matrices need while the pipeline runs. Lives on the analysis
// thread; work is per distinct name (a name's truth is resolved once) plus one flag per client.
class DatatestTally final {
public:
    DatatestTally(const TruthTable& truth, const event::NameTable& names);

    void add(const pipeline::SubnetBatch& batch);

    // After the pipeline has finished: `scores` is the DGA detector (null when disabled).
    DatatestResult finish(const detect::NameScores* scores, double nameThreshold,
                          const std::vector<store::AlertRecord>& alerts);

private:
    Truth truthOf(event::NameId name);

    const TruthTable& m_truth;
    const event::NameTable& m_names;
    std::vector<std::uint8_t> m_nameTruth;  // by NameId; kUnresolved until looked up
    std::unordered_map<event::IpAddress, bool, event::IpAddressHash> m_clients;  // -> queried bad
};

}  // namespace dnshound::core::datatest
