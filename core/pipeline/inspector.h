#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "core/config/config.h"
#include "core/pipeline/subnet_batch.h"

namespace dnshound::core::pipeline {

struct InspectorStats {
    std::uint64_t batches = 0;
    std::uint64_t batchesForwarded = 0;
    std::uint64_t relevantEvents = 0;
    std::uint64_t relevantForwarded = 0;
    std::uint64_t bins = 0;
    std::uint64_t anomalousBins = 0;
    std::uint64_t subnetsEvicted = 0;
};

// The time-series gate in front of the detectors (heiDGAF's inspector). Per subnet it keeps an
// EWMA baseline of relevant-event counts (NXDOMAINs on the DGA path) per event-time bin; a bin
// is anomalous when its z-score against that baseline and its count both clear the thresholds,
// and a batch goes on to the detectors when enough of its bins are anomalous. Anomalous bins stay
// out of the baseline until config.adaptAfterBins of them come in a row, so a burst of a few
// minutes does not teach the baseline its own rate and stop being forwarded halfway. Bins are
// seconds to minutes wide, not heiDGAF's 20 ms, which with second-resolution logs passes nearly
// everything. PassThrough forwards every batch that has relevant events.
class Inspector final {
public:
    explicit Inspector(const config::InspectorConfig& config);

    void inspect(SubnetBatch& batch);
    const InspectorStats& stats() const { return m_stats; }

private:
    struct Baseline {
        double mean = 0.0;
        double var = 0.0;
        std::int64_t lastBin = INT64_MIN;  // last bin folded into the baseline
        std::uint32_t anomalousRun = 0;    // anomalous bins in a row, held out of the baseline
        std::uint64_t lastUse = 0;
    };
    void evictIfFull();

    config::InspectorConfig m_config;
    std::int64_t m_binUs;
    std::unordered_map<event::IpAddress, Baseline, event::IpAddressHash> m_baselines;
    std::vector<std::uint32_t> m_counts;  // scratch, reused per batch
    std::uint64_t m_clock = 0;
    InspectorStats m_stats;
};

}  // namespace dnshound::core::pipeline
