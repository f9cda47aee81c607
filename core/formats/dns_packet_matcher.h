#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/event/name_table.h"
#include "core/formats/dns_message.h"
#include "core/formats/event_source.h"
#include "core/formats/packet_decoder.h"
#include "core/formats/pending_queries.h"
#include "core/formats/tcp_reassembler.h"

namespace dnshound::core::formats {

// Turns captured link-layer frames carrying DNS over UDP/TCP port 53 into events, one per query:
// a response completes its pending query; a query left without a response for
// kResponseTimeoutUs of capture time (or at the end) is emitted unanswered; a response without a
// query is an event of its own. Shared by PcapSource (files) and capture::LiveCapture.
//
// Accounting per frame: linesValid = DNS packets that made or completed an event; linesRejected
// = malformed DNS (per reason); linesSkipped = everything else (per reason in skipsByReason()).
// linesTotal is counted by the caller, which numbers the frames.
class DnsPacketMatcher final {
public:
    static constexpr std::int64_t kResponseTimeoutUs = 5'000'000;
    static constexpr std::size_t kMaxPending = 100'000;

    DnsPacketMatcher(event::NameTable& names, std::uint32_t sourceId, int linkType,
                     std::size_t maxPending = kMaxPending);

    void handlePacket(std::span<const std::uint8_t> frame, std::int64_t timeUs,
                      std::uint64_t packetNo, std::vector<event::DnsEvent>& out);
    // The same, one packet behind, for a reader whose frames stay valid until the next call (a
    // mapped file): the frame is decoded and parsed now and the table slots its name and query
    // key will need are fetched while the packet before it is matched. finishAhead() (or
    // flushAll()) matches the packet still held; dropAhead() forgets it (true when one was
    // held), for a caller that hands it in again later.
    void handlePacketAhead(std::span<const std::uint8_t> frame, std::int64_t timeUs,
                           std::uint64_t packetNo, std::vector<event::DnsEvent>& out);
    void finishAhead(std::vector<event::DnsEvent>& out);
    bool dropAhead() { return std::exchange(m_holding, false); }
    // Emits the queries still unanswered kResponseTimeoutUs before `nowUs`.
    void expire(std::int64_t nowUs, std::vector<event::DnsEvent>& out);
    // Emits every pending query (end of input).
    void flushAll(std::vector<event::DnsEvent>& out);

    ParseStats& stats() { return m_stats; }
    const ParseStats& stats() const { return m_stats; }
    const std::map<std::string, std::uint64_t, std::less<>>& skipsByReason() const {
        return m_skips;
    }
    std::size_t pendingQueries() const { return m_pending.size(); }
    int linkType() const { return m_linkType; }

private:
    // A frame decoded (and, for DNS over UDP, parsed) but not matched yet.
    struct Decoded {
        std::int64_t timeUs = 0;
        std::uint64_t packetNo = 0;
        PacketKind kind = PacketKind::NotDns;
        DecodedPacket pkt;
        DnsError error = DnsError::None;  // DNS over UDP only
        DnsMessage msg;
        DnsNameBuffer names{};
        // A plain name's NameTable::hash and the query key's hash, when prefetch() took them.
        bool hashed = false;
        std::uint64_t nameHash = 0;
        std::uint64_t keyHash = 0;
    };
    void decode(std::span<const std::uint8_t> frame, std::int64_t timeUs, std::uint64_t packetNo,
                Decoded& d) const;
    void prefetch(Decoded& d) const;
    void match(const Decoded& d, std::vector<event::DnsEvent>& out);
    // Parses one DNS message; returns the reject reason, or an empty view when it was used.
    std::string_view handleMessage(std::span<const std::uint8_t> wire, const DecodedPacket& pkt,
                                   std::int64_t timeUs, std::uint64_t packetNo,
                                   std::vector<event::DnsEvent>& out);
    // Matches a parsed message (see handleMessage); `hashes` is the Decoded that has its hashes,
    // if any.
    std::string_view useMessage(const DnsMessage& msg, std::size_t wireBytes,
                                const DecodedPacket& pkt, std::int64_t timeUs,
                                std::uint64_t packetNo, std::vector<event::DnsEvent>& out,
                                const Decoded* hashes = nullptr);
    void handleTcp(const DecodedPacket& pkt, std::int64_t timeUs, std::uint64_t packetNo,
                   std::vector<event::DnsEvent>& out);
    void skip(std::string_view reason);
    void emit(const event::DnsEvent& e, std::vector<event::DnsEvent>& out);

    ParseStats m_stats;
    std::map<std::string, std::uint64_t, std::less<>> m_skips;
    event::NameTable& m_names;
    std::uint32_t m_sourceId;
    int m_linkType;
    std::size_t m_maxPending;
    std::int64_t m_latestUs = 0;
    std::uint64_t m_seq = 0;
    PendingQueries m_pending;
    TcpReassembler m_tcp;
    DnsNameBuffer m_nameBuffer{};
    std::unique_ptr<std::array<Decoded, 2>> m_ahead;  // handlePacketAhead's two frames
    std::size_t m_heldAhead = 0;                      // index of the frame held back
    bool m_holding = false;
};

}  // namespace dnshound::core::formats
