#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/config/allowlist.h"
#include "core/config/config.h"
#include "core/datatest/datatest_tally.h"
#include "core/datatest/truth_table.h"
#include "core/formats/event_source.h"
#include "core/pipeline/dga_alerter.h"
#include "core/store/store_records.h"
#include "core/store/store_writer.h"

namespace dnshound::core::pipeline {

struct AnalysisRequest {
    std::vector<std::string> inputs;
    formats::InputFormat format = formats::InputFormat::Auto;
    config::Config config;
    std::string dbPath;  // the analysis file; replaced if it exists
    // Private when nothing reads the file before the run ends (a bulk load, renamed into place).
    store::StoreWriter::WriteMode writeMode = store::StoreWriter::WriteMode::Shared;
    // Live capture instead of `inputs` when set: DNS on this interface through `bpf` (empty: the
    // default filter) for `durationSecs` (0: until cancelled). Cancelling a capture ends it
    // normally (pending queries are emitted, result.cancelled stays false).
    std::string captureInterface;
    std::string bpf;
    double durationSecs = 0.0;
    // Datatest mode when set: ground truth to score the run against (confusion matrices).
    std::shared_ptr<const datatest::TruthTable> truth;
    // Names, suffixes and clients that never alert (null: none).
    std::shared_ptr<const config::Allowlist> allowlist;
};

struct AnalysisProgress {
    double fraction = 0.0;  // of all input bytes
    std::uint64_t lines = 0;
    std::uint64_t events = 0;
    std::uint64_t alerts = 0;
    double linesPerSec = 0.0;
    double elapsedSecs = 0.0;
    std::uint64_t captureDrops = 0;      // live capture: packets the kernel dropped so far
    std::uint64_t capturePackets = 0;    // live capture: packets delivered by the filter so far
    std::uint64_t captureDnsEvents = 0;  // live capture: DNS events made so far (not yet analysed)
};

struct StageTotals {
    std::string stage;
    std::uint64_t batches = 0;
    std::uint64_t eventsIn = 0;
    std::uint64_t eventsOut = 0;
    double busySecs = 0.0;
};

struct AnalysisResult {
    bool cancelled = false;
    std::vector<store::SourceSummary> sources;
    std::uint64_t linesTotal = 0;
    std::uint64_t linesValid = 0;
    std::uint64_t linesRejected = 0;
    std::map<std::string, std::uint64_t> rejectsByReason;  // over all inputs
    std::uint64_t events = 0;
    std::uint64_t distinctNames = 0;
    std::uint64_t namesScored = 0;
    std::vector<store::AlertRecord> alerts;  // final state of every alert
    std::vector<StageTotals> stages;
    double elapsedSecs = 0.0;        // up to the analysis file's finish (not included)
    double finishSecs = 0.0;         // the analysis file's finish: aggregates, indexes, close
    std::uint64_t captureDrops = 0;  // live capture: packets the kernel dropped
    std::string modelSha256;
    std::string configDigest;
    std::optional<datatest::DatatestResult> datatest;  // datatest mode only
    AllowlistCounts allowlist;
    std::uint64_t allowlistActive = 0;
    std::uint64_t allowlistExpired = 0;
    // Registrable domains whose DGA-scored names were set aside as typos of answered domains
    // (DgaAlerter::typoDomains).
    std::uint64_t dgaTypoDomains = 0;
};

// Called from worker threads: implementations must be thread-safe and quick (queue a signal).
struct AnalysisObserver {
    std::function<void(const AnalysisProgress&)> onProgress;  // at most every 100 ms
    std::function<void(const store::AlertRecord&)> onAlert;   // a new alert was raised
};

// Runs the whole pipeline (collector -> batcher -> prefilter -> inspector -> detectors ->
// alerter -> store) on worker threads and blocks the caller until done or cancelled.
// Throws SourceError / ConfigError / ModelError / StoreError for unusable inputs; a cancelled
// run leaves a consistent analysis file holding a prefix of the input.
AnalysisResult runAnalysis(const AnalysisRequest& request, const AnalysisObserver& observer,
                           const std::atomic<bool>& cancel);

}  // namespace dnshound::core::pipeline
