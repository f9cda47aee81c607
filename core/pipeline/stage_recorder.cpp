#include "core/pipeline/stage_recorder.h"

#include <algorithm>

namespace dnshound::core::pipeline {

namespace {
std::int64_t wallUs() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}
}  // namespace

std::int64_t elapsedUs(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                 t)
        .count();
}

StageRecorder::StageRecorder(std::vector<std::string> stages, std::chrono::microseconds period)
    : m_period(period) {
    const auto now = wallUs();
    for (auto& name : stages) {
        StageTotals t;
        t.stage = name;
        m_totals.push_back(t);
        store::StageSample s;
        s.stage = std::move(name);
        m_open.push_back(std::move(s));
        m_openedAtUs.push_back(now);
    }
}

void StageRecorder::record(std::size_t stage, std::size_t eventsIn, std::size_t eventsOut,
                           std::int64_t latencyUs, double queueFill) {
    StageTotals& t = m_totals[stage];
    ++t.batches;
    t.eventsIn += eventsIn;
    t.eventsOut += eventsOut;
    t.busySecs += static_cast<double>(latencyUs) / 1e6;
    store::StageSample& s = m_open[stage];
    ++s.batches;
    s.eventsIn += static_cast<std::int64_t>(eventsIn);
    s.eventsOut += static_cast<std::int64_t>(eventsOut);
    s.busyUs += latencyUs;
    s.maxLatencyUs = std::max(s.maxLatencyUs, latencyUs);
    s.queueFill = std::max(s.queueFill, queueFill);
}

void StageRecorder::takeSamples(std::vector<store::StageSample>& out, bool flushAll) {
    const auto now = wallUs();
    for (std::size_t i = 0; i < m_open.size(); ++i) {
        if (m_open[i].batches == 0) continue;
        if (!flushAll && now - m_openedAtUs[i] < m_period.count()) continue;
        store::StageSample s = m_open[i];
        s.wallUs = now;
        out.push_back(std::move(s));
        m_open[i] = store::StageSample{};
        m_open[i].stage = m_totals[i].stage;
        m_openedAtUs[i] = now;
    }
}

}  // namespace dnshound::core::pipeline
