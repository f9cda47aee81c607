#include "core/pipeline/traffic_tally.h"

#include <algorithm>

#include "core/event/hash_mix.h"

namespace dnshound::core::pipeline {

namespace {
constexpr std::int64_t kMinuteUs = 60'000'000;

// Client ids and name ids both fit in 32 bits; +1 keeps key 0 free as the empty slot.
std::uint64_t pairKey(std::uint32_t client, event::NameId name) {
    return ((static_cast<std::uint64_t>(client) << 32) | name) + 1;
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
}  // namespace

TrafficTally::TrafficTally(const config::BatchConfig& subnets)
    : m_v4Prefix(subnets.ipv4PrefixLength),
      m_v6Prefix(subnets.ipv6PrefixLength),
      m_pairs(1u << 16, 0) {}

void TrafficTally::growPairs() {
    std::vector<std::uint64_t> old(m_pairs.size() * 2, 0);
    old.swap(m_pairs);
    const std::size_t mask = m_pairs.size() - 1;
    for (std::uint64_t key : old) {
        if (key == 0) continue;
        std::size_t slot = event::mix64(key) & mask;
        while (m_pairs[slot] != 0) slot = (slot + 1) & mask;
        m_pairs[slot] = key;
    }
}

bool TrafficTally::insertPair(std::uint64_t key) {
    if ((m_pairCount + 1) * 10 > m_pairs.size() * 7) growPairs();
    const std::size_t mask = m_pairs.size() - 1;
    std::size_t slot = event::mix64(key) & mask;
    while (m_pairs[slot] != 0) {
        if (m_pairs[slot] == key) return false;
        slot = (slot + 1) & mask;
    }
    m_pairs[slot] = key;
    ++m_pairCount;
    return true;
}

void TrafficTally::add(SubnetBatch& batch) {
    batch.clientIds.resize(batch.events.size());
    // First pass: client ids, and the pair set's slots fetched ahead (the set is far larger than
    // the caches; waiting on each slot in turn was the tally's main cost).
    // Events of a batch come in runs of the same client: remember the last one looked up.
    event::IpAddress lastIp;
    std::uint32_t lastId = UINT32_MAX;
    if ((m_pairCount + batch.events.size()) * 10 > m_pairs.size() * 7) growPairs();
    const std::size_t mask = m_pairs.size() - 1;
    for (std::size_t i = 0; i < batch.events.size(); ++i) {
        const event::DnsEvent& e = batch.events[i];
        if (lastId == UINT32_MAX || !(e.client == lastIp)) {
            lastId = m_clientIds.intern(e.client);
            if (lastId == m_clients.size()) m_clients.push_back(Client{e.client});
            lastIp = e.client;
        }
        batch.clientIds[i] = lastId;
        __builtin_prefetch(&m_pairs[event::mix64(pairKey(lastId, e.name)) & mask]);
    }
    store::VolumeBucket* bucket = nullptr;
    std::int64_t bucketMinute = INT64_MIN;
    for (std::size_t i = 0; i < batch.events.size(); ++i) {
        const event::DnsEvent& e = batch.events[i];
        Client& c = m_clients[batch.clientIds[i]];
        ++c.queries;
        const bool nx = e.rcode == event::kRcodeNxDomain;
        c.nxdomain += nx;
        c.firstSeenUs = std::min(c.firstSeenUs, e.timeUs);
        c.lastSeenUs = std::max(c.lastSeenUs, e.timeUs);
        if (insertPair(pairKey(batch.clientIds[i], e.name))) ++c.distinctNames;

        const std::int64_t minute = floorDiv(e.timeUs, kMinuteUs) * kMinuteUs;
        if (minute != bucketMinute) {
            bucket = &m_volumes[minute];
            bucket->minuteUs = minute;
            bucketMinute = minute;
        }
        ++bucket->queries;
        bucket->nxdomain += nx;
    }
}

void TrafficTally::noteScores(std::span<const detect::NameScore> scores) {
    for (const detect::NameScore& s : scores) {
        if (s.name == event::kNoName) continue;
        if (s.name >= m_nameScores.size()) m_nameScores.resize(s.name + std::size_t{1}, -1.0f);
        m_nameScores[s.name] = s.score;
    }
}

std::vector<double> TrafficTally::maxScores() const {
    std::vector<double> out(m_clients.size(), -1.0);
    for (const std::uint64_t key : m_pairs) {
        if (key == 0) continue;
        const std::uint64_t pair = key - 1;
        const auto client = static_cast<std::size_t>(pair >> 32);
        const auto name = static_cast<std::size_t>(pair & 0xffffffffu);
        if (name < m_nameScores.size() && client < out.size())
            out[client] = std::max(out[client], static_cast<double>(m_nameScores[name]));
    }
    return out;
}

std::vector<store::VolumeBucket> TrafficTally::volumes() const {
    std::vector<store::VolumeBucket> out;
    out.reserve(m_volumes.size());
    for (const auto& [minute, v] : m_volumes) out.push_back(v);
    return out;
}

}  // namespace dnshound::core::pipeline
