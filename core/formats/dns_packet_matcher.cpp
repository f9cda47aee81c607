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

std::size_t DnsPacketMatcher::QueryKeyHash::operator()(const QueryKey& k) const noexcept {
    const event::IpAddressHash ipHash;
    std::size_t h = ipHash(k.client);
    h = h * 0x9e3779b97f4a7c15ull ^ ipHash(k.server);
    h = h * 0x9e3779b97f4a7c15ull ^ (static_cast<std::size_t>(k.clientPort) << 32 |
                                     static_cast<std::size_t>(k.id) << 16 | k.qtype);
    return h * 0x9e3779b97f4a7c15ull ^ k.name;
}

void DnsPacketMatcher::skip(std::string_view reason) {
    ++m_stats.linesSkipped;
    auto it = m_skips.find(reason);
    if (it == m_skips.end()) it = m_skips.emplace(std::string(reason), 0).first;
    ++it->second;
}

void DnsPacketMatcher::handlePacket(std::span<const std::uint8_t> frame, std::int64_t timeUs,
                                    std::uint64_t packetNo, std::vector<event::DnsEvent>& out) {
    m_latestUs = std::max(m_latestUs, timeUs);
    expire(m_latestUs, out);
    DecodedPacket pkt;
    const PacketKind kind = decodePacket(m_linkType, frame, pkt);
    if (kind != PacketKind::Dns) {
        skip(packetKindName(kind));
        return;
    }
    if (!pkt.tcp) {
        const std::string_view reason = handleMessage(pkt.payload, pkt, timeUs, packetNo, out);
        if (reason.empty()) {
            ++m_stats.linesValid;
        } else {
            m_stats.reject(packetNo, reason, describe(pkt));
        }
        return;
    }
    handleTcp(pkt, timeUs, packetNo, out);
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
    const auto name = internQueryName(msg.qname.empty() ? "." : msg.qname, m_names);
    if (!name) return "dns: bad name";

    if (!msg.response) {
        const QueryKey key{pkt.src, pkt.dst, pkt.srcPort, msg.id, msg.qtype, *name};
        event::DnsEvent e;
        e.timeUs = timeUs;
        e.client = pkt.src;
        e.server = pkt.dst;
        e.name = *name;
        e.qtype = msg.qtype;
        e.sourceId = m_sourceId;
        e.sourceLine = packetNo;
        auto it = m_pending.find(key);
        if (it != m_pending.end()) {
            // A retransmission: the earlier copy stays unanswered, the response goes to the last.
            emit(it->second.event, out);
            it->second = Pending{e, ++m_seq};
        } else {
            while (m_pending.size() >= m_maxPending && !m_order.empty()) {
                const auto [oldKey, oldSeq] = m_order.front();
                m_order.pop_front();
                const auto old = m_pending.find(oldKey);
                if (old == m_pending.end() || old->second.seq != oldSeq) continue;
                emit(old->second.event, out);
                m_pending.erase(old);
            }
            m_pending.emplace(key, Pending{e, ++m_seq});
        }
        m_order.emplace_back(key, m_seq);
        return {};
    }

    const QueryKey key{pkt.dst, pkt.src, pkt.dstPort, msg.id, msg.qtype, *name};
    event::DnsEvent e;
    const auto it = m_pending.find(key);
    if (it != m_pending.end()) {
        e = it->second.event;
        m_pending.erase(it);
    } else {
        e.timeUs = timeUs;
        e.client = pkt.dst;
        e.server = pkt.src;
        e.name = *name;
        e.qtype = msg.qtype;
        e.sourceId = m_sourceId;
        e.sourceLine = packetNo;
    }
    e.rcode = msg.rcode;
    e.responseBytes = static_cast<std::uint32_t>(wire.size());
    if (msg.hasAnswer) e.answer = msg.answer;
    emit(e, out);
    return {};
}

void DnsPacketMatcher::emit(const event::DnsEvent& e, std::vector<event::DnsEvent>& out) {
    out.push_back(e);
    ++m_stats.events;
}

void DnsPacketMatcher::expire(std::int64_t nowUs, std::vector<event::DnsEvent>& out) {
    while (!m_order.empty()) {
        const auto& [key, seq] = m_order.front();
        const auto it = m_pending.find(key);
        if (it == m_pending.end() || it->second.seq != seq) {
            m_order.pop_front();
            continue;
        }
        if (nowUs - it->second.event.timeUs <= kResponseTimeoutUs) break;
        emit(it->second.event, out);
        m_pending.erase(it);
        m_order.pop_front();
    }
}

void DnsPacketMatcher::flushAll(std::vector<event::DnsEvent>& out) {
    for (const auto& [key, seq] : m_order) {
        const auto it = m_pending.find(key);
        if (it == m_pending.end() || it->second.seq != seq) continue;
        emit(it->second.event, out);
        m_pending.erase(it);
    }
    m_order.clear();
    m_pending.clear();
}

}  // namespace dnshound::core::formats
