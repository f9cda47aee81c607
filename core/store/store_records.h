#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dnshound::core::store {

// Value types shared by the writer, the readers, the CLI and the UI.

struct AlertRecord {
    std::int64_t id = 0;           // row id in the analysis file (0 before it is stored)
    std::string kind;              // "dga", "tunnel" (interactive) or "exfil" (one-way upload)
    std::string client;            // client IP address
    std::string domain;            // the most telling domain (DGA: highest score; tunnel: zone)
    std::string scope;             // "" for dga; the registered domain for tunnel and exfil
    double score = 0.0;            // 0..1
    std::int64_t firstSeenUs = 0;  // event time of the first evidence
    std::int64_t lastSeenUs = 0;
    std::int64_t count = 0;             // evidence queries (DGA: distinct DGA-scored names)
    std::vector<std::string> evidence;  // sample queries, "name" strings
    std::string state = "new";          // triage state
    // Why, in words: "412 distinct base32 labels, ~18 KB sent in 6 min via TXT" ("" for dga).
    std::string reason;
    std::string details;  // JSON object: bytes, duration, record types, ... ("" when none)
};

// One minute of one (client, registered domain) pair watched by the tunnel detector.
struct TunnelSeriesPoint {
    std::string client;
    std::string domain;  // registered domain
    std::int64_t minuteUs = 0;
    std::int64_t queries = 0;
    std::int64_t distinctLabels = 0;  // names first seen in this minute
    double bytes = 0.0;               // estimated payload bytes those names carried
};

// One minute of event time.
struct VolumeBucket {
    std::int64_t minuteUs = 0;
    std::int64_t queries = 0;
    std::int64_t nxdomain = 0;
    std::int64_t alerts = 0;  // alerts first raised in this minute
};

struct QueryRow {
    std::int64_t rowId = 0;  // keyset for paging
    std::int64_t timeUs = 0;
    std::string client;
    std::string domain;
    std::uint16_t qtype = 0;
    std::uint16_t rcode = 0;
    std::uint32_t responseBytes = 0;
    double dgaScore = -1.0;  // < 0: not scored (filtered out before the detector)
    std::uint32_t sourceId = 0;
    std::uint64_t sourceLine = 0;
};

struct ClientSummary {
    std::string ip;
    std::string subnet;
    std::int64_t queries = 0;
    std::int64_t nxdomain = 0;
    std::int64_t distinctNames = 0;
    std::int64_t dgaNames = 0;  // distinct names scored as DGA
    std::int64_t firstSeenUs = 0;
    std::int64_t lastSeenUs = 0;
    double maxScore = -1.0;               // highest DGA score of its names; -1: none scored
    std::vector<std::string> alertKinds;  // distinct kinds of its alerts, sorted
};

// One stage's work over a short stretch of wall-clock time (a quarter second by default): the
// Latencies and Log Volumes dashboards' source. Aggregated, because a stage can see hundreds of
// thousands of small batches in a run.
struct StageSample {
    std::string
        stage;  // "collector", "batcher", "prefilter", "inspector", "dga", "alerter", "store"
    std::int64_t wallUs = 0;   // wall-clock end of the stretch
    std::int64_t batches = 0;  // batches handled in it
    std::int64_t eventsIn = 0;
    std::int64_t eventsOut = 0;
    std::int64_t busyUs = 0;        // time the stage spent on them
    std::int64_t maxLatencyUs = 0;  // slowest single batch
    double queueFill = 0.0;         // highest fill of the stage's input queue seen, 0..1
};

struct SourceSummary {
    std::string path;
    std::string format;
    std::int64_t linesTotal = 0;
    std::int64_t linesValid = 0;
    std::int64_t linesRejected = 0;
    std::int64_t linesSkipped = 0;
    std::int64_t events = 0;
};

// One cell of a datatest confusion matrix (level "query" or "client"; truth and predicted
// "malicious" or "benign").
struct ConfusionCell {
    std::string level;
    std::string truth;
    std::string predicted;
    std::int64_t count = 0;
};

// An allowlist entry as applied to (or added during) an analysis.
struct AllowlistRecord {
    std::string kind;  // "domain", "suffix", "client"
    std::string value;
    std::string reason;
    std::int64_t expiresUs = 0;  // 0: never
    std::int64_t addedUs = 0;    // 0: unknown
};

struct RejectSample {
    std::int64_t sourceId = 0;
    std::int64_t line = 0;
    std::string reason;
    std::string text;
};

}  // namespace dnshound::core::store
