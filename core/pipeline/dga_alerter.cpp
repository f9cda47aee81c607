#include "core/pipeline/dga_alerter.h"

#include <algorithm>

namespace dnshound::core::pipeline {

DgaAlerter::DgaAlerter(const config::AlerterConfig& config, double detectorThreshold,
                       store::AlertIdSequence* ids)
    : m_config(config),
      m_threshold(config.dgaNameThreshold >= 0.0 ? config.dgaNameThreshold : detectorThreshold),
      m_ids(ids) {
    if (m_config.dgaMinDistinctNames == 0) m_config.dgaMinDistinctNames = 1;
}

void DgaAlerter::process(const SubnetBatch& batch, const detect::NameScores& scores,
                         const event::NameTable& names, std::vector<store::AlertRecord>& changed) {
    if (!batch.forwarded) return;
    ++m_batchSerial;
    std::vector<std::size_t> touched;
    for (auto i : batch.relevant) {
        const event::DnsEvent& e = batch.events[i];
        const float score = scores.scoreOf(e.name);
        if (score < m_threshold) continue;
        ClientState& c = m_clients[e.client];
        if (!c.seen.insert(e.name).second) continue;  // distinct names only
        if (score > c.maxScore || c.topName == event::kNoName) {
            c.maxScore = score;
            c.topName = e.name;
        }
        c.window.emplace_back(e.timeUs, e.name);
        // Events of one batch are near time order; keep the window sorted cheaply.
        for (auto it = c.window.end() - 1; it != c.window.begin() && (it - 1)->first > it->first;
             --it)
            std::iter_swap(it, it - 1);
        while (!c.window.empty() &&
               c.window.back().first - c.window.front().first > m_config.dgaWindowUs)
            c.window.pop_front();

        if (c.alertIndex < 0) {
            if (c.window.size() < m_config.dgaMinDistinctNames) continue;
            store::AlertRecord a;
            a.id = m_ids ? m_ids->next() : static_cast<std::int64_t>(m_alerts.size()) + 1;
            a.kind = "dga";
            a.client = e.client.toString();
            a.firstSeenUs = c.window.front().first;
            a.lastSeenUs = e.timeUs;
            for (const auto& [t, n] : c.window) {
                if (a.evidence.size() >= m_config.evidenceMax) break;
                a.evidence.emplace_back(names.name(n));
            }
            c.alertIndex = static_cast<std::int64_t>(m_alerts.size());
            m_alerts.push_back(std::move(a));
            m_changedInBatch.push_back(0);
        } else {
            store::AlertRecord& a = m_alerts[static_cast<std::size_t>(c.alertIndex)];
            a.firstSeenUs = std::min(a.firstSeenUs, e.timeUs);
            a.lastSeenUs = std::max(a.lastSeenUs, e.timeUs);
            if (a.evidence.size() < m_config.evidenceMax)
                a.evidence.emplace_back(names.name(e.name));
        }
        store::AlertRecord& a = m_alerts[static_cast<std::size_t>(c.alertIndex)];
        a.count = static_cast<std::int64_t>(c.seen.size());
        a.score = c.maxScore;
        a.domain = std::string(names.name(c.topName));
        auto idx = static_cast<std::size_t>(c.alertIndex);
        if (m_changedInBatch[idx] != m_batchSerial) {
            m_changedInBatch[idx] = m_batchSerial;
            touched.push_back(idx);
        }
    }
    for (auto idx : touched) changed.push_back(m_alerts[idx]);
}

std::vector<std::pair<event::IpAddress, std::int64_t>> DgaAlerter::dgaNamesPerClient() const {
    std::vector<std::pair<event::IpAddress, std::int64_t>> out;
    out.reserve(m_clients.size());
    for (const auto& [ip, c] : m_clients)
        out.emplace_back(ip, static_cast<std::int64_t>(c.seen.size()));
    return out;
}

}  // namespace dnshound::core::pipeline
