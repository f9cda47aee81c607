#pragma once

#include <string>
#include <string_view>

#include "core/config/config.h"
#include "core/detect/tunnel_state.h"
#include "core/event/name_table.h"

namespace dnshound::core::detect {

enum class TunnelVerdict { None, Tunnel, Exfil };

std::string_view verdictKind(TunnelVerdict v);  // "tunnel", "exfil" or ""

// The transparent rules of alerting.tunnel over one state:
//  tunnel: >= tunnel_min_encoded encoded names, lexical evidence >= tunnel_min_evidence, and at
//          least tunnel_min_data_share of the queries answered through a data-carrying record
//          type (TXT, NULL, CNAME, MX, SRV, KEY, ...): data flows both ways.
//  exfil:  >= exfil_min_encoded encoded names carrying >= exfil_min_bytes (estimate), on average
//          >= exfil_min_payload_chars encoded characters per name, and not mostly one hash-sized
//          label per name (that is a reputation lookup: AV clouds, DNSBLs of hashes).
TunnelVerdict evaluateTunnelRules(const TunnelState& s, const config::TunnelConfig& config);

// Estimated payload bytes the distinct encoded names carried to the server.
double estimatedBytesSent(const TunnelState& s);
// The zone the names share ("dnsc.r-1x.com"), a view into the NameTable.
std::string_view tunnelZone(const TunnelState& s, const event::NameTable& names);

// "23 distinct hex labels, ~104 B sent in 24 s via TXT; answers carry data, steady polling
// every 1.1 s".
std::string tunnelReason(const TunnelState& s, TunnelVerdict v);
// JSON object with the figures behind the reason.
std::string tunnelDetailsJson(const TunnelState& s, TunnelVerdict v, const event::NameTable& names);

}  // namespace dnshound::core::detect
