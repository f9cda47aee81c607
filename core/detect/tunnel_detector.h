#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/config/config.h"
#include "core/detect/tunnel_rules.h"
#include "core/detect/tunnel_state.h"
#include "core/event/dns_event.h"
#include "core/event/name_table.h"
#include "core/features/tunnel_label_profile.h"
#include "core/store/alert_id_sequence.h"
#include "core/store/store_records.h"

namespace dnshound::core::detect {

struct TunnelDetectorStats {
    std::uint64_t events = 0;
    std::uint64_t notCandidates = 0;  // reverse lookups, local names, bare registered domains
    std::uint64_t allowed = 0;        // under alerting.tunnel.allow_domains
    std::uint64_t namesProfiled = 0;  // distinct names given a lexical profile
    std::uint64_t nameSetResets = 0;  // a state's distinct-name memory hit max_names_per_key
    std::uint64_t alertsRaised = 0;
};

// DNS tunnel and exfiltration detector. Sees every event (tunnels answer NOERROR), keeps one
// bounded state per (client, registered domain), scores each distinct name once (lexical tunnel
// score, encoding, payload size) and raises at most one alert of kind "tunnel" or "exfil" per
// client and registered domain when alerting.tunnel's rules hold; the alert is refreshed as the
// session goes on. Work per event is a cached profile lookup and one hash lookup.
class TunnelDetector final {
public:
    explicit TunnelDetector(const config::TunnelConfig& config);

    // Appends alerts raised or changed by these events (once each, in id order) to `changed`,
    // and minutes of watched (client, domain) pairs to `series` (a minute may be sent again with
    // larger figures: the store upserts).
    void process(std::span<const event::DnsEvent> events, const event::NameTable& names,
                 store::AlertIdSequence& ids, std::vector<store::AlertRecord>& changed,
                 std::vector<store::TunnelSeriesPoint>& series);

    const std::vector<store::AlertRecord>& alerts() const { return m_alerts; }
    const TunnelDetectorStats& stats() const { return m_stats; }
    const TunnelStateStats& stateStats() const { return m_states.stats(); }
    std::size_t liveStates() const { return m_states.size(); }
    // Cached profile of a name (computed on first use).
    const features::TunnelLabelProfile& profile(event::NameId id, const event::NameTable& names);

private:
    struct CachedProfile {
        features::TunnelLabelProfile profile;
        bool computed = false;
        bool allowed = false;
    };
    struct AlertSlot {
        event::IpAddress client;
        std::string_view domain;
        std::uint64_t serial = 0;  // batch that last changed it
    };

    CachedProfile& cached(event::NameId id, const event::NameTable& names);
    void update(TunnelState& s, const event::DnsEvent& e, const CachedProfile& p,
                const event::NameTable& names);
    void account(TunnelState& s, event::NameId id, const features::TunnelLabelProfile& p,
                 const event::NameTable& names);
    void raise(TunnelState& s, TunnelVerdict v, store::AlertIdSequence& ids);
    void refresh(store::AlertRecord& a, const TunnelState& s, const event::NameTable& names);
    void emitMinute(const TunnelState& s, std::vector<store::TunnelSeriesPoint>& series) const;
    bool isAllowed(std::string_view name) const;

    config::TunnelConfig m_config;
    TunnelStateTable m_states;
    std::vector<CachedProfile> m_profiles;  // by NameId
    std::vector<store::AlertRecord> m_alerts;
    std::vector<AlertSlot> m_alertSlots;                        // parallel to m_alerts
    std::unordered_map<std::string, std::size_t> m_alertByKey;  // "kind|client|domain"
    std::vector<std::pair<event::IpAddress, std::string_view>> m_touchedWatched;
    std::uint64_t m_serial = 0;
    std::int64_t m_nowUs = 0;
    TunnelDetectorStats m_stats;
};

}  // namespace dnshound::core::detect
