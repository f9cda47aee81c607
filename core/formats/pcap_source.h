#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <span>
#include <string>
#include <unordered_map>

#include "core/event/name_table.h"
#include "core/formats/dns_message.h"
#include "core/formats/event_source.h"
#include "core/formats/packet_decoder.h"
#include "core/formats/tcp_reassembler.h"

struct pcap;

namespace dnshound::core::formats {

// Reads a pcap or pcapng capture (plain or gzip) with libpcap and turns DNS over UDP/TCP port 53
// into events, one per query: a response completes its pending query; a query left without a
// response for kResponseTimeoutUs of capture time (or at the end) is emitted unanswered; a
// response without a query is an event of its own. All libpcap use lives in this class.
//
// Accounting per packet: linesTotal = packets read; linesValid = DNS packets that made or
// completed an event; linesRejected = malformed DNS (per reason); linesSkipped = everything else
// (per reason in skipsByReason()). A damaged tail is one "pcap: truncated file" reject.
class PcapSource final : public EventSource {
public:
    static constexpr std::int64_t kResponseTimeoutUs = 5'000'000;
    static constexpr std::size_t kMaxPending = 100'000;

    // Throws SourceError when the file cannot be opened or is no capture.
    PcapSource(const std::string& path, event::NameTable& names, std::uint32_t sourceId,
               std::size_t maxPending = kMaxPending);
    ~PcapSource() override;
    PcapSource(const PcapSource&) = delete;
    PcapSource& operator=(const PcapSource&) = delete;

    bool readBatch(std::vector<event::DnsEvent>& out, std::size_t maxEvents) override;
    const ParseStats& stats() const override { return m_stats; }
    double progress() const override;
    InputFormat format() const override { return InputFormat::Pcap; }

    const std::map<std::string, std::uint64_t, std::less<>>& skipsByReason() const {
        return m_skips;
    }
    int linkType() const { return m_linkType; }

private:
    struct QueryKey {
        event::IpAddress client;
        event::IpAddress server;
        std::uint16_t clientPort = 0;
        std::uint16_t id = 0;
        std::uint16_t qtype = 0;
        event::NameId name = event::kNoName;
        friend bool operator==(const QueryKey&, const QueryKey&) = default;
    };
    struct QueryKeyHash {
        std::size_t operator()(const QueryKey& k) const noexcept;
    };
    struct Pending {
        event::DnsEvent event;
        std::uint64_t seq = 0;
    };

    void handlePacket(std::span<const std::uint8_t> frame, std::int64_t timeUs,
                      std::uint64_t packetNo, std::vector<event::DnsEvent>& out);
    // Parses one DNS message; returns the reject reason, or an empty view when it was used.
    std::string_view handleMessage(std::span<const std::uint8_t> wire, const DecodedPacket& pkt,
                                   std::int64_t timeUs, std::uint64_t packetNo,
                                   std::vector<event::DnsEvent>& out);
    void handleTcp(const DecodedPacket& pkt, std::int64_t timeUs, std::uint64_t packetNo,
                   std::vector<event::DnsEvent>& out);
    void skip(std::string_view reason);
    void emit(const event::DnsEvent& e, std::vector<event::DnsEvent>& out);
    void expire(std::int64_t nowUs, std::vector<event::DnsEvent>& out);
    void flushAll(std::vector<event::DnsEvent>& out);

    ParseStats m_stats;
    std::map<std::string, std::uint64_t, std::less<>> m_skips;
    event::NameTable& m_names;
    std::uint32_t m_sourceId;
    std::size_t m_maxPending;
    pcap* m_pcap = nullptr;
    int m_linkType = 0;
    std::uint64_t m_fileBytes = 0;
    bool m_finished = false;
    std::int64_t m_latestUs = 0;
    std::uint64_t m_seq = 0;
    std::unordered_map<QueryKey, Pending, QueryKeyHash> m_pending;
    std::deque<std::pair<QueryKey, std::uint64_t>> m_order;  // insertion order, may hold stale
    TcpReassembler m_tcp;
    DnsNameBuffer m_nameBuffer{};
};

}  // namespace dnshound::core::formats
