#pragma once

#include <climits>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/event/name_table.h"

namespace dnshound::core::pipeline {

// How many distinct registrable domains one client asked for and got NXDOMAIN, within a sliding
// event-time window. A DGA host tries dozens of domains that mostly do not exist, whatever its
// names look like; ordinary clients fail on a few (typos, wpad, search-suffix probes, which share
// one registrable domain). This is the alerter's behavioural evidence for DGAs whose names read
// like ordinary words, which no lexical model of other families scores high (word-list DGAs).
class NxdomainSpread {
public:
    // One NXDOMAIN for the registrable domain `key` (a NameId standing for it) at `timeUs`.
    // Sightings older than `windowUs` before the newest one leave the window. Returns whether the
    // distinct count rose.
    bool add(std::int64_t timeUs, event::NameId key, std::int64_t windowUs);
    std::size_t distinct() const { return m_counts.size(); }
    // The most distinct domains the window ever held, and the event time they spanned then.
    std::size_t peak() const { return m_peak; }
    std::int64_t peakSpanUs() const { return m_peakSpanUs; }
    // Event time of the window's oldest sighting (0 when empty).
    std::int64_t oldestUs() const { return m_window.empty() ? 0 : m_window.front().first; }
    // Span of event time the window covers now.
    std::int64_t spanUs() const {
        return m_window.empty() ? 0 : m_latestUs - m_window.front().first;
    }
    // Up to `max` distinct domains of the window, in order of their first sighting in it.
    std::vector<event::NameId> domains(std::size_t max) const;

    // "24 distinct non-existent domains within 9 min".
    static std::string describe(std::size_t domains, std::int64_t spanUs);

private:
    // A window holds at most this many sightings; older ones leave first (bounded state).
    static constexpr std::size_t kMaxSightings = 4096;
    void evictOldest();

    std::deque<std::pair<std::int64_t, event::NameId>> m_window;  // sightings, near time order
    std::unordered_map<event::NameId, std::uint32_t> m_counts;    // key -> sightings in the window
    std::int64_t m_latestUs = INT64_MIN;
    std::size_t m_peak = 0;
    std::int64_t m_peakSpanUs = 0;
};

}  // namespace dnshound::core::pipeline
