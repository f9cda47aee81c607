#include "core/pipeline/nxdomain_spread.h"

#include <algorithm>
#include <unordered_set>

namespace dnshound::core::pipeline {

void NxdomainSpread::evictOldest() {
    const auto it = m_counts.find(m_window.front().second);
    if (it != m_counts.end() && --it->second == 0) m_counts.erase(it);
    m_window.pop_front();
}

bool NxdomainSpread::add(std::int64_t timeUs, event::NameId key, std::int64_t windowUs) {
    // Out of order and already older than the window: nothing to count.
    if (m_latestUs != INT64_MIN && timeUs < m_latestUs - windowUs) return false;
    m_latestUs = std::max(m_latestUs, timeUs);
    const bool fresh = ++m_counts[key] == 1;
    m_window.emplace_back(timeUs, key);
    while (!m_window.empty() &&
           (m_window.front().first < m_latestUs - windowUs || m_window.size() > kMaxSightings))
        evictOldest();
    if (m_counts.size() > m_peak) {
        m_peak = m_counts.size();
        m_peakSpanUs = spanUs();
    }
    return fresh;
}

std::vector<event::NameId> NxdomainSpread::domains(std::size_t max) const {
    std::vector<event::NameId> out;
    std::unordered_set<event::NameId> emitted;
    for (const auto& [t, key] : m_window) {
        if (out.size() >= max) break;
        if (emitted.insert(key).second) out.push_back(key);
    }
    return out;
}

std::string NxdomainSpread::describe(std::size_t domains, std::int64_t spanUs) {
    const std::int64_t minutes = std::max<std::int64_t>(1, (spanUs + 59'999'999) / 60'000'000);
    return std::to_string(domains) + " distinct non-existent domains within " +
           std::to_string(minutes) + " min";
}

}  // namespace dnshound::core::pipeline
