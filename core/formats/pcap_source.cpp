#include "core/formats/pcap_source.h"

#include <pcap/pcap.h>
#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <vector>

#include "core/formats/query_name.h"

namespace dnshound::core::formats {

namespace {

constexpr std::uint64_t kMaxDecompressedBytes = 16ull << 30;
constexpr std::size_t kInflateChunk = 256 * 1024;

struct FileCloser {
    void operator()(std::FILE* f) const {
        if (f) std::fclose(f);
    }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

bool isGzip(const std::string& path) {
    FilePtr f(std::fopen(path.c_str(), "rb"));
    if (!f) throw SourceError(path + ": cannot open");
    std::array<unsigned char, 2> magic{};
    return std::fread(magic.data(), 1, 2, f.get()) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

// libpcap reads only plain files: inflate into an anonymous temporary file (deleted on close).
// A damaged gzip tail keeps what inflated; libpcap then reports the capture as truncated.
FilePtr inflateToTemporary(const std::string& path, std::uint64_t& bytes) {
    FilePtr tmp(std::tmpfile());
    if (!tmp) throw SourceError(path + ": cannot create a temporary file to inflate the capture");
    gzFile gz = gzopen(path.c_str(), "rb");
    if (!gz) throw SourceError(path + ": cannot open");
    std::vector<char> chunk(kInflateChunk);
    bytes = 0;
    for (;;) {
        const int n = gzread(gz, chunk.data(), static_cast<unsigned>(chunk.size()));
        if (n <= 0) break;
        bytes += static_cast<std::uint64_t>(n);
        if (bytes > kMaxDecompressedBytes) {
            gzclose(gz);
            throw SourceError(path + ": compressed capture inflates past 16 GiB; decompress it");
        }
        if (std::fwrite(chunk.data(), 1, static_cast<std::size_t>(n), tmp.get()) !=
            static_cast<std::size_t>(n)) {
            gzclose(gz);
            throw SourceError(path + ": cannot write the inflated capture to a temporary file");
        }
    }
    gzclose(gz);
    std::rewind(tmp.get());
    return tmp;
}

std::uint16_t be16(std::span<const std::uint8_t> b, std::size_t at) {
    return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

std::string describe(const DecodedPacket& p) {
    return std::string(p.tcp ? "tcp " : "udp ") + p.src.toString() + ":" +
           std::to_string(p.srcPort) + " > " + p.dst.toString() + ":" + std::to_string(p.dstPort) +
           " payload " + std::to_string(p.payload.size()) + " bytes";
}

}  // namespace

std::size_t PcapSource::QueryKeyHash::operator()(const QueryKey& k) const noexcept {
    const event::IpAddressHash ipHash;
    std::size_t h = ipHash(k.client);
    h = h * 0x9e3779b97f4a7c15ull ^ ipHash(k.server);
    h = h * 0x9e3779b97f4a7c15ull ^ (static_cast<std::size_t>(k.clientPort) << 32 |
                                     static_cast<std::size_t>(k.id) << 16 | k.qtype);
    return h * 0x9e3779b97f4a7c15ull ^ k.name;
}

PcapSource::PcapSource(const std::string& path, event::NameTable& names, std::uint32_t sourceId,
                       std::size_t maxPending)
    : m_names(names), m_sourceId(sourceId), m_maxPending(std::max<std::size_t>(maxPending, 1)) {
    std::array<char, PCAP_ERRBUF_SIZE> err{};
    if (isGzip(path)) {
        FilePtr tmp = inflateToTemporary(path, m_fileBytes);
        m_pcap = pcap_fopen_offline_with_tstamp_precision(tmp.get(), PCAP_TSTAMP_PRECISION_MICRO,
                                                          err.data());
        if (m_pcap) tmp.release();  // pcap_close() closes it now
    } else {
        struct stat st {};
        if (::stat(path.c_str(), &st) == 0) m_fileBytes = static_cast<std::uint64_t>(st.st_size);
        m_pcap = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_MICRO,
                                                         err.data());
    }
    if (!m_pcap) throw SourceError(path + ": not a readable pcap/pcapng capture: " + err.data());
    m_linkType = pcap_datalink(m_pcap);
}

PcapSource::~PcapSource() {
    if (m_pcap) pcap_close(m_pcap);
}

bool PcapSource::readBatch(std::vector<event::DnsEvent>& out, std::size_t maxEvents) {
    if (m_finished) return false;
    const std::size_t target = out.size() + (maxEvents == 0 ? 1 : maxEvents);
    while (out.size() < target) {
        pcap_pkthdr* header = nullptr;
        const u_char* data = nullptr;
        const int rc = pcap_next_ex(m_pcap, &header, &data);
        if (rc == 1) {
            const std::uint64_t packetNo = ++m_stats.linesTotal;
            const std::int64_t timeUs = static_cast<std::int64_t>(header->ts.tv_sec) * 1'000'000 +
                                        static_cast<std::int64_t>(header->ts.tv_usec);
            handlePacket(std::span<const std::uint8_t>(data, header->caplen), timeUs, packetNo,
                         out);
            continue;
        }
        if (rc == 0) continue;  // live captures only
        if (rc == PCAP_ERROR) {
            const std::string_view message = pcap_geterr(m_pcap);
            const bool truncated = message.find("truncated") != std::string_view::npos;
            m_stats.reject(++m_stats.linesTotal,
                           truncated ? "pcap: truncated file" : "pcap: read error", message);
        }
        flushAll(out);
        m_finished = true;
        return false;
    }
    return true;
}

double PcapSource::progress() const {
    if (m_finished) return 1.0;
    if (m_fileBytes == 0 || !m_pcap) return 0.0;
    const long at = std::ftell(pcap_file(m_pcap));
    if (at <= 0) return 0.0;
    return std::min(1.0, static_cast<double>(at) / static_cast<double>(m_fileBytes));
}

void PcapSource::skip(std::string_view reason) {
    ++m_stats.linesSkipped;
    auto it = m_skips.find(reason);
    if (it == m_skips.end()) it = m_skips.emplace(std::string(reason), 0).first;
    ++it->second;
}

void PcapSource::handlePacket(std::span<const std::uint8_t> frame, std::int64_t timeUs,
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
void PcapSource::handleTcp(const DecodedPacket& pkt, std::int64_t timeUs, std::uint64_t packetNo,
                           std::vector<event::DnsEvent>& out) {
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

std::string_view PcapSource::handleMessage(std::span<const std::uint8_t> wire,
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

void PcapSource::emit(const event::DnsEvent& e, std::vector<event::DnsEvent>& out) {
    out.push_back(e);
    ++m_stats.events;
}

void PcapSource::expire(std::int64_t nowUs, std::vector<event::DnsEvent>& out) {
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

void PcapSource::flushAll(std::vector<event::DnsEvent>& out) {
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
