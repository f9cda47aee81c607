#include "core/capture/live_capture.h"

#include <pcap/pcap.h>
#include <poll.h>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>

namespace dnshound::core::capture {

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kDispatchPackets = 1024;
constexpr int kSnapLengthForCheck = 65535;
constexpr unsigned kCapNetRaw = 13;  // linux/capability.h

std::int64_t wallUs() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string permissionMessage(const std::string& interfaceName) {
    return "capturing on " + interfaceName +
           " needs CAP_NET_RAW: run `sudo setcap cap_net_raw,cap_net_admin=eip "
           "build/bin/dnshound-cli` (or the installed binary) — never run the GUI as root";
}

bool looksLikePermission(std::string_view message) {
    return message.find("Operation not permitted") != std::string_view::npos ||
           message.find("Permission denied") != std::string_view::npos;
}

}  // namespace

std::vector<CaptureInterface> listInterfaces() {
    std::array<char, PCAP_ERRBUF_SIZE> err{};
    pcap_if_t* all = nullptr;
    if (pcap_findalldevs(&all, err.data()) != 0)
        throw CaptureError(std::string("cannot list capture interfaces: ") + err.data());
    std::vector<CaptureInterface> result;
    for (const pcap_if_t* d = all; d; d = d->next) {
        CaptureInterface i;
        i.name = d->name ? d->name : "";
        i.description = d->description ? d->description : "";
        i.up = (d->flags & PCAP_IF_UP) != 0;
        i.running = (d->flags & PCAP_IF_RUNNING) != 0;
        i.loopback = (d->flags & PCAP_IF_LOOPBACK) != 0;
        result.push_back(std::move(i));
    }
    pcap_freealldevs(all);
    return result;
}

std::string checkCaptureFilter(const std::string& bpf) {
    const std::string expression = bpf.empty() ? kDefaultBpf : bpf;
    std::unique_ptr<pcap, void (*)(pcap*)> dead(pcap_open_dead(DLT_EN10MB, kSnapLengthForCheck),
                                                pcap_close);
    if (!dead) return "cannot check the filter: pcap_open_dead failed";
    bpf_program program{};
    if (pcap_compile(dead.get(), &program, expression.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0)
        return pcap_geterr(dead.get());
    pcap_freecode(&program);
    return {};
}

bool capturePermitted() {
    if (::geteuid() == 0) return true;
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("CapEff:", 0) != 0) continue;
        const std::uint64_t caps = std::strtoull(line.c_str() + 7, nullptr, 16);
        return (caps >> kCapNetRaw) & 1u;
    }
    return false;
}

void LiveCapture::PcapCloser::operator()(pcap* p) const {
    if (p) pcap_close(p);
}

