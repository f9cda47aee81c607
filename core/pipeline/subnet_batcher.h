#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "core/config/config.h"
#include "core/pipeline/subnet_batch.h"

namespace dnshound::core::pipeline {

struct BatcherStats {
    std::uint64_t batchesBySize = 0;
    std::uint64_t batchesByTimeout = 0;
    std::uint64_t batchesByPressure = 0;  // flushed early to respect maxBufferedEvents
    std::uint64_t batchesAtEnd = 0;
};

// heiDGAF's batch handler, keyed by client subnet (/24, /64 by default). Flushes a subnet's
// batch at `maxEvents` or once event time moved `timeoutUs` past its first event. Event time,
// not wall-clock, so an import of last week's log batches exactly like the live traffic did,
// and no event is sent twice.
class SubnetBatcher final {
public:
    explicit SubnetBatcher(const config::BatchConfig& config);

    // Adds events (any order across subnets) and appends batches that became ready to `ready`.
    void add(std::span<const event::DnsEvent> events, std::vector<SubnetBatch>& ready);
    // End of input: flushes everything still buffered.
    void flushAll(std::vector<SubnetBatch>& ready);

    std::size_t bufferedEvents() const { return m_buffered; }
    const BatcherStats& stats() const { return m_stats; }

private:
    struct Pending {
        std::vector<event::DnsEvent> events;
        std::int64_t firstTimeUs = 0;
    };
    void flush(const event::IpAddress& subnet, Pending& pending, std::vector<SubnetBatch>& ready);
    void flushExpired(std::vector<SubnetBatch>& ready);
    void flushLargest(std::vector<SubnetBatch>& ready);

    config::BatchConfig m_config;
    std::unordered_map<event::IpAddress, Pending, event::IpAddressHash> m_pending;
    Pending* m_last = nullptr;  // the pending batch of m_lastSubnet (last looked up)
    event::IpAddress m_lastSubnet;
    std::size_t m_buffered = 0;
    std::int64_t m_watermarkUs = INT64_MIN;
    std::int64_t m_nextExpiryCheckUs = INT64_MIN;
    BatcherStats m_stats;
};

}  // namespace dnshound::core::pipeline
