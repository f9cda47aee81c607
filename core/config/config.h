#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dnshound::core::config {

// A configuration that cannot be used. what() names the origin, line, key and problem:
// "my.yaml:12: pipeline.log_collection.collector.logline_format[5]: unknown record type 'AAA'".
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// heiDGAF's log-line format language: one entry per whitespace-separated field, in order.
enum class FieldType { Timestamp, ListItem, IpAddress, RegEx };

struct LogField {
    std::string name;  // canonical names below map fields onto DnsEvent
    FieldType type = FieldType::RegEx;
    std::string timestampFormat;        // Timestamp: strptime-style, plus %f (fraction)
    std::vector<std::string> allowed;   // ListItem: accepted values (case-insensitive)
    std::vector<std::string> relevant;  // ListItem: values the prefilter keeps (empty = all)
    std::string pattern;                // RegEx: PCRE2 pattern the whole field must match
    int line = 0;                       // line in the YAML source, for messages
};

// Field names with a meaning in DnsEvent. Other names are validated and otherwise ignored.
inline constexpr std::string_view kFieldTimestamp = "timestamp";
inline constexpr std::string_view kFieldStatusCode = "status_code";
inline constexpr std::string_view kFieldClientIp = "client_ip";
inline constexpr std::string_view kFieldServerIp = "dns_server_ip";
inline constexpr std::string_view kFieldDomainName = "domain_name";
inline constexpr std::string_view kFieldRecordType = "record_type";
inline constexpr std::string_view kFieldResponseIp = "response_ip";
inline constexpr std::string_view kFieldSize = "size";

struct BatchConfig {
    std::size_t maxEvents = 2000;         // batch_size
    std::int64_t timeoutUs = 30'000'000;  // batch_timeout_secs, in event time
    int ipv4PrefixLength = 24;
    int ipv6PrefixLength = 64;
    std::size_t maxBufferedEvents = 1'000'000;  // across all subnets; oldest flushed beyond
};

struct PrefilterConfig {
    // Keep only events whose ListItem fields hold a "relevant" value (heiDGAF: NXDOMAIN only).
    // Formats without ListItem fields (zeek, unbound) use `relevantRcodes`.
    bool relevantOnly = true;
    std::vector<std::string> relevantRcodes{"NXDOMAIN"};
};

enum class InspectorMode { PassThrough, ZScore };

struct InspectorConfig {
    InspectorMode mode = InspectorMode::ZScore;
    double binSecs = 60.0;               // event-time bin width for NXDOMAIN counts
    double zThreshold = 3.0;             // a bin is anomalous above this z-score ...
    std::uint32_t minBinCount = 5;       // ... and with at least this many relevant events
    double ewmaAlpha = 0.05;             // smoothing of the per-subnet baseline
    double minAnomalousFraction = 0.01;  // forward a batch when this share of its bins is anomalous
    std::size_t maxSubnets = 100'000;    // baseline state cap; least recently seen evicted
    // An anomalous bin joins the baseline only once this many bins in a row were anomalous: a
    // burst of a few bins stays anomalous; a lasting change of rate becomes the new normal.
    std::uint32_t adaptAfterBins = 5;
};

struct DgaDetectorConfig {
    bool enabled = true;
    std::string modelPath;    // empty: the shipped model (models/dga.json)
    double threshold = -1.0;  // < 0: the threshold in the model's manifest
    std::size_t cacheMaxNames = 4'000'000;
};

