#include "core/pipeline/inspector.h"

#include <algorithm>
#include <cmath>

namespace dnshound::core::pipeline {

namespace {
// A floor under the baseline's deviation: without it a subnet that has never failed a lookup
// would call its first NXDOMAIN infinitely anomalous.
constexpr double kMinStdDev = 1.0;
// Gaps longer than this many bins reset to the baseline instead of folding in each empty bin.
constexpr std::int64_t kMaxGapBins = 10'000;
}  // namespace

Inspector::Inspector(const config::InspectorConfig& config)
    : m_config(config),
      m_binUs(std::max<std::int64_t>(1, static_cast<std::int64_t>(config.binSecs * 1e6))) {}

void Inspector::inspect(SubnetBatch& batch) {
    ++m_stats.batches;
    ++m_clock;
    batch.inspectedBins = 0;
    batch.anomalousBins = 0;
    m_stats.relevantEvents += batch.relevant.size();
    if (batch.relevant.empty()) {
        batch.forwarded = false;
        return;
    }
    if (m_config.mode == config::InspectorMode::PassThrough) {
        batch.forwarded = true;
        ++m_stats.batchesForwarded;
        m_stats.relevantForwarded += batch.relevant.size();
        return;
    }

    std::int64_t firstBin = INT64_MAX, lastBin = INT64_MIN;
    for (auto i : batch.relevant) {
        const std::int64_t bin = batch.events[i].timeUs / m_binUs;
        firstBin = std::min(firstBin, bin);
        lastBin = std::max(lastBin, bin);
    }
    // Batches span at most their timeout (plus disorder); cap the scratch so a log with a bogus
    // timestamp cannot make us allocate years of bins.
    const std::int64_t span = std::min<std::int64_t>(lastBin - firstBin + 1, 1'000'000);
    m_counts.assign(static_cast<std::size_t>(span), 0);
    for (auto i : batch.relevant) {
        const std::int64_t bin = batch.events[i].timeUs / m_binUs - firstBin;
        if (bin >= 0 && bin < span) ++m_counts[static_cast<std::size_t>(bin)];
    }

    evictIfFull();
    Baseline& b = m_baselines[batch.subnet];
    b.lastUse = m_clock;
    const double alpha = m_config.ewmaAlpha;
    auto fold = [&](double x) {
        const double diff = x - b.mean;
        b.mean += alpha * diff;
        b.var = (1.0 - alpha) * (b.var + alpha * diff * diff);
    };
    // Empty bins since the subnet was last seen are part of its baseline too.
    if (b.lastBin != INT64_MIN && firstBin > b.lastBin + 1) {
        const std::int64_t gap = firstBin - b.lastBin - 1;
        if (gap > kMaxGapBins) {
            b.mean = 0.0;
            b.var = 0.0;
        } else {
            for (std::int64_t g = 0; g < gap; ++g) fold(0.0);
        }
        b.anomalousRun = 0;  // the empty bins broke any run
    }
    std::uint32_t anomalous = 0;
    for (std::int64_t k = 0; k < span; ++k) {
        const double count = m_counts[static_cast<std::size_t>(k)];
        const double sd = std::max(std::sqrt(b.var), kMinStdDev);
        const double z = (count - b.mean) / sd;
        const bool isAnomalous = z >= m_config.zThreshold && count >= m_config.minBinCount;
        if (isAnomalous) ++anomalous;
        // A bin that overlaps one already folded (out-of-order batches) is judged, not refolded.
        if (firstBin + k <= b.lastBin) continue;
        if (!isAnomalous) {
            b.anomalousRun = 0;
        } else if (b.anomalousRun < m_config.adaptAfterBins) {
            ++b.anomalousRun;
            continue;  // held out of the baseline while the run is short
        }
        fold(count);
    }
    b.lastBin = std::max(b.lastBin, lastBin);

    batch.inspectedBins = static_cast<std::uint32_t>(span);
    batch.anomalousBins = anomalous;
    batch.forwarded =
        anomalous > 0 &&
        static_cast<double>(anomalous) >= m_config.minAnomalousFraction * static_cast<double>(span);
    m_stats.bins += static_cast<std::uint64_t>(span);
    m_stats.anomalousBins += anomalous;
    if (batch.forwarded) {
        ++m_stats.batchesForwarded;
        m_stats.relevantForwarded += batch.relevant.size();
    }
}

void Inspector::evictIfFull() {
    if (m_baselines.size() < m_config.maxSubnets) return;
    // Drop the least recently used half in one pass: amortised O(1) per batch.
    std::vector<std::uint64_t> uses;
    uses.reserve(m_baselines.size());
    for (const auto& [k, v] : m_baselines) uses.push_back(v.lastUse);
    auto mid = uses.begin() + static_cast<std::ptrdiff_t>(uses.size() / 2);
    std::nth_element(uses.begin(), mid, uses.end());
    const std::uint64_t cutoff = *mid;
    for (auto it = m_baselines.begin(); it != m_baselines.end();) {
        if (it->second.lastUse <= cutoff) {
            it = m_baselines.erase(it);
            ++m_stats.subnetsEvicted;
        } else {
            ++it;
        }
    }
}

}  // namespace dnshound::core::pipeline
