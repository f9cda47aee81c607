#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/event/name_table.h"
#include "core/formats/dns_packet_matcher.h"
#include "core/formats/event_source.h"

struct pcap;
struct pcap_pkthdr;

namespace dnshound::core::capture {

// A live capture that cannot start: missing permission (with the setcap command to fix it),
// unknown interface, a BPF expression libpcap rejects. A SourceError, so callers of runAnalysis
// that handle unusable inputs handle it too.
class CaptureError : public formats::SourceError {
public:
    using formats::SourceError::SourceError;
};

struct CaptureInterface {
    std::string name;
    std::string description;
    bool up = false;
    bool running = false;
    bool loopback = false;
};

// Every interface libpcap can open (pcap_findalldevs). Throws CaptureError.
std::vector<CaptureInterface> listInterfaces();

inline constexpr const char* kDefaultBpf = "udp port 53 or tcp port 53";

// Compiles `bpf` (empty: kDefaultBpf) for an Ethernet-like link without opening an interface:
// "" when libpcap accepts it, else libpcap's error text. Needs no privilege.
std::string checkCaptureFilter(const std::string& bpf);

// Whether this process may open live captures: root, or CAP_NET_RAW in its effective set
// (granted to the binary with setcap, see installer/grant-capture.sh).
bool capturePermitted();

struct CaptureOptions {
    std::string interfaceName;
    std::string bpf = kDefaultBpf;  // empty means kDefaultBpf
    double durationSecs = 0.0;      // 0: until stop()
};

// Thread-safe snapshot of a running capture.
struct CaptureCounters {
    std::uint64_t packets = 0;    // frames delivered by the filter
    std::uint64_t dnsEvents = 0;  // events emitted
    std::uint64_t drops = 0;      // ps_drop + ps_ifdrop from pcap_stats
};

// Captures DNS traffic on one interface and turns it into events with the same decoder and
// query/response matcher as PcapSource. All privilege and live libpcap code lives here.
// readBatch() returns at least every ~200 ms (possibly with no events) so the caller can stop;
// it returns false once stop() was called or the duration ran out and the pending queries were
// emitted. Queries unanswered for kResponseTimeoutUs of wall-clock time are emitted on the way.
class LiveCapture final : public formats::EventSource {
public:
    static constexpr int kSnapLength = 65535;
    static constexpr int kTimeoutMs = 100;
    static constexpr int kBufferBytes = 32 << 20;  // kernel ring: ~150k small DNS frames
    static constexpr std::chrono::milliseconds kBatchPeriod{200};

    // Opens and activates the capture; throws CaptureError.
    LiveCapture(const CaptureOptions& options, event::NameTable& names, std::uint32_t sourceId);
    ~LiveCapture() override;
    LiveCapture(const LiveCapture&) = delete;
    LiveCapture& operator=(const LiveCapture&) = delete;

    bool readBatch(std::vector<event::DnsEvent>& out, std::size_t maxEvents) override;
    const formats::ParseStats& stats() const override { return m_matcher.stats(); }
    // Fraction of the duration elapsed (0 when capturing until stopped).
    double progress() const override;
    formats::InputFormat format() const override { return formats::InputFormat::Pcap; }

    void stop() { m_stop.store(true); }  // any thread
    CaptureCounters counters() const;    // any thread
    const std::string& interfaceName() const { return m_interface; }

private:
    struct PcapCloser {
        void operator()(pcap* p) const;
    };

    static void onPacket(unsigned char* user, const pcap_pkthdr* header,
                         const unsigned char* bytes);
    void updateDrops();
    void finish(std::vector<event::DnsEvent>& out);

    std::string m_interface;
    std::unique_ptr<pcap, PcapCloser> m_pcap;
    int m_fd = -1;
    std::chrono::steady_clock::time_point m_started;
    bool m_reading = false;  // the duration runs from the first read, not from the open
    double m_durationSecs = 0.0;
    formats::DnsPacketMatcher m_matcher;
    std::vector<event::DnsEvent>* m_out = nullptr;  // during pcap_dispatch
    bool m_finished = false;
    std::atomic<bool> m_stop{false};
    std::atomic<std::uint64_t> m_packets{0};
    std::atomic<std::uint64_t> m_events{0};
    std::atomic<std::uint64_t> m_drops{0};
};

}  // namespace dnshound::core::capture
