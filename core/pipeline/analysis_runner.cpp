#include "core/pipeline/analysis_runner.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/capture/live_capture.h"
#include "core/detect/dga_detector.h"
#include "core/detect/tunnel_detector.h"
#include "core/model/dga_model.h"
#include "core/pipeline/bounded_queue.h"
#include "core/pipeline/dga_alerter.h"
#include "core/pipeline/inspector.h"
#include "core/pipeline/prefilter.h"
#include "core/pipeline/stage_recorder.h"
#include "core/pipeline/subnet_batcher.h"
#include "core/pipeline/traffic_tally.h"
#include "core/store/store_writer.h"

namespace dnshound::core::pipeline {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kChunkEvents = 8192;
// The queues carry groups: all batches one chunk of input made, handed over with one queue
// operation (a chunk makes ~150 small subnet batches; one hand-off each cost a lock and, on a
// single core, often a context switch). A few groups in flight keep every thread busy.
constexpr std::size_t kQueueGroups = 8;

std::int64_t wallUs() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

constexpr std::chrono::milliseconds kSamplePeriod{250};

// A batch on its way from the collector to the store, with the stage timings taken so far.
struct StagedBatch {
    SubnetBatch batch;
    std::vector<store::StageSample> samples;
    std::vector<detect::NameScore> scores;
    std::vector<store::AlertRecord> alerts;
    std::vector<store::TunnelSeriesPoint> tunnelSeries;
    std::vector<std::pair<std::uint32_t, event::IpAddress>> newClients;  // first seen here
    bool samplesOnly = false;  // the end-of-input item carrying each thread's last samples
};
using StagedGroup = std::vector<StagedBatch>;

// First exception thrown by any pipeline thread; the others stop at their next queue operation.
class FirstError final {
public:
    void capture() {
        std::lock_guard lock(m_mutex);
        if (!m_error) m_error = std::current_exception();
    }
    void rethrowIfAny() {
        if (m_error) std::rethrow_exception(m_error);
    }

private:
    std::mutex m_mutex;
    std::exception_ptr m_error;
};

// Datatest confusion matrices, allowlist and typo counts into the result and the analysis file.
void writeDatatestAndAllowlist(const AnalysisRequest& request, const detect::DgaDetector* detector,
                               const DgaAlerter& alerter,
                               std::optional<datatest::DatatestTally>& datatestTally,
                               store::StoreWriter& writer, AnalysisResult& result) {
    result.dgaTypoDomains = alerter.typoDomains();
    writer.setMeta("dga_typo_domains", std::to_string(result.dgaTypoDomains));
    if (const auto& allow = request.allowlist) {
        for (const auto& e : allow->entries())
            writer.addAllowlistEntry({std::string(config::allowKindName(e.kind)), e.value, e.reason,
                                      e.expiresUs, e.addedUs});
        result.allowlist = alerter.allowlistCounts();
        result.allowlistActive = allow->activeCount();
        result.allowlistExpired = allow->expiredCount();
        writer.setMeta("allowlist_origin", allow->origin());
        writer.setMeta("allowlist_active", std::to_string(result.allowlistActive));
        writer.setMeta("allowlist_expired", std::to_string(result.allowlistExpired));
        writer.setMeta("allowlist_suppressed_queries",
                       std::to_string(result.allowlist.suppressedQueries));
        writer.setMeta("allowlist_suppressed_alerts",
                       std::to_string(result.allowlist.suppressedAlerts));
    }
    if (!datatestTally) return;
    result.datatest =
        datatestTally->finish(detector, detector ? detector->threshold() : 1.0, alerter.alerts());
    const datatest::DatatestResult& d = *result.datatest;
    for (const auto* m : {&d.queries, &d.clients}) {
        const auto cells = m->cells();
        writer.setConfusion(cells);
        writer.setMeta("datatest_" + m->level + "_precision", std::to_string(m->precision()));
        writer.setMeta("datatest_" + m->level + "_recall", std::to_string(m->recall()));
        writer.setMeta("datatest_" + m->level + "_f1", std::to_string(m->f1()));
    }
    writer.setMeta("datatest_name_threshold", std::to_string(d.nameThreshold));
    writer.setMeta("datatest_names_unlabelled", std::to_string(d.namesUnlabelled));
    writer.setMeta("datatest_malicious_names_unscored", std::to_string(d.maliciousNamesUnscored));
    writer.setMeta("datatest_clients_unlabelled", std::to_string(d.clientsUnlabelled));
}

}  // namespace

