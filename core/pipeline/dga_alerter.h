#pragma once

#include <cstdint>
#include <deque>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/config/config.h"
#include "core/detect/dga_detector.h"
#include "core/event/name_table.h"
#include "core/pipeline/subnet_batch.h"
#include "core/store/alert_id_sequence.h"
#include "core/store/store_records.h"

namespace dnshound::core::pipeline {

// Turns per-name DGA scores into per-client alerts. One scored name is not an alert: a client
// alerts once `dgaMinDistinctNames` distinct names at or above the threshold fall inside one
// event-time window. There is one alert per client and kind; later evidence updates it.
class DgaAlerter final {
public:
    // Names count as evidence from config.dgaNameThreshold up, or from `detectorThreshold` when
    // that is negative. Alert ids come from `ids` when given (shared with the other alerters of
    // a run), else they count up from 1.
    DgaAlerter(const config::AlerterConfig& config, double detectorThreshold,
               store::AlertIdSequence* ids = nullptr);
    double evidenceThreshold() const { return m_threshold; }

    // Appends every alert raised or changed by this batch (once each) to `changed`.
    void process(const SubnetBatch& batch, const detect::NameScores& scores,
                 const event::NameTable& names, std::vector<store::AlertRecord>& changed);

    const std::vector<store::AlertRecord>& alerts() const { return m_alerts; }
    // Distinct DGA-scored names per client seen so far (clients with none are absent).
    std::vector<std::pair<event::IpAddress, std::int64_t>> dgaNamesPerClient() const;

private:
    struct ClientState {
        std::deque<std::pair<std::int64_t, event::NameId>> window;  // (time, name), time order
        std::unordered_set<event::NameId> seen;
        std::int64_t alertIndex = -1;
        float maxScore = 0.0f;
        event::NameId topName = event::kNoName;
    };

    config::AlerterConfig m_config;
    double m_threshold;
    store::AlertIdSequence* m_ids;
    std::unordered_map<event::IpAddress, ClientState, event::IpAddressHash> m_clients;
    std::vector<store::AlertRecord> m_alerts;
    std::vector<std::uint64_t> m_changedInBatch;  // batch serial per alert, for dedup
    std::uint64_t m_batchSerial = 0;
};

}  // namespace dnshound::core::pipeline