namespace {

// pcap_create + options + pcap_activate + BPF filter; throws CaptureError.
pcap* openLive(const CaptureOptions& options) {
    const std::string& name = options.interfaceName;
    if (name.empty()) throw CaptureError("no capture interface given");
    std::array<char, PCAP_ERRBUF_SIZE> err{};
    pcap* p = pcap_create(name.c_str(), err.data());
    if (!p) throw CaptureError("cannot capture on " + name + ": " + err.data());
    std::unique_ptr<pcap, void (*)(pcap*)> guard(p, pcap_close);
    pcap_set_snaplen(p, LiveCapture::kSnapLength);
    // Not immediate mode: on Linux that means TPACKET_V2, a ring of fixed snaplen-sized slots
    // (~500 of them for lo's 64 KB frames in 32 MB), which overflowed within milliseconds at
    // tens of thousands of DNS packets per second (installer/bench-live-capture.sh). TPACKET_V3
    // packs frames by their real size into blocks handed over when full or after kTimeoutMs.
    pcap_set_immediate_mode(p, 0);
    pcap_set_timeout(p, LiveCapture::kTimeoutMs);
    // DNSHOUND_CAPTURE_BUFFER_MB overrides the kernel buffer (installer/bench-live-capture.sh).
    int bufferBytes = LiveCapture::kBufferBytes;
    if (const char* mb = std::getenv("DNSHOUND_CAPTURE_BUFFER_MB")) {
        const long v = std::strtol(mb, nullptr, 10);
        if (v >= 1 && v <= 4096) bufferBytes = static_cast<int>(v) << 20;
    }
    pcap_set_buffer_size(p, bufferBytes);
    const int rc = pcap_activate(p);
    if (rc < 0) {
        const std::string message = pcap_geterr(p);
        if (rc == PCAP_ERROR_PERM_DENIED || looksLikePermission(message))
            throw CaptureError(permissionMessage(name));
        if (rc == PCAP_ERROR_NO_SUCH_DEVICE)
            throw CaptureError("no such capture interface: " + name +
                               " (see dnshound-cli capture --list)");
        throw CaptureError("cannot capture on " + name + ": " +
                           (message.empty() ? pcap_statustostr(rc) : message));
    }
    const std::string bpf = options.bpf.empty() ? kDefaultBpf : options.bpf;
    bpf_program program{};
    if (pcap_compile(p, &program, bpf.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0)
        throw CaptureError("bad capture filter '" + bpf + "': " + pcap_geterr(p));
    const int set = pcap_setfilter(p, &program);
    pcap_freecode(&program);
    if (set != 0) throw CaptureError("cannot set capture filter '" + bpf + "': " + pcap_geterr(p));
    if (pcap_setnonblock(p, 1, err.data()) != 0)
        throw CaptureError("cannot capture on " + name + ": " + err.data());
    return guard.release();
}

}  // namespace

LiveCapture::LiveCapture(const CaptureOptions& options, event::NameTable& names,
                         std::uint32_t sourceId)
    : m_interface(options.interfaceName),
      m_pcap(openLive(options)),
      m_fd(pcap_get_selectable_fd(m_pcap.get())),
      m_started(Clock::now()),
      m_durationSecs(std::max(0.0, options.durationSecs)),
      m_matcher(names, sourceId, pcap_datalink(m_pcap.get())) {}

LiveCapture::~LiveCapture() = default;

void LiveCapture::onPacket(unsigned char* user, const pcap_pkthdr* header,
                           const unsigned char* bytes) {
    auto* self = reinterpret_cast<LiveCapture*>(user);
    const std::uint64_t packetNo = ++self->m_matcher.stats().linesTotal;
    self->m_packets.store(packetNo, std::memory_order_relaxed);
    const std::int64_t timeUs = static_cast<std::int64_t>(header->ts.tv_sec) * 1'000'000 +
                                static_cast<std::int64_t>(header->ts.tv_usec);
    self->m_matcher.handlePacket(std::span<const std::uint8_t>(bytes, header->caplen), timeUs,
                                 packetNo, *self->m_out);
}

bool LiveCapture::readBatch(std::vector<event::DnsEvent>& out, std::size_t maxEvents) {
    if (m_finished) return false;
    // --duration counts from when the pipeline starts reading: model loading between the open
    // and the first read must not eat the capture window (packets queue in the ring meanwhile).
    if (!m_reading) {
        m_reading = true;
        m_started = Clock::now();
    }
    const std::size_t target = out.size() + (maxEvents == 0 ? 1 : maxEvents);
    const auto batchEnd = Clock::now() + kBatchPeriod;
    m_out = &out;
    while (out.size() < target) {
        const bool timeUp =
            m_durationSecs > 0 &&
            std::chrono::duration<double>(Clock::now() - m_started).count() >= m_durationSecs;
        if (m_stop.load() || timeUp) {
            finish(out);
            return false;
        }
        const int n = pcap_dispatch(m_pcap.get(), kDispatchPackets, &LiveCapture::onPacket,
                                    reinterpret_cast<unsigned char*>(this));
        if (n < 0) {
            const std::string message = pcap_geterr(m_pcap.get());
            finish(out);
            if (n == PCAP_ERROR_BREAK) return false;
            throw CaptureError("capture on " + m_interface + " failed: " + message);
        }
        m_matcher.expire(wallUs(), out);
        m_events.store(m_matcher.stats().events, std::memory_order_relaxed);
        if (Clock::now() >= batchEnd) break;
        if (n == 0 && m_fd >= 0) {
            pollfd pfd{m_fd, POLLIN, 0};
            ::poll(&pfd, 1, kTimeoutMs);
        }
    }
    m_out = nullptr;
    updateDrops();
    return true;
}

void LiveCapture::finish(std::vector<event::DnsEvent>& out) {
    updateDrops();
    m_matcher.flushAll(out);
    m_events.store(m_matcher.stats().events, std::memory_order_relaxed);
    m_out = nullptr;
    m_finished = true;
}

void LiveCapture::updateDrops() {
    pcap_stat ps{};
    if (pcap_stats(m_pcap.get(), &ps) == 0)
        m_drops.store(static_cast<std::uint64_t>(ps.ps_drop) + ps.ps_ifdrop,
                      std::memory_order_relaxed);
}

double LiveCapture::progress() const {
    if (m_finished) return 1.0;
    if (m_durationSecs <= 0) return 0.0;
    return std::min(
        1.0, std::chrono::duration<double>(Clock::now() - m_started).count() / m_durationSecs);
}

CaptureCounters LiveCapture::counters() const {
    return {m_packets.load(std::memory_order_relaxed), m_events.load(std::memory_order_relaxed),
            m_drops.load(std::memory_order_relaxed)};
}

}  // namespace dnshound::core::capture
