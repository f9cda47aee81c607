#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/event/name_table.h"
#include "core/formats/dns_packet_matcher.h"
#include "core/formats/event_source.h"

struct pcap;

namespace dnshound::core::formats {

// Reads a pcap or pcapng capture (plain or gzip) with libpcap and turns DNS over UDP/TCP port 53
// into events with DnsPacketMatcher (see there for the query/response matching). All offline
// libpcap use lives in this class; live capture is core/capture/live_capture.
//
// Accounting per packet: linesTotal = packets read; linesValid = DNS packets that made or
// completed an event; linesRejected = malformed DNS (per reason); linesSkipped = everything else
// (per reason in skipsByReason()). A damaged tail is one "pcap: truncated file" reject.
class PcapSource final : public EventSource {
public:
    static constexpr std::int64_t kResponseTimeoutUs = DnsPacketMatcher::kResponseTimeoutUs;
    static constexpr std::size_t kMaxPending = DnsPacketMatcher::kMaxPending;

    // Throws SourceError when the file cannot be opened or is no capture.
    PcapSource(const std::string& path, event::NameTable& names, std::uint32_t sourceId,
               std::size_t maxPending = kMaxPending);
    ~PcapSource() override;
    PcapSource(const PcapSource&) = delete;
    PcapSource& operator=(const PcapSource&) = delete;

    bool readBatch(std::vector<event::DnsEvent>& out, std::size_t maxEvents) override;
    const ParseStats& stats() const override { return m_matcher->stats(); }
    double progress() const override;
    InputFormat format() const override { return InputFormat::Pcap; }

    const std::map<std::string, std::uint64_t, std::less<>>& skipsByReason() const {
        return m_matcher->skipsByReason();
    }
    int linkType() const { return m_matcher->linkType(); }

    // A classic pcap file (version 2.4) of a link type DnsPacketMatcher decodes.
    struct ClassicHeader {
        bool swapped = false;
        bool nanoseconds = false;
        std::uint32_t snapLength = 0;
    };

private:
    // A read-only mapping of the whole capture file, unmapped on destruction.
    class FileMapping {
    public:
        FileMapping() = default;
        ~FileMapping();
        FileMapping(const FileMapping&) = delete;
        FileMapping& operator=(const FileMapping&) = delete;
        bool map(int fd);
        const std::uint8_t* data() const { return m_data; }
        std::size_t size() const { return m_size; }
        // Drops the pages before byte `offset` from memory once enough are read, so a big
        // capture read once does not stay resident (reading them again faults them back in).
        void release(std::size_t offset);

    private:
        const std::uint8_t* m_data = nullptr;
        std::size_t m_size = 0;
        std::size_t m_released = 0;
    };

    // Classic pcap is read here instead of by libpcap's two stdio reads per packet: from a
    // mapping of the file (no copy through read()), or where the file cannot be mapped a
    // megabyte at a time. libpcap still opens it (link type, validation) and reads pcapng.
    bool readClassic(std::vector<event::DnsEvent>& out, std::size_t target);
    // At least `need` bytes buffered, unless the file ends.
    bool fill(std::size_t need) { return m_end - m_at >= need || refill(need); }
    bool refill(std::size_t need);
    void finish(std::vector<event::DnsEvent>& out, std::string_view reason,
                std::string_view message);

    std::optional<DnsPacketMatcher> m_matcher;  // set once the capture is open
    std::optional<ClassicHeader> m_classic;
    FileMapping m_mapping;
    std::vector<std::uint8_t> m_buffer;
    const std::uint8_t* m_data = nullptr;  // the mapping or m_buffer
    std::size_t m_at = 0;
    std::size_t m_heldAt = 0;  // record of the packet the matcher holds back
    std::size_t m_end = 0;
    pcap* m_pcap = nullptr;
    std::uint64_t m_fileBytes = 0;
    bool m_finished = false;
};

}  // namespace dnshound::core::formats
