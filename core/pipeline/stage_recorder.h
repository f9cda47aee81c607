#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/pipeline/analysis_runner.h"
#include "core/store/store_records.h"

namespace dnshound::core::pipeline {

// Times the stages one pipeline thread runs. Keeps run totals per stage and folds per-batch
// timings into one StageSample per stage and period of wall-clock time, so a run of hundreds of
// thousands of small batches writes hundreds of samples, not millions. Owned by one thread.
class StageRecorder final {
public:
    StageRecorder(std::vector<std::string> stages, std::chrono::microseconds period);

    void record(std::size_t stage, std::size_t eventsIn, std::size_t eventsOut,
                std::int64_t latencyUs, double queueFill);
    // Moves the samples of periods that ended into `out`; `flushAll` also closes the open ones.
    void takeSamples(std::vector<store::StageSample>& out, bool flushAll = false);
    const std::vector<StageTotals>& totals() const { return m_totals; }

private:
    std::chrono::microseconds m_period;
    std::vector<StageTotals> m_totals;
    std::vector<store::StageSample> m_open;
    std::vector<std::int64_t> m_openedAtUs;
};

// Microseconds since `t` on the steady clock.
std::int64_t elapsedUs(std::chrono::steady_clock::time_point t);

}  // namespace dnshound::core::pipeline
