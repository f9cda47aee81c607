#include "core/formats/dns_packet_matcher.h"

#include <algorithm>

#include "core/formats/query_name.h"

namespace dnshound::core::formats {

namespace {

std::uint16_t be16(std::span<const std::uint8_t> b, std::size_t at) {
    return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

std::string describe(const DecodedPacket& p) {
    return std::string(p.tcp ? "tcp " : "udp ") + p.src.toString() + ":" +
           std::to_string(p.srcPort) + " > " + p.dst.toString() + ":" + std::to_string(p.dstPort) +
           " payload " + std::to_string(p.payload.size()) + " bytes";
}

}  // namespace

DnsPacketMatcher::DnsPacketMatcher(event::NameTable& names, std::uint32_t sourceId, int linkType,
                                   std::size_t maxPending)
    : m_names(names),
      m_sourceId(sourceId),
      m_linkType(linkType),
      m_maxPending(std::max<std::size_t>(maxPending, 1)) {}

void DnsPacketMatcher::skip(std::string_view reason) {
    ++m_stats.linesSkipped;
    auto it = m_skips.find(reason);
    if (it == m_skips.end()) it = m_skips.emplace(std::string(reason), 0).first;
    ++it->second;
}

void DnsPacketMatcher::decode(std::span<const std::uint8_t> frame, std::int64_t timeUs,
                              std::uint64_t packetNo, Decoded& d) const {
    d.timeUs = timeUs;
    d.packetNo = packetNo;
    d.hashed = false;
    d.kind = decodePacket(m_linkType, frame, d.pkt);
    if (d.kind == PacketKind::Dns && !d.pkt.tcp)
        d.error = parseDnsMessage(d.pkt.payload, d.msg, d.names);
}

void DnsPacketMatcher::prefetch(Decoded& d) const {
    if (d.kind != PacketKind::Dns || d.pkt.tcp || d.error != DnsError::None) return;
    const DnsMessage& msg = d.msg;
    if (!msg.plainName || msg.qname.empty()) return;
    const std::uint64_t nameHash = event::NameTable::hash(msg.qname);
    const QueryKey key = msg.response
                             ? QueryKey{d.pkt.dst, d.pkt.src, d.pkt.dstPort, msg.id, msg.qtype, {}}
                             : QueryKey{d.pkt.src, d.pkt.dst, d.pkt.srcPort, msg.id, msg.qtype, {}};
    // Queries intern their name; responses look for their query first.
    if (!msg.response) m_names.prefetch(nameHash);
    d.nameHash = nameHash;
    d.keyHash = PendingQueries::hashKey(key, nameHash);
    d.hashed = true;
    m_pending.prefetch(d.keyHash);
}

void DnsPacketMatcher::match(const Decoded& d, std::vector<event::DnsEvent>& out) {
    m_latestUs = std::max(m_latestUs, d.timeUs);
    expire(m_latestUs, out);
    if (d.kind != PacketKind::Dns) {
        skip(packetKindName(d.kind));
        return;
    }
    if (!d.pkt.tcp) {
        const std::string_view reason =
            d.error != DnsError::None
                ? dnsErrorReason(d.error)
                : useMessage(d.msg, d.pkt.payload.size(), d.pkt, d.timeUs, d.packetNo, out, &d);
        if (reason.empty()) {
            ++m_stats.linesValid;
        } else {
            m_stats.reject(d.packetNo, reason, describe(d.pkt));
        }
        return;
    }
    handleTcp(d.pkt, d.timeUs, d.packetNo, out);
}

void DnsPacketMatcher::handlePacket(std::span<const std::uint8_t> frame, std::int64_t timeUs,
                                    std::uint64_t packetNo, std::vector<event::DnsEvent>& out) {
    finishAhead(out);
    Decoded d;
    decode(frame, timeUs, packetNo, d);
    match(d, out);
}

void DnsPacketMatcher::handlePacketAhead(std::span<const std::uint8_t> frame, std::int64_t timeUs,
                                         std::uint64_t packetNo,
                                         std::vector<event::DnsEvent>& out) {
    if (!m_ahead) m_ahead = std::make_unique<std::array<Decoded, 2>>();
    const std::size_t next = m_holding ? m_heldAhead ^ 1 : m_heldAhead;
    Decoded& d = (*m_ahead)[next];
    decode(frame, timeUs, packetNo, d);
    prefetch(d);
    finishAhead(out);
    m_heldAhead = next;
    m_holding = true;
}

void DnsPacketMatcher::finishAhead(std::vector<event::DnsEvent>& out) {
    if (!m_holding) return;
    m_holding = false;
    match((*m_ahead)[m_heldAhead], out);
}

// DNS over TCP: each message has a 2-byte length prefix; messages split across segments are
// rebuilt in order (TcpReassembler), retransmissions skipped.
void DnsPacketMatcher::handleTcp(const DecodedPacket& pkt, std::int64_t timeUs,
                                 std::uint64_t packetNo, std::vector<event::DnsEvent>& out) {
    const TcpReassembler::StreamKey key{pkt.src, pkt.dst, pkt.srcPort, pkt.dstPort};
    if (pkt.payload.empty()) {
        if (pkt.tcpFlags & 0x05) m_tcp.drop(key);  // FIN or RST
        skip("tcp control");
        return;
    }
    TcpReassembler::Status status;
    const std::span<const std::uint8_t> data = m_tcp.add(key, pkt.tcpSeq, pkt.payload, status);
    if (status == TcpReassembler::Status::Retransmission) {
        skip("tcp retransmission");
        return;
    }
    std::size_t at = 0;
    std::size_t used = 0;
    std::string_view firstReason;
    while (at + 2 <= data.size()) {
        const std::size_t length = be16(data, at);
        if (at + 2 + length > data.size()) break;
        const std::string_view reason =
            handleMessage(data.subspan(at + 2, length), pkt, timeUs, packetNo, out);
        if (reason.empty()) {
            ++used;
        } else if (firstReason.empty()) {
            firstReason = reason;
        }
        at += 2 + length;
    }
    m_tcp.keep(key, pkt.tcpSeq + static_cast<std::uint32_t>(pkt.payload.size()), data.subspan(at));
    if (used > 0) {
        ++m_stats.linesValid;
    } else if (!firstReason.empty()) {
        m_stats.reject(packetNo, firstReason, describe(pkt));
    } else {
        skip(status == TcpReassembler::Status::Gap ? "tcp gap" : "tcp segment buffered");
    }
}

std::string_view DnsPacketMatcher::handleMessage(std::span<const std::uint8_t> wire,
                                                 const DecodedPacket& pkt, std::int64_t timeUs,
                                                 std::uint64_t packetNo,
                                                 std::vector<event::DnsEvent>& out) {
    DnsMessage msg;
    if (const DnsError error = parseDnsMessage(wire, msg, m_nameBuffer); error != DnsError::None)
        return dnsErrorReason(error);
    return useMessage(msg, wire.size(), pkt, timeUs, packetNo, out);
}

std::string_view DnsPacketMatcher::useMessage(const DnsMessage& msg, std::size_t wireBytes,
                                              const DecodedPacket& pkt, std::int64_t timeUs,
                                              std::uint64_t packetNo,
                                              std::vector<event::DnsEvent>& out,
                                              const Decoded* hashes) {
    // Wire names are lower case with non-empty labels of at most 63 bytes: a plain one is
    // interned as it is; others take the general checks the log parsers use.
    const bool plain = msg.plainName && !msg.qname.empty();
    std::optional<event::NameId> name;
    std::uint64_t nameHash = 0;
    if (hashes && hashes->hashed) {
        nameHash = hashes->nameHash;
    } else if (plain) {
        nameHash = event::NameTable::hash(msg.qname);
    } else {
        name = internQueryName(msg.qname.empty() ? "." : msg.qname, m_names);
        if (!name) return "dns: bad name";
        nameHash = event::NameTable::hash(m_names.name(*name));
    }

    if (!msg.response) {
        if (!name) name = m_names.intern(msg.qname, nameHash);
        const QueryKey key{pkt.src, pkt.dst, pkt.srcPort, msg.id, msg.qtype, *name};
        const std::uint64_t hash =
            hashes && hashes->hashed ? hashes->keyHash : PendingQueries::hashKey(key, nameHash);
        event::DnsEvent e;
        e.timeUs = timeUs;
        e.client = pkt.src;
        e.server = pkt.dst;
        e.name = *name;
        e.qtype = msg.qtype;
        e.sourceId = m_sourceId;
        e.sourceLine = packetNo;
        const std::uint32_t found = m_pending.find(key, hash);
        if (found != PendingQueries::kNone) {
            // A retransmission: the earlier copy stays unanswered, the response goes to the last.
            emit(m_pending.entry(found).event, out);
            m_pending.replace(found, e, ++m_seq);
        } else {
            while (m_pending.size() >= m_maxPending && !m_pending.orderEmpty()) {
                bool current = false;
                const std::uint32_t old = m_pending.oldest(current);
                m_pending.popOldest();
                if (!current) continue;
                emit(m_pending.entry(old).event, out);
                m_pending.erase(old);
            }
            m_pending.insert(key, hash, e, ++m_seq);
        }
        return {};
    }

    // A response: its query, when pending, interned the same name already; it is found by the
    // name's hash and text (same text, same id) without a trip through the name table.
    QueryKey key{pkt.dst, pkt.src, pkt.dstPort, msg.id, msg.qtype, name.value_or(event::kNoName)};
    const std::uint64_t hash =
        hashes && hashes->hashed ? hashes->keyHash : PendingQueries::hashKey(key, nameHash);
    const std::uint32_t found =
        name ? m_pending.find(key, hash) : m_pending.findIf(hash, [&](const QueryKey& k) {
            return k.client == key.client && k.server == key.server &&
                   k.clientPort == key.clientPort && k.id == key.id && k.qtype == key.qtype &&
                   m_names.name(k.name) == msg.qname;
        });
    event::DnsEvent e;
    if (found != PendingQueries::kNone) {
        e = m_pending.entry(found).event;
        m_pending.erase(found);
    } else {
        e.timeUs = timeUs;
        e.client = pkt.dst;
        e.server = pkt.src;
        e.name = name ? *name : m_names.intern(msg.qname, nameHash);
        e.qtype = msg.qtype;
        e.sourceId = m_sourceId;
        e.sourceLine = packetNo;
    }
    e.rcode = msg.rcode;
    e.responseBytes = static_cast<std::uint32_t>(wireBytes);
    if (msg.hasAnswer) e.answer = msg.answer;
    emit(e, out);
    return {};
}

void DnsPacketMatcher::emit(const event::DnsEvent& e, std::vector<event::DnsEvent>& out) {
    out.push_back(e);
    ++m_stats.events;
}

void DnsPacketMatcher::expire(std::int64_t nowUs, std::vector<event::DnsEvent>& out) {
    while (!m_pending.orderEmpty()) {
        bool current = false;
        const std::uint32_t index = m_pending.oldest(current);
        if (!current) {
            m_pending.popOldest();
            continue;
        }
        const event::DnsEvent& e = m_pending.entry(index).event;
        if (nowUs - e.timeUs <= kResponseTimeoutUs) break;
        emit(e, out);
        m_pending.erase(index);
        m_pending.popOldest();
    }
}

void DnsPacketMatcher::flushAll(std::vector<event::DnsEvent>& out) {
    finishAhead(out);
    while (!m_pending.orderEmpty()) {
        bool current = false;
        const std::uint32_t index = m_pending.oldest(current);
        m_pending.popOldest();
        if (current) emit(m_pending.entry(index).event, out);
    }
    m_pending.clear();
}

}  // namespace dnshound::core::formats