AnalysisResult runAnalysis(const AnalysisRequest& request, const AnalysisObserver& observer,
                           const std::atomic<bool>& cancel) {
    const auto started = Clock::now();
    const config::Config& cfg = request.config;
    const bool live = !request.captureInterface.empty();
    // A live capture is one source named "capture:IF".
    const std::vector<std::string> inputNames =
        live ? std::vector<std::string>{"capture:" + request.captureInterface} : request.inputs;
    if (inputNames.empty()) throw formats::SourceError("no input given");
    if (request.dbPath.empty()) throw formats::SourceError("no analysis file given");

    event::NameTable names;
    std::vector<std::unique_ptr<formats::EventSource>> sources;
    std::vector<double> sourceWeights;
    double totalBytes = 0;
    capture::LiveCapture* liveCapture = nullptr;
    if (live) {
        auto c = std::make_unique<capture::LiveCapture>(
            capture::CaptureOptions{request.captureInterface, request.bpf, request.durationSecs},
            names, 0);
        liveCapture = c.get();
        sources.push_back(std::move(c));
        sourceWeights.push_back(1.0);
        totalBytes = 1.0;
    }
    for (std::size_t i = 0; !live && i < request.inputs.size(); ++i) {
        sources.push_back(formats::openEventSource(request.inputs[i], request.format, cfg, names,
                                                   static_cast<std::uint32_t>(i)));
        std::error_code ec;
        const auto size = std::filesystem::file_size(request.inputs[i], ec);
        sourceWeights.push_back(ec ? 1.0 : static_cast<double>(size) + 1.0);
        totalBytes += sourceWeights.back();
    }

    std::unique_ptr<detect::DgaDetector> detector;
    if (cfg.dga.enabled) {
        const std::string modelPath =
            cfg.dga.modelPath.empty() ? model::DgaModel::defaultModelPath() : cfg.dga.modelPath;
        detector = std::make_unique<detect::DgaDetector>(model::DgaModel::load(modelPath), cfg.dga);
    }

    AnalysisResult result;
    result.configDigest = config::configDigest(cfg);
    if (detector) result.modelSha256 = detector->model().manifest().sha256;

    store::StoreWriter writer(request.dbPath, cfg.store, names, request.writeMode);
    writer.setMeta("dnshound_version", DNSHOUND_VERSION);
    writer.setMeta("started_at_us", std::to_string(wallUs()));
    writer.setMeta("config_origin", cfg.origin);
    writer.setMeta("config_digest", result.configDigest);
    writer.setMeta("model_sha256", result.modelSha256);

    std::string inputs;
    for (const auto& in : inputNames) inputs += (inputs.empty() ? "" : "\n") + in;
    writer.setMeta("inputs", inputs);
    writer.setMeta("ipv4_prefix_length", std::to_string(cfg.batch.ipv4PrefixLength));
    writer.setMeta("ipv6_prefix_length", std::to_string(cfg.batch.ipv6PrefixLength));

    BoundedQueue<StagedGroup> toAnalysis(kQueueGroups);
    BoundedQueue<StagedGroup> toStore(kQueueGroups);
    FirstError error;
    std::atomic<std::uint64_t> progressMicro{0};  // fraction * 1e6
    std::atomic<std::uint64_t> linesRead{0};
    std::atomic<std::uint64_t> eventsDone{0};
    std::atomic<std::uint64_t> alertCount{0};
    std::atomic<bool> finished{false};
    std::atomic<bool> wasCancelled{false};

    // One recorder per thread: each stage is timed only by the thread that runs it.
    enum { kCollector, kBatcher };
    enum { kPrefilter, kInspector, kDga, kAlerter, kTunnel };
    StageRecorder collectorStages({"collector", "batcher"}, kSamplePeriod);
    StageRecorder analysisStages({"prefilter", "inspector", "dga", "alerter", "tunnel"},
                                 kSamplePeriod);
    StageRecorder storeStages({"store"}, kSamplePeriod);

    SubnetBatcher batcher(cfg.batch);
    Prefilter prefilter(cfg);
    Inspector inspector(cfg.inspector);
    store::AlertIdSequence alertIds;  // shared by the DGA alerter and the tunnel detector
    DgaAlerter alerter(cfg.alerter, detector ? detector->threshold() : 1.0, &alertIds,
                       request.allowlist.get());
    // The tunnel path sees every event of every batch: tunnels answer NOERROR, so the DGA
    // path's NXDOMAIN prefilter and inspector gate do not apply to it.
    detect::TunnelDetector tunnelDetector(cfg.tunnel);
    writer.setMeta("tunnel_model", tunnelDetector.modelStatus());
    std::optional<datatest::DatatestTally> datatestTally;
    if (request.truth) datatestTally.emplace(*request.truth, names);
    if (detector) {
        writer.setMeta("dga_threshold", std::to_string(detector->threshold()));
        writer.setMeta("dga_evidence_threshold", std::to_string(alerter.evidenceThreshold()));
    }
    TrafficTally tally(cfg.batch);

    // Collector + batcher: parse lines into events, group them per subnet.
    std::thread collectorThread([&] {
        try {
            std::vector<event::DnsEvent> chunk;
            chunk.reserve(kChunkEvents + 64);
            std::vector<SubnetBatch> ready;
            std::size_t clientsKnown = 0;
            // Stage samples ride along with the next batch. The tally (client ids, dashboards)
            // needs only the events: it runs here, off the analysis thread, the pipeline's
            // busiest.
            auto forward = [&] {
                if (ready.empty()) return;
                StagedGroup group(ready.size());
                for (std::size_t i = 0; i < ready.size(); ++i) {
                    StagedBatch& staged = group[i];
                    staged.batch = std::move(ready[i]);
                    tally.add(staged.batch);
                    for (; clientsKnown < tally.clients().size(); ++clientsKnown)
                        staged.newClients.emplace_back(static_cast<std::uint32_t>(clientsKnown),
                                                       tally.clients()[clientsKnown].ip);
                    collectorStages.takeSamples(staged.samples);
                }
                ready.clear();
                toAnalysis.push(std::move(group));
            };
            double doneWeight = 0;
            for (std::size_t s = 0; s < sources.size() && !cancel.load(); ++s) {
                auto& src = *sources[s];
                bool more = true;
                // A live capture ends when cancelled and then emits its pending queries.
                while (more && (liveCapture || !cancel.load())) {
                    if (liveCapture && cancel.load()) liveCapture->stop();
                    chunk.clear();
                    auto t = Clock::now();
                    more = src.readBatch(chunk, kChunkEvents);
                    collectorStages.record(kCollector, chunk.size(), chunk.size(), elapsedUs(t),
                                           0.0);
                    t = Clock::now();
                    batcher.add(chunk, ready);
                    collectorStages.record(kBatcher, chunk.size(), chunk.size(), elapsedUs(t),
                                           static_cast<double>(batcher.bufferedEvents()) /
                                               static_cast<double>(cfg.batch.maxBufferedEvents));
                    std::uint64_t lines = 0;
                    for (std::size_t k = 0; k <= s; ++k) lines += sources[k]->stats().linesTotal;
                    linesRead.store(lines);
                    progressMicro.store(static_cast<std::uint64_t>(
                        1e6 * (doneWeight + src.progress() * sourceWeights[s]) / totalBytes));
                    forward();
                }
                doneWeight += sourceWeights[s];
            }
            if (cancel.load() && !liveCapture) wasCancelled.store(true);
            batcher.flushAll(ready);
            forward();
            StagedGroup last(1);
            last[0].samplesOnly = true;
            collectorStages.takeSamples(last[0].samples, true);
            toAnalysis.push(std::move(last));
        } catch (...) {
            error.capture();
        }
        toAnalysis.close();
    });

    // Prefilter -> inspector -> DGA detector -> alerter, plus the dashboards' tallies.
    std::thread analysisThread([&] {
        try {
            std::int64_t lastAnnounced = 0;  // alert ids count up from 1 as alerts are raised
            while (auto item = toAnalysis.pop()) {
                const double fill = toAnalysis.fill();
                for (StagedBatch& st : *item) {
                    if (st.samplesOnly) {
                        analysisStages.takeSamples(st.samples, true);
                        continue;
                    }
                    SubnetBatch& b = st.batch;
                    auto t = Clock::now();
                    prefilter.apply(b);
                    analysisStages.record(kPrefilter, b.events.size(), b.relevant.size(),
                                          elapsedUs(t), fill);

                    t = Clock::now();
                    inspector.inspect(b);
                    const std::size_t forwardedEvents = b.forwarded ? b.relevant.size() : 0;
                    analysisStages.record(kInspector, b.relevant.size(), forwardedEvents,
                                          elapsedUs(t), fill);

                    if (detector && b.forwarded) {
                        t = Clock::now();
                        detector->score(b, names, st.scores);
                        analysisStages.record(kDga, forwardedEvents, st.scores.size(), elapsedUs(t),
                                              fill);
                    }
                    if (detector) {
                        // Every batch: the NXDOMAIN spread rule counts what the inspector held
                        // back too (DgaAlerter).
                        t = Clock::now();
                        alerter.process(b, *detector, names, st.alerts);
                        analysisStages.record(kAlerter, b.relevant.size(), st.alerts.size(),
                                              elapsedUs(t), fill);
                    }
                    if (cfg.tunnel.enabled) {
                        t = Clock::now();
                        const std::size_t before = st.alerts.size();
                        tunnelDetector.process(b.events, names, alertIds, st.alerts,
                                               st.tunnelSeries, b.clientIds);
                        analysisStages.record(kTunnel, b.events.size(), st.alerts.size() - before,
                                              elapsedUs(t), fill);
                    }
                    // New alerts of both paths are announced in id (= raising) order.
                    std::stable_sort(st.alerts.begin(), st.alerts.end(),
                                     [](const auto& x, const auto& y) { return x.id < y.id; });
                    analysisStages.takeSamples(st.samples);
                    // The reader thread tallies events; this thread only notes scores, which touch
                    // the tally's score table alone (read once both threads have joined).
                    tally.noteScores(st.scores);
                    if (datatestTally) datatestTally->add(b);
                    for (const auto& a : st.alerts) {
                        if (a.id > lastAnnounced) {
                            lastAnnounced = a.id;
                            alertCount.fetch_add(1);
                            if (observer.onAlert) observer.onAlert(a);
                        }
                    }
                    eventsDone.fetch_add(b.events.size());
                }
                if (!toStore.push(std::move(*item))) break;
            }
        } catch (...) {
            error.capture();
            toAnalysis.close();
        }
        toStore.close();
    });

    // The store thread owns the SQLite connection.
    std::thread storeThread([&] {
        try {
            std::vector<store::StageSample> storeSamples;
            while (auto item = toStore.pop()) {
                const double fill = toStore.fill();
                for (StagedBatch& st : *item) {
                    const auto t = Clock::now();
                    for (const auto& [id, ip] : st.newClients) {
                        writer.addClient(id, ip,
                                         ip.toSubnetString(cfg.batch.ipv4PrefixLength,
                                                           cfg.batch.ipv6PrefixLength));
                    }
                    writer.addEvents(st.batch.events, st.batch.clientIds);
                    for (const auto& sc : st.scores) writer.setScore(sc.name, sc.score);
                    for (const auto& a : st.alerts) writer.upsertAlert(a);
                    for (const auto& p : st.tunnelSeries) writer.upsertTunnelPoint(p);
                    for (const auto& sample : st.samples) writer.addStageSample(sample);
                    writer.commitIfDue();
                    storeStages.record(0, st.batch.events.size(), st.batch.events.size(),
                                       elapsedUs(t), fill);
                    storeSamples.clear();
                    storeStages.takeSamples(storeSamples);
                    for (const auto& sample : storeSamples) writer.addStageSample(sample);
                }
            }
            storeSamples.clear();
            storeStages.takeSamples(storeSamples, true);
            for (const auto& sample : storeSamples) writer.addStageSample(sample);
        } catch (...) {
            error.capture();
            toStore.close();
            toAnalysis.close();
        }
        finished.store(true);
    });

    auto report = [&] {
        if (!observer.onProgress) return;
        AnalysisProgress p;
        p.fraction = static_cast<double>(progressMicro.load()) / 1e6;
        p.lines = linesRead.load();
        p.events = eventsDone.load();
        p.alerts = alertCount.load();
        if (liveCapture) {
            const auto counters = liveCapture->counters();
            p.captureDrops = counters.drops;
            p.capturePackets = counters.packets;
            p.captureDnsEvents = counters.dnsEvents;
        }
        p.elapsedSecs = static_cast<double>(elapsedUs(started)) / 1e6;
        p.linesPerSec = p.elapsedSecs > 0 ? static_cast<double>(p.lines) / p.elapsedSecs : 0.0;
        observer.onProgress(p);
    };
    while (!finished.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        report();
    }
    collectorThread.join();
    analysisThread.join();
    storeThread.join();
    error.rethrowIfAny();

    // Final aggregates.
    std::vector<store::SourceTotals> sourceTotals;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const auto& st = sources[i]->stats();
        store::SourceTotals t;
        t.summary = {inputNames[i],
                     std::string(formats::inputFormatName(sources[i]->format())),
                     static_cast<std::int64_t>(st.linesTotal),
                     static_cast<std::int64_t>(st.linesValid),
                     static_cast<std::int64_t>(st.linesRejected),
                     static_cast<std::int64_t>(st.linesSkipped),
                     static_cast<std::int64_t>(st.events)};
        for (const auto& [reason, count] : st.rejectsByReason) {
            t.rejectsByReason.emplace_back(reason, count);
            result.rejectsByReason[reason] += count;
        }
        for (const auto& r : st.samples)
            t.samples.push_back({static_cast<std::int64_t>(i), static_cast<std::int64_t>(r.line),
                                 r.reason, r.text});
        result.linesTotal += st.linesTotal;
        result.linesValid += st.linesValid;
        result.linesRejected += st.linesRejected;
        result.events += st.events;
        result.sources.push_back(t.summary);
        sourceTotals.push_back(std::move(t));
    }
    if (liveCapture) result.captureDrops = liveCapture->counters().drops;
    std::unordered_map<event::IpAddress, std::int64_t, event::IpAddressHash> dgaNames;
    for (const auto& [ip, n] : alerter.dgaNamesPerClient()) dgaNames[ip] = n;
    std::vector<store::ClientTotals> clients;
    clients.reserve(tally.clients().size());
    const std::vector<double> maxScores = tally.maxScores();
    for (std::size_t i = 0; i < tally.clients().size(); ++i) {
        const auto& c = tally.clients()[i];
        auto it = dgaNames.find(c.ip);
        clients.push_back(
            {static_cast<std::uint32_t>(i), c.ip.toString(),
             c.ip.toSubnetString(cfg.batch.ipv4PrefixLength, cfg.batch.ipv6PrefixLength), c.queries,
             c.nxdomain, c.distinctNames, it == dgaNames.end() ? 0 : it->second, c.firstSeenUs,
             c.lastSeenUs, maxScores[i]});
    }
    const auto volumes = tally.volumes();
    result.cancelled = wasCancelled.load();
    result.distinctNames = names.size();
    result.namesScored = detector ? detector->stats().namesScored : 0;
    result.alerts = alerter.alerts();
    result.alerts.insert(result.alerts.end(), tunnelDetector.alerts().begin(),
                         tunnelDetector.alerts().end());
    std::sort(result.alerts.begin(), result.alerts.end(),
              [](const auto& x, const auto& y) { return x.id < y.id; });
    for (const auto* r : {&collectorStages, &analysisStages, &storeStages})
        result.stages.insert(result.stages.end(), r->totals().begin(), r->totals().end());
    const auto& is = inspector.stats();
    writer.setMeta("inspector_batches", std::to_string(is.batches));
    writer.setMeta("inspector_batches_forwarded", std::to_string(is.batchesForwarded));
    writer.setMeta("inspector_relevant_events", std::to_string(is.relevantEvents));
    writer.setMeta("inspector_relevant_forwarded", std::to_string(is.relevantForwarded));
    const auto& ts = tunnelDetector.stateStats();
    writer.setMeta("tunnel_states_created", std::to_string(ts.created));
    writer.setMeta("tunnel_states_peak", std::to_string(ts.peak));
    writer.setMeta("tunnel_states_live", std::to_string(tunnelDetector.liveStates()));
    writer.setMeta("tunnel_evicted_idle", std::to_string(ts.evictedIdle));
    writer.setMeta("tunnel_evicted_cap", std::to_string(ts.evictedCap));
    writer.setMeta("tunnel_names_profiled", std::to_string(tunnelDetector.stats().namesProfiled));
    writer.setMeta("tunnel_name_set_resets", std::to_string(tunnelDetector.stats().nameSetResets));
    writeDatatestAndAllowlist(request, detector.get(), alerter, datatestTally, writer, result);
    writer.setMeta("cancelled", result.cancelled ? "1" : "0");
    result.elapsedSecs = static_cast<double>(elapsedUs(started)) / 1e6;
    writer.setMeta("elapsed_s", std::to_string(result.elapsedSecs));
    writer.setMeta("finished_at_us", std::to_string(wallUs()));
    const auto finishStarted = Clock::now();
    writer.finish(sourceTotals, clients, volumes);
    result.finishSecs = static_cast<double>(elapsedUs(finishStarted)) / 1e6;
    report();
    return result;
}

}  // namespace dnshound::core::pipeline
