#include "core/formats/tcp_reassembler.h"

namespace dnshound::core::formats {

std::size_t TcpReassembler::StreamKeyHash::operator()(const StreamKey& k) const noexcept {
    const event::IpAddressHash ipHash;
    const std::size_t h = ipHash(k.src) * 0x9e3779b97f4a7c15ull ^ ipHash(k.dst);
    return h * 0x9e3779b97f4a7c15ull ^ (static_cast<std::size_t>(k.srcPort) << 16 | k.dstPort);
}

std::span<const std::uint8_t> TcpReassembler::add(const StreamKey& key, std::uint32_t seq,
                                                  std::span<const std::uint8_t> payload,
                                                  Status& status) {
    const auto it = m_streams.find(key);
    if (it == m_streams.end()) {
        status = Status::Fresh;
        return payload;
    }
    Stream& s = it->second;
    const auto delta = static_cast<std::int32_t>(seq - s.nextSeq);
    if (delta < 0) {
        status = Status::Retransmission;
        return {};
    }
    if (delta > 0) {
        status = Status::Gap;
        m_streams.erase(it);
        return payload;
    }
    status = Status::Continued;
    s.buffer.insert(s.buffer.end(), payload.begin(), payload.end());
    return s.buffer;
}

void TcpReassembler::keep(const StreamKey& key, std::uint32_t nextSeq,
                          std::span<const std::uint8_t> tail) {
    auto it = m_streams.find(key);
    if (tail.empty()) {
        if (it != m_streams.end()) m_streams.erase(it);
        return;
    }
    if (it == m_streams.end()) {
        if (m_streams.size() >= kMaxStreams) {
            m_streams.erase(m_streams.begin());
            ++m_evictions;
        }
        it = m_streams.emplace(key, Stream{}).first;
        it->second.buffer.assign(tail.begin(), tail.end());
    } else {
        // The tail views the stream's own buffer: drop what came before it.
        std::vector<std::uint8_t>& buf = it->second.buffer;
        const auto consumed = static_cast<std::ptrdiff_t>(buf.size() - tail.size());
        buf.erase(buf.begin(), buf.begin() + consumed);
    }
    it->second.nextSeq = nextSeq;
}

void TcpReassembler::drop(const StreamKey& key) {
    m_streams.erase(key);
}

}  // namespace dnshound::core::formats
