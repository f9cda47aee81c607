#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "core/config/config.h"
#include "core/detect/dga_detector.h"
#include "core/event/ip_address.h"
#include "core/event/ip_address_index.h"
#include "core/pipeline/subnet_batch.h"
#include "core/store/store_records.h"

namespace dnshound::core::pipeline {

// Per-client and per-minute aggregates over every event (the dashboards' source), and the dense
// client ids the store keys queries by. Distinct (client, name) pairs live in one open-addressing
// set of 64-bit keys instead of a hash set per client.
class TrafficTally final {
public:
    explicit TrafficTally(const config::BatchConfig& subnets);

    // Counts the batch and fills batch.clientIds.
    void add(SubnetBatch& batch);

    struct Client {
        event::IpAddress ip;
        std::int64_t queries = 0;
        std::int64_t nxdomain = 0;
        std::int64_t distinctNames = 0;
        std::int64_t firstSeenUs = INT64_MAX;
        std::int64_t lastSeenUs = INT64_MIN;
    };
    // The latest DGA score of each scored name (a rescored name keeps its last score, as the
    // store does).
    void noteScores(std::span<const detect::NameScore> scores);
    const std::vector<Client>& clients() const { return m_clients; }
    // Per client (by id): the highest score among the names it asked for; -1 when none of them
    // was scored. One pass over the distinct (client, name) pairs.
    std::vector<double> maxScores() const;
    std::vector<store::VolumeBucket> volumes() const;
    int ipv4PrefixLength() const { return m_v4Prefix; }
    int ipv6PrefixLength() const { return m_v6Prefix; }

private:
    bool insertPair(std::uint64_t key);  // true when new
    void growPairs();

    int m_v4Prefix;
    int m_v6Prefix;
    event::IpAddressIndex m_clientIds;
    std::vector<Client> m_clients;
    std::map<std::int64_t, store::VolumeBucket> m_volumes;
    std::vector<std::uint64_t> m_pairs;  // open addressing; 0 = empty slot
    std::size_t m_pairCount = 0;
    std::vector<float> m_nameScores;  // by name id; -1 = not scored
};

}  // namespace dnshound::core::pipeline
