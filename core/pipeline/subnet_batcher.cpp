#include "core/pipeline/subnet_batcher.h"

#include <algorithm>

namespace dnshound::core::pipeline {

SubnetBatcher::SubnetBatcher(const config::BatchConfig& config) : m_config(config) {
    if (m_config.maxEvents == 0) m_config.maxEvents = 1;
}

void SubnetBatcher::flush(const event::IpAddress& subnet, Pending& pending,
                          std::vector<SubnetBatch>& ready) {
    SubnetBatch batch;
    batch.subnet = subnet;
    batch.events = std::move(pending.events);
    m_buffered -= batch.events.size();
    pending.events = {};
    pending.events.reserve(std::min<std::size_t>(m_config.maxEvents, 256));
    ready.push_back(std::move(batch));
}

void SubnetBatcher::add(std::span<const event::DnsEvent> events, std::vector<SubnetBatch>& ready) {
    for (const auto& e : events) {
        const event::IpAddress subnet =
            e.client.masked(m_config.ipv4PrefixLength, m_config.ipv6PrefixLength);
        // Consecutive events often share a subnet: map values stay put until an erase.
        if (!m_last || !(subnet == m_lastSubnet)) {
            m_last = &m_pending[subnet];
            m_lastSubnet = subnet;
        }
        Pending& p = *m_last;
        if (p.events.empty()) p.firstTimeUs = e.timeUs;
        p.events.push_back(e);
        ++m_buffered;
        if (e.timeUs > m_watermarkUs) m_watermarkUs = e.timeUs;
        if (p.events.size() >= m_config.maxEvents) {
            flush(subnet, p, ready);
            ++m_stats.batchesBySize;
        }
    }
    // Timeouts are checked per chunk, not per event: scanning subnets is O(subnets), and a
    // batch held a chunk longer than its timeout changes nothing but its size.
    if (m_watermarkUs >= m_nextExpiryCheckUs) {
        flushExpired(ready);
        m_nextExpiryCheckUs = m_watermarkUs + std::max<std::int64_t>(m_config.timeoutUs / 4, 1);
    }
    while (m_buffered > m_config.maxBufferedEvents) flushLargest(ready);
}

void SubnetBatcher::flushExpired(std::vector<SubnetBatch>& ready) {
    m_last = nullptr;
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        Pending& p = it->second;
        if (!p.events.empty() && m_watermarkUs - p.firstTimeUs >= m_config.timeoutUs) {
            flush(it->first, p, ready);
            ++m_stats.batchesByTimeout;
        }
        // Subnets idle for a whole timeout release their buffer entirely.
        if (p.events.empty() && m_watermarkUs - p.firstTimeUs >= 2 * m_config.timeoutUs) {
            it = m_pending.erase(it);
        } else {
            ++it;
        }
    }
}

void SubnetBatcher::flushLargest(std::vector<SubnetBatch>& ready) {
    auto largest = std::max_element(m_pending.begin(), m_pending.end(), [](auto& a, auto& b) {
        return a.second.events.size() < b.second.events.size();
    });
    if (largest == m_pending.end() || largest->second.events.empty()) return;
    flush(largest->first, largest->second, ready);
    ++m_stats.batchesByPressure;
}

void SubnetBatcher::flushAll(std::vector<SubnetBatch>& ready) {
    for (auto& [subnet, p] : m_pending) {
        if (p.events.empty()) continue;
        flush(subnet, p, ready);
        ++m_stats.batchesAtEnd;
    }
    m_pending.clear();
    m_last = nullptr;
}

}  // namespace dnshound::core::pipeline
