#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dnshound::core::store {

// Value types of the drill-down views (client, domain), read by DrilldownReader.

// What the detector made of a query's name.
enum class Verdict : int { Benign = 0, Dga = 1, NotScored = 2 };
inline constexpr int kVerdictCount = 3;

// Rcode groups of the client timeline.
enum class RcodeGroup : int { NoError = 0, NxDomain = 1, ServFail = 2, Other = 3, NoResponse = 4 };
inline constexpr int kRcodeGroupCount = 5;

// One time bucket of a client's queries, counted by rcode group and by verdict.
struct TimelineBucket {
    std::int64_t startUs = 0;
    std::int64_t byRcode[kRcodeGroupCount] = {};
    std::int64_t byVerdict[kVerdictCount] = {};
};

// One name a client asked for.
struct ClientDomainRow {
    std::string domain;
    std::int64_t queries = 0;
    std::int64_t nxdomain = 0;
    std::int64_t firstSeenUs = 0;
    std::int64_t lastSeenUs = 0;
    double dgaScore = -1.0;               // < 0: not scored
    std::vector<std::string> alertKinds;  // kinds of this client's alerts that cite the name
};

// Another client that asked for some of the same suspicious names.
struct RelatedClient {
    std::string ip;
    std::int64_t sharedDomains = 0;  // distinct suspicious names in common
    std::int64_t queries = 0;        // its queries for those names
    std::int64_t firstSeenUs = 0;
    std::int64_t lastSeenUs = 0;
    bool alerted = false;  // has an alert of any kind
};

// Every query for one name, in total.
struct DomainSummary {
    std::string domain;
    double dgaScore = -1.0;
    std::int64_t queries = 0;
    std::int64_t clients = 0;
    std::int64_t firstSeenUs = 0;
    std::int64_t lastSeenUs = 0;
    std::vector<std::pair<std::uint16_t, std::int64_t>> rcodes;  // rcode, count (most first)
    std::vector<std::pair<std::uint16_t, std::int64_t>> qtypes;  // qtype, count (most first)
    std::int64_t responseBytes = 0;                              // summed response sizes
};

// One client that asked for a given name.
struct DomainClientRow {
    std::string ip;
    std::int64_t queries = 0;
    std::int64_t nxdomain = 0;
    std::int64_t noError = 0;
    std::int64_t otherRcode = 0;
    std::int64_t responseBytes = 0;
    std::int64_t firstSeenUs = 0;
    std::int64_t lastSeenUs = 0;
    std::vector<std::string> alertKinds;  // the client's alerts
};

}  // namespace dnshound::core::store
