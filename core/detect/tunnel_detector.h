#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/config/config.h"
#include "core/detect/tunnel_rules.h"
#include "core/detect/tunnel_state.h"
#include "core/event/dns_event.h"
#include "core/event/ip_address_index.h"
#include "core/event/name_table.h"
#include "core/features/tunnel_label_profile.h"
#include "core/model/tunnel_model.h"
#include "core/store/alert_id_sequence.h"
#include "core/store/store_records.h"

namespace dnshound::core::detect {

struct TunnelDetectorStats {
    std::uint64_t events = 0;
    std::uint64_t notCandidates = 0;     // reverse lookups, local names, bare registered domains
    std::uint64_t allowed = 0;           // under alerting.tunnel.allow_domains
    std::uint64_t namesProfiled = 0;     // distinct names given a lexical profile
    std::uint64_t namesModelScored = 0;  // distinct candidate names scored by the tunnel model
    std::uint64_t nameSetResets = 0;     // a state's distinct-name memory hit max_names_per_key
    std::uint64_t alertsRaised = 0;
};

// DNS tunnel and exfiltration detector. Sees every event (tunnels answer NOERROR), keeps one
// bounded state per (client, registered domain), scores each distinct name once (lexical tunnel
// score, encoding, payload size) and raises at most one alert of kind "tunnel" or "exfil" per
// client and registered domain when alerting.tunnel's rules hold; the alert is refreshed as the
// session goes on. Work per event is a cached profile lookup and one hash lookup.
class TunnelDetector final {
public:
    // Uses the shipped tunnel-name model (TunnelModel::shipped()); without one the rules run
    // alone and modelStatus() says why.
    explicit TunnelDetector(const config::TunnelConfig& config);
    // `model` may be null: rules only.
    TunnelDetector(const config::TunnelConfig& config,
                   std::shared_ptr<const model::TunnelModel> model, std::string modelStatus = {});

    // Appends alerts raised or changed by these events (once each, in id order) to `changed`,
    // and minutes of watched (client, domain) pairs to `series` (a minute may be sent again with
    // larger figures: the store upserts). `clientIds`, when given, holds a dense id per event
    // (the pipeline's TrafficTally ids); otherwise the detector numbers clients itself. A
    // detector must be fed one way only: the ids key its states.
    void process(std::span<const event::DnsEvent> events, const event::NameTable& names,
                 store::AlertIdSequence& ids, std::vector<store::AlertRecord>& changed,
                 std::vector<store::TunnelSeriesPoint>& series,
                 std::span<const std::uint32_t> clientIds = {});

    const std::vector<store::AlertRecord>& alerts() const { return m_alerts; }
    const model::TunnelModel* model() const { return m_model.get(); }
    // "model tunnel.json (sha256 ...)" or why there is none ("rules only: ...").
    const std::string& modelStatus() const { return m_modelStatus; }
    // The model's score of a name (computed once per distinct candidate name), -1 without one.
    float modelScore(event::NameId id, const event::NameTable& names);
    const TunnelDetectorStats& stats() const { return m_stats; }
    const TunnelStateStats& stateStats() const { return m_states.stats(); }
    std::size_t liveStates() const { return m_states.size(); }
    // Cached profile of a name (computed on first use).
    const features::TunnelLabelProfile& profile(event::NameId id, const event::NameTable& names);

private:
    struct CachedProfile {
        features::TunnelLabelProfile profile;
        float modelScore = -1.0f;    // -1: no model, or not a candidate
        std::uint32_t domainId = 0;  // the registered domain's id (candidates only)
        bool computed = false;
        bool modelScored = false;
        bool allowed = false;
    };
    struct AlertSlot {
        event::IpAddress client;
        std::string_view domain;
        std::uint64_t serial = 0;  // batch that last changed it
    };

    CachedProfile& cached(event::NameId id, const event::NameTable& names);
    void update(TunnelState& s, const event::DnsEvent& e, CachedProfile& p,
                const event::NameTable& names);
    float scoredModel(CachedProfile& c, event::NameId id, const event::NameTable& names);
    void account(TunnelState& s, event::NameId id, CachedProfile& c, const event::NameTable& names);
    void raise(TunnelState& s, TunnelVerdict v, store::AlertIdSequence& ids);
    void refresh(store::AlertRecord& a, const TunnelState& s, const event::NameTable& names);
    void emitMinute(TunnelState& s, std::vector<store::TunnelSeriesPoint>& series);
    std::uint32_t domainId(std::string_view domain);
    const std::string& clientText(const TunnelState& s);  // its client as text, made once
    bool isAllowed(std::string_view name) const;

    config::TunnelConfig m_config;
    std::shared_ptr<const model::TunnelModel> m_model;
    std::string m_modelStatus;
    TunnelStateTable m_states;
    std::vector<CachedProfile> m_profiles;  // by NameId
    std::vector<store::AlertRecord> m_alerts;
    std::vector<AlertSlot> m_alertSlots;                        // parallel to m_alerts
    std::unordered_map<std::string, std::size_t> m_alertByKey;  // "kind|client|domain"
    std::vector<std::uint64_t> m_touchedWatched;                // state keys
    std::vector<std::uint64_t> m_keys;                          // per event of the batch, reused
    // Dense ids of clients and registered domains: a state's key is the pair of them.
    event::IpAddressIndex m_clients;
    std::vector<std::string> m_clientTexts;  // by client id, filled on first use
    std::unordered_map<std::string_view, std::uint32_t> m_domainIds;  // views into the NameTable
    std::vector<std::string_view> m_domains;                          // by domain id
    std::uint64_t m_serial = 0;
    std::int64_t m_nowUs = 0;
    TunnelDetectorStats m_stats;
};

}  // namespace dnshound::core::detect
