#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "core/event/ip_address.h"

namespace dnshound::core::formats {

// In-order reassembly of DNS-over-TCP byte streams, just enough to rebuild length-prefixed
// messages split across segments. Only streams with an incomplete message hold a buffer (at most
// one message, 65,537 bytes); at most kMaxStreams are kept, the oldest-inserted dropped beyond.
// A segment that starts where the stream's data continues is appended; an earlier one is a
// retransmission; a later one (a gap) restarts the stream at this segment.
class TcpReassembler final {
public:
    static constexpr std::size_t kMaxStreams = 4096;

    struct StreamKey {
        event::IpAddress src;
        event::IpAddress dst;
        std::uint16_t srcPort = 0;
        std::uint16_t dstPort = 0;
        friend bool operator==(const StreamKey&, const StreamKey&) = default;
    };
    enum class Status : std::uint8_t { Fresh, Continued, Retransmission, Gap };

    // The bytes of the stream now available (a held tail followed by `payload`), valid until the
    // next call; empty for a retransmission.
    std::span<const std::uint8_t> add(const StreamKey& key, std::uint32_t seq,
                                      std::span<const std::uint8_t> payload, Status& status);
    // After add(): `tail` (a suffix of what add() returned) is an incomplete message to hold until
    // the segment starting at `nextSeq`; an empty tail releases the stream.
    void keep(const StreamKey& key, std::uint32_t nextSeq, std::span<const std::uint8_t> tail);
    void drop(const StreamKey& key);

    std::size_t streams() const { return m_streams.size(); }
    std::uint64_t evictions() const { return m_evictions; }

private:
    struct StreamKeyHash {
        std::size_t operator()(const StreamKey& k) const noexcept;
    };
    struct Stream {
        std::vector<std::uint8_t> buffer;
        std::uint32_t nextSeq = 0;
    };
    std::unordered_map<StreamKey, Stream, StreamKeyHash> m_streams;
    std::uint64_t m_evictions = 0;
};

}  // namespace dnshound::core::formats
