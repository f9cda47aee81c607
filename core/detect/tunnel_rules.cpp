#include "core/detect/tunnel_rules.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/event/dns_types.h"
#include "core/features/label_encoding.h"
#include "core/text/json_writer.h"

namespace dnshound::core::detect {

namespace {

double dataShare(const TunnelState& s) {
    return s.queries ? static_cast<double>(s.dataAnswers) / s.queries : 0.0;
}

std::string formatBytes(double bytes) {
    char buf[32];
    if (bytes < 1000)
        std::snprintf(buf, sizeof(buf), "%.0f B", bytes);
    else if (bytes < 1e6)
        std::snprintf(buf, sizeof(buf), "%.1f KB", bytes / 1e3);
    else
        std::snprintf(buf, sizeof(buf), "%.1f MB", bytes / 1e6);
    return buf;
}

std::string formatDuration(double secs) {
    char buf[32];
    if (secs < 90)
        std::snprintf(buf, sizeof(buf), "%.0f s", secs);
    else if (secs < 90 * 60)
        std::snprintf(buf, sizeof(buf), "%.0f min", secs / 60);
    else
        std::snprintf(buf, sizeof(buf), "%.1f h", secs / 3600);
    return buf;
}

// Record types in use, most used first: "TXT", "NULL+TXT".
std::string qtypeList(const TunnelState& s) {
    std::vector<std::pair<std::uint32_t, std::size_t>> used;
    for (std::size_t i = 0; i < s.qtypes.size(); ++i)
        if (s.qtypes[i]) used.emplace_back(s.qtypes[i], i);
    std::sort(used.begin(), used.end(), [](auto& a, auto& b) { return a.first > b.first; });
    std::string out;
    for (const auto& [n, i] : used) {
        if (!out.empty()) out += "+";
        out += qtypeClassName(static_cast<QtypeClass>(i));
    }
    return out;
}

double cadenceCv(const TunnelState& s) {
    if (s.gaps < 2 || s.gapMean <= 0) return -1.0;
    return std::sqrt(s.gapM2 / (s.gaps - 1)) / s.gapMean;
}

}  // namespace

std::string_view verdictKind(TunnelVerdict v) {
    switch (v) {
        case TunnelVerdict::Tunnel:
            return "tunnel";
        case TunnelVerdict::Exfil:
            return "exfil";
        case TunnelVerdict::None:
            break;
    }
    return "";
}

double estimatedBytesSent(const TunnelState& s) {
    return s.encodedChars * features::bitsPerChar(features::classifyEncoding(s.charMask)) / 8.0;
}

std::string_view tunnelZone(const TunnelState& s, const event::NameTable& names) {
    if (s.zoneRef == event::kNoName) return s.domain;
    const std::string_view ref = names.name(s.zoneRef);
    return ref.substr(ref.size() - std::min<std::size_t>(s.zoneLen, ref.size()));
}

TunnelVerdict evaluateTunnelRules(const TunnelState& s, const config::TunnelConfig& c) {
    if (s.encoded >= c.tunnelMinEncoded && s.evidence >= c.tunnelMinEvidence &&
        dataShare(s) >= c.tunnelMinDataShare)
        return TunnelVerdict::Tunnel;
    if (s.encoded >= c.exfilMinEncoded) {
        const double perName = s.encodedChars / s.encoded;
        const double digestShare = static_cast<double>(s.digestShaped) / s.encoded;
        if (perName >= c.exfilMinPayloadChars && digestShare <= c.exfilMaxDigestShare &&
            estimatedBytesSent(s) >= c.exfilMinBytes)
            return TunnelVerdict::Exfil;
    }
    return TunnelVerdict::None;
}

std::string tunnelReason(const TunnelState& s, TunnelVerdict v) {
    const auto enc = features::classifyEncoding(s.charMask);
    std::string r =
        std::to_string(s.encoded) + " distinct " + std::string(features::encodingName(enc)) +
        " labels, ~" + formatBytes(estimatedBytesSent(s)) + " sent in " +
        formatDuration(static_cast<double>(s.lastUs - s.firstUs) / 1e6) + " via " + qtypeList(s);
    if (v == TunnelVerdict::Tunnel) {
        char buf[64];
        std::snprintf(buf, sizeof(buf), "; %.0f%% answered with data", 100.0 * dataShare(s));
        r += buf;
        if (s.sized) r += " (" + formatBytes(static_cast<double>(s.responseBytes)) + " back)";
    } else if (v == TunnelVerdict::Exfil) {
        if (s.nxDomain * 2 > s.queries)
            r += "; answers NXDOMAIN";
        else
            r += "; small answers";
    }
    const double cv = cadenceCv(s);
    if (cv >= 0 && cv < 0.5 && s.gaps >= 5) {
        char buf[64];
        std::snprintf(buf, sizeof(buf), ", steady polling every %.1f s", s.gapMean);
        r += buf;
    }
    return r;
}

std::string tunnelDetailsJson(const TunnelState& s, TunnelVerdict v,
                              const event::NameTable& names) {
    std::string qtypes;
    text::JsonObjectWriter qw(qtypes);
    for (std::size_t i = 0; i < s.qtypes.size(); ++i)
        if (s.qtypes[i])
            qw.field(qtypeClassName(static_cast<QtypeClass>(i)),
                     static_cast<std::uint64_t>(s.qtypes[i]));
    qw.finish();
    std::string rcodes;
    text::JsonObjectWriter rw(rcodes);
    rw.field("NOERROR", static_cast<std::uint64_t>(s.noError))
        .field("NXDOMAIN", static_cast<std::uint64_t>(s.nxDomain))
        .field("other", static_cast<std::uint64_t>(s.otherRcode))
        .field("none", static_cast<std::uint64_t>(s.unanswered));
    rw.finish();

    std::string out;
    text::JsonObjectWriter w(out);
    const double duration = static_cast<double>(s.lastUs - s.firstUs) / 1e6;
    w.field("rule", verdictKind(v))
        .field("zone", tunnelZone(s, names))
        .field("bytes_sent", std::round(estimatedBytesSent(s)))
        .field("bytes_received", static_cast<std::uint64_t>(s.responseBytes))
        .field("duration_s", duration)
        .field("queries", static_cast<std::uint64_t>(s.queries))
        .field("distinct_names", static_cast<std::uint64_t>(s.distinct))
        .field("encoded_names", static_cast<std::uint64_t>(s.encoded))
        .field("encoding", features::encodingName(features::classifyEncoding(s.charMask)))
        .field("evidence", static_cast<double>(s.evidence))
        .field("mean_payload_chars", s.encoded ? s.encodedChars / s.encoded : 0.0)
        .field("max_label", static_cast<std::uint64_t>(s.maxLabel))
        .field("mean_entropy", s.distinct > 1 ? s.labelEntropySum / s.distinct : 0.0)
        .field("data_share", dataShare(s))
        .field("digest_shaped", static_cast<std::uint64_t>(s.digestShaped))
        .field("distinct_per_min", duration > 0 ? 60.0 * s.distinct / duration : 0.0)
        .field("cadence_s", s.gaps ? s.gapMean : 0.0)
        .field("cadence_cv", cadenceCv(s))
        .field("alerted_at_query", static_cast<std::uint64_t>(s.alertedAtQuery))
        .rawField("qtypes", qtypes)
        .rawField("rcodes", rcodes);
    w.finish();
    return out;
}

}  // namespace dnshound::core::detect
