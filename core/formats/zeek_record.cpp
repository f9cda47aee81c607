#include "core/formats/zeek_record.h"

#include <array>
#include <charconv>
#include <cmath>

#include "core/config/timestamp_format.h"
#include "core/event/dns_types.h"
#include "core/formats/query_name.h"

namespace dnshound::core::formats {

namespace {

bool present(bool has, std::string_view v, std::string_view unset) {
    return has && !v.empty() && v != unset;
}

template <typename T>
bool parseUnsigned(std::string_view v, T& out) {
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    return ec == std::errc{} && ptr == v.data() + v.size();
}

bool parseIsoMicros(std::string_view text, std::int64_t& out) {
    // Built once, never modified: safe to share between collector threads.
    static const std::array<config::TimestampFormat, 4> kFormats{
        config::TimestampFormat("%Y-%m-%dT%H:%M:%S.%f%z"),
        config::TimestampFormat("%Y-%m-%dT%H:%M:%S%z"),
        config::TimestampFormat("%Y-%m-%dT%H:%M:%S.%f"),
        config::TimestampFormat("%Y-%m-%dT%H:%M:%S"),
    };
    for (const auto& f : kFormats) {
        if (auto t = f.parse(text)) {
            out = *t;
            return true;
        }
    }
    return false;
}

}  // namespace

bool parseEpochMicros(std::string_view text, std::int64_t& out) {
    std::size_t pos = 0;
    std::int64_t secs = 0;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (++digits > 12) return false;
        secs = secs * 10 + (text[pos++] - '0');
    }
    if (digits == 0) return false;
    std::int64_t frac = 0;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        int f = 0;
        bool roundUp = false;
        // JSON writers print doubles in full ("97.14833899999999"): round to the microsecond.
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (f < 6)
                frac = frac * 10 + (text[pos] - '0');
            else if (f == 6)
                roundUp = text[pos] >= '5';
            ++f;
            ++pos;
        }
        if (f == 0) return false;
        for (int i = f; i < 6; ++i) frac *= 10;
        if (roundUp) ++frac;
    }
    if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
        // Exponent notation: rare, so the slow exact path is fine.
        double value = 0;
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc{} || ptr != text.data() + text.size() || !(value >= 0) || value > 1e12)
            return false;
        out = static_cast<std::int64_t>(std::llround(value * 1e6));
        return true;
    }
    if (pos != text.size()) return false;
    out = secs * 1'000'000 + frac;
    return true;
}

ZeekOutcome buildZeekEvent(const ZeekRecord& rec, std::string_view unset, event::NameTable& names,
                           event::DnsEvent& ev, std::string_view& reason) {
    if (!present(rec.hasTs, rec.ts, unset)) {
        reason = "missing ts";
        return ZeekOutcome::Rejected;
    }
    if (!(rec.tsIsText ? parseIsoMicros(rec.ts, ev.timeUs) : parseEpochMicros(rec.ts, ev.timeUs))) {
        reason = "bad ts";
        return ZeekOutcome::Rejected;
    }
    if (!present(rec.hasOrigH, rec.origH, unset)) {
        reason = "missing id.orig_h";
        return ZeekOutcome::Rejected;
    }
    if (auto ip = event::IpAddress::parse(rec.origH)) {
        ev.client = *ip;
    } else {
        reason = "bad id.orig_h";
        return ZeekOutcome::Rejected;
    }
    if (present(rec.hasRespH, rec.respH, unset)) {
        if (auto ip = event::IpAddress::parse(rec.respH)) {
            ev.server = *ip;
        } else {
            reason = "bad id.resp_h";
            return ZeekOutcome::Rejected;
        }
    }
    if (present(rec.hasQtype, rec.qtype, unset)) {
        if (!parseUnsigned(rec.qtype, ev.qtype)) {
            reason = "bad qtype";
            return ZeekOutcome::Rejected;
        }
    } else if (present(rec.hasQtypeName, rec.qtypeName, unset)) {
        ev.qtype = event::qtypeFromName(rec.qtypeName).value_or(0);
    }
    ev.rcode = event::kRcodeNone;
    if (present(rec.hasRcode, rec.rcode, unset)) {
        std::uint16_t rc = 0;
        if (!parseUnsigned(rec.rcode, rc) || rc > 4095) {
            reason = "bad rcode";
            return ZeekOutcome::Rejected;
        }
        ev.rcode = rc;
    } else if (present(rec.hasRcodeName, rec.rcodeName, unset)) {
        ev.rcode = event::rcodeFromName(rec.rcodeName).value_or(event::kRcodeNone);
    }
    if (!rec.firstAddressAnswer.empty()) {
        if (auto ip = event::IpAddress::parse(rec.firstAddressAnswer)) ev.answer = *ip;
    }
    // A response Zeek could not pair with a query: nothing to attribute, not malformed.
    if (!present(rec.hasQuery, rec.query, unset)) return ZeekOutcome::NoQuery;
    if (auto id = internQueryName(rec.query, names)) {
        ev.name = *id;
    } else {
        reason = "bad query";
        return ZeekOutcome::Rejected;
    }
    return ZeekOutcome::Event;
}

void emitZeekRow(const ZeekRecord& rec, std::string_view unset, event::NameTable& names,
                 std::uint32_t sourceId, std::uint64_t lineNo, std::string_view line,
                 ParseStats& stats, std::vector<event::DnsEvent>& out) {
    event::DnsEvent ev;
    ev.sourceId = sourceId;
    ev.sourceLine = lineNo;
    std::string_view reason;
    switch (buildZeekEvent(rec, unset, names, ev, reason)) {
        case ZeekOutcome::Event:
            ++stats.linesValid;
            ++stats.events;
            out.push_back(ev);
            break;
        case ZeekOutcome::NoQuery:
            ++stats.linesSkipped;
            break;
        case ZeekOutcome::Rejected:
            stats.reject(lineNo, reason, line);
            break;
    }
}

}  // namespace dnshound::core::formats
