#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/config/allowlist.h"
#include "core/config/config.h"
#include "core/detect/dga_detector.h"
#include "core/event/name_table.h"
#include "core/pipeline/answered_domains.h"
#include "core/pipeline/nxdomain_spread.h"
#include "core/pipeline/subnet_batch.h"
#include "core/store/alert_id_sequence.h"
#include "core/store/store_records.h"

namespace dnshound::core::features {
struct DomainSplit;
}

namespace dnshound::core::pipeline {

struct AllowlistCounts {
    std::uint64_t suppressedQueries = 0;  // evidence queries whose name or client is allowlisted
    std::uint64_t suppressedAlerts = 0;   // clients that would have alerted without the allowlist
};

// Turns per-name DGA scores into per-client alerts. One scored name is not an alert: each
// distinct name at or above the evidence threshold adds its rcode's weight (NXDOMAIN counts
// fully, answered names less: config nxdomainWeight / noerrorWeight, the highest seen per name),
// and a client alerts once the weights inside one event-time window reach dgaMinDistinctNames.
// A second, behavioural rule (config nxdomainSpreadDomains) alerts a client that gets NXDOMAIN for
// many distinct registrable domains in a short window, whatever the names score (NxdomainSpread).
// It needs no scores, so it sees every batch, forwarded by the inspector or not: the inspector's
// gate saves model work and must not hide part of a burst in a busy subnet. Names that are never
// DGA candidates (reverse lookups, local names: DgaDetector::isCandidate) count for neither rule.
// There is one alert per client and kind; later evidence updates it. Allowlisted names are no
// evidence and allowlisted clients never alert; both are counted. With config ignoreTypos, a
// name whose registrable domain is one edit from a domain the run's clients resolve
// (AnsweredDomains: "loudfront.net", "nflxsoo.net") is a typo, not lexical evidence.
class DgaAlerter final {
public:
    // Names count as evidence from config.dgaNameThreshold up, or from `detectorThreshold` when
    // that is negative. Alert ids come from `ids` when given (shared with the other alerters of
    // a run), else they count up from 1. `allowlist` (may be null) must outlive the alerter.
    DgaAlerter(const config::AlerterConfig& config, double detectorThreshold,
               store::AlertIdSequence* ids = nullptr, const config::Allowlist* allowlist = nullptr);
    double evidenceThreshold() const { return m_threshold; }

    // Appends every alert raised or changed by this batch (once each) to `changed`. Give it
    // every batch: `scores` are read only for forwarded ones.
    void process(const SubnetBatch& batch, const detect::NameScores& scores,
                 const event::NameTable& names, std::vector<store::AlertRecord>& changed);

    const std::vector<store::AlertRecord>& alerts() const { return m_alerts; }
    // Distinct DGA-scored names per client seen so far (clients with none are absent).
    std::vector<std::pair<event::IpAddress, std::int64_t>> dgaNamesPerClient() const;
    AllowlistCounts allowlistCounts() const;
    // Registrable domains whose DGA-scored names were set aside as typos of answered domains.
    std::uint64_t typoDomains() const { return m_typoDomains; }

private:
    struct WindowEntry {
        std::int64_t timeUs;
        event::NameId name;
        double weight;
        bool firstSighting;  // false for a weight upgrade of a name already in the window
    };
    struct ClientState {
        std::deque<WindowEntry> window;  // time order
        double windowWeight = 0.0;
        std::unordered_map<event::NameId, double> seen;  // name -> weight counted
        std::int64_t alertIndex = -1;
        bool shadowAlerted = false;  // the allowlist-blind rule alerted (suppression count)
        float maxScore = 0.0f;
        event::NameId topName = event::kNoName;
        // Evidence names per attributed family (NameScores::familyOf); a handful of families.
        std::vector<std::pair<std::string_view, std::int64_t>> families;
        NxdomainSpread spread;
        bool lexicalReached = false;  // the scored-names rule has fired for this client
        bool spreadReached = false;   // the NXDOMAIN spread rule has fired for this client
    };
    // "24 of 31 names resemble the suppobox family" when one family accounts for at least
    // half of the client's evidence (and three names), else "".
    static std::string familyReason(const ClientState& c);

    double weightOf(std::uint16_t rcode) const;
    bool nameAllowed(event::NameId name, const event::NameTable& names);
    // DgaDetector::isCandidate, once per name.
    bool candidate(event::NameId name, const event::NameTable& names);
    // The first name seen with the same registrable domain: the model scores registrable
    // domains, so "a.doubleclick.net" and "b.doubleclick.net" are one piece of evidence.
    event::NameId registrableKey(event::NameId name, const event::NameTable& names);
    // Adds one evidence sighting; true when the name was new (or its weight rose).
    bool accumulate(ClientState& c, std::int64_t timeUs, event::NameId name, double weight);
    bool reachesAlert(const ClientState& c) const;
    // One more distinct evidence name attributed to `family` (nothing when empty).
    static void countFamily(ClientState& c, std::string_view family);
    // Adds the event's NXDOMAIN sighting to the spread rule; true when the distinct count rose.
    bool spread(ClientState& c, std::int64_t timeUs, event::NameId key);
    std::string reasonFor(const ClientState& c) const;
    // The public-suffix split of `name`, lower case and without a trailing dot (views of
    // m_lowered, valid until the next call).
    features::DomainSplit splitOf(std::string_view name);
    // Tallies the batch's answered events (every event, relevant or not) in m_answered.
    void learnAnswers(const SubnetBatch& batch, const event::NameTable& names);
    // Is the registrable domain `key` names a typo of an answered domain? Cached per key: a typo
    // stays one (the index only grows), an answer of no is kept until the index grows.
    bool typo(event::NameId key, const event::NameTable& names);

    config::AlerterConfig m_config;
    double m_threshold;
    store::AlertIdSequence* m_ids;
    const config::Allowlist* m_allowlist;
    std::unordered_map<event::IpAddress, ClientState, event::IpAddressHash> m_clients;
    std::unordered_map<event::IpAddress, ClientState, event::IpAddressHash> m_shadow;
    std::vector<std::uint8_t> m_nameAllowed;      // by NameId: 0 unknown, 1 allowed, 2 not
    std::vector<std::uint8_t> m_candidate;        // by NameId: 0 unknown, 1 candidate, 2 not
    std::vector<event::NameId> m_registrableKey;  // by NameId: kNoName until first seen
    std::unordered_map<std::string, event::NameId> m_keyByRegistrable;
    std::string m_lowered;  // reused buffer
    std::vector<store::AlertRecord> m_alerts;
    std::vector<std::uint64_t> m_changedInBatch;  // batch serial per alert, for dedup
    std::uint64_t m_batchSerial = 0;
    std::uint64_t m_suppressedQueries = 0;
    AnsweredDomains m_answered;
    // By key: 0 unknown, kTypo, else 1 + m_answered.indexed() when it was found no typo.
    static constexpr std::uint32_t kTypo = 0xffffffffu;
    std::vector<std::uint32_t> m_typo;
    std::uint64_t m_typoDomains = 0;
};

}  // namespace dnshound::core::pipeline