struct AlerterConfig {
    // A name counts as evidence against its client from this score up (< 0: the detector's
    // per-name threshold). Lower than the per-name threshold on purpose: the rule below needs
    // several such names from one client within the window, which is what keeps false alerts
    // down, and it lets families whose names score in the 0.9s (word-list DGAs) alert.
    double dgaNameThreshold = 0.9;
    std::uint32_t dgaMinDistinctNames = 3;     // DGA-scored names from one client before it alerts
    std::int64_t dgaWindowUs = 3'600'000'000;  // ... within this event-time window
    std::size_t evidenceMax = 20;              // sample queries kept per alert
    // NXDOMAIN weighting: an evidence name adds its weight (by the rcode it was seen with; the
    // highest counts) and a client alerts once the weights in the window reach
    // dgaMinDistinctNames. Weights are at most 1, so one name never counts for more than one.
    double nxdomainWeight = 1.0;  // names that do not resolve: what a DGA mostly produces
    double noerrorWeight = 0.5;   // every other rcode, and queries seen without a response
    // NXDOMAIN spread: a client that gets NXDOMAIN for this many distinct registrable domains
    // within nxdomainSpreadWindowUs alerts as a DGA client whatever its names score: the
    // behavioural rule for DGAs whose names read like words (0: off). Names the detector never
    // scores (reverse lookups, local names) do not count.
    std::uint32_t nxdomainSpreadDomains = 100;
    std::int64_t nxdomainSpreadWindowUs = 600'000'000;
    // Names one edit from a registrable domain that resolved for the run's clients
    // ("loudfront.net" beside "cloudfront.net") are typos, never lexical evidence.
    bool ignoreTypos = true;
};

// Datatest mode: how a label column in a log maps onto ground truth.
struct DatatestConfig {
    std::string labelField = "label";  // Zeek column / JSON key / heiDGAF logline field name
    // Case-insensitive prefixes of label values (anything else is unlabelled).
    std::vector<std::string> maliciousLabels{"malicious", "dga", "malware", "1", "true"};
    std::vector<std::string> benignLabels{"benign", "legit", "notdga", "normal", "0", "false"};
};

// Tunnel and exfiltration rules (alerting.tunnel), over state kept per (client, registered
// domain). Each alert says which rule fired and why.
struct TunnelConfig {
    bool enabled = true;
    std::size_t maxKeys = 100'000;          // (client, domain) states; least recent evicted
    std::int64_t idleUs = 3'600'000'000;    // a state idle this long in event time is dropped
    std::size_t maxNamesPerKey = 20'000;    // distinct names remembered per state
    double minLabelScore = 0.4;             // a name counts as encoded from this lexical score
    double modelThreshold = 0.9;            // ... or this tunnel-model score (tunnel.json)
    double tunnelMinEvidence = 5.0;         // tunnel: sum of lexical scores of distinct names,
    std::uint32_t tunnelMinEncoded = 8;     // ... this many encoded names,
    double tunnelMinDataShare = 0.6;        // ... this share answered via TXT/NULL/CNAME/MX...
    std::uint32_t exfilMinEncoded = 16;     // exfil: this many encoded names,
    double exfilMinBytes = 512;             // ... carrying this many bytes (estimate),
    double exfilMinPayloadChars = 24;       // ... this many encoded characters per name,
    double exfilMaxDigestShare = 0.9;       // ... unless this share is one hash-sized label
    std::size_t evidenceMax = 10;           // sample queries kept per alert
    std::vector<std::string> allowDomains;  // zones never alerted (reputation lookups)
};

struct StoreConfig {
    bool storeQueries = true;              // every event in the analysis file (drill-down)
    std::size_t transactionRows = 50'000;  // rows per write transaction
};

struct Config {
    std::string origin = "<default>";  // file path, or "<default>" for the compiled-in one
    std::vector<LogField> logline;
    BatchConfig batch;
    PrefilterConfig prefilter;
    InspectorConfig inspector;
    DgaDetectorConfig dga;
    AlerterConfig alerter;
    TunnelConfig tunnel;
    StoreConfig store;
    DatatestConfig datatest;
};

// The configuration compiled into the binaries (resources/config/default.yaml).
Config defaultConfig();
// Its YAML text (what the settings dialog starts from).
std::string_view defaultConfigText();
// Reads and validates a YAML file; throws ConfigError naming file, line and key.
Config loadConfigFile(const std::string& path);
// Same, from text; `origin` names the source in messages.
Config loadConfigText(std::string_view yaml, std::string_view origin);
// A digest of the effective configuration (hex), stored with each analysis and report.
std::string configDigest(const Config& config);

}  // namespace dnshound::core::config
