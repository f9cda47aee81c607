#include "core/sample/bench_capture_writer.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <queue>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "core/event/ip_address.h"
#include "core/sample/bench_log_writer.h"
#include "core/sample/seeded_random.h"

namespace dnshound::core::sample {

namespace {

using event::IpAddress;

constexpr double kTcpShare = 0.015;
constexpr double kUnansweredShare = 0.003;
constexpr double kSplitShare = 0.25;    // TCP responses sent in two segments
constexpr double kCacheHitShare = 0.7;  // answered from the resolver's cache: fast
constexpr std::size_t kMaxDns = 1400;   // bench sizes stay well below
constexpr std::size_t kFileBuffer = 4u << 20;
constexpr std::uint16_t kTypeA = 1;
constexpr std::uint16_t kTypeSoa = 6;
constexpr std::uint16_t kTypeTxt = 16;
constexpr std::uint16_t kTypeAaaa = 28;
constexpr std::uint16_t kTypeOpt = 41;

std::uint16_t qtypeOf(std::string_view type) {
    if (type == "A") return kTypeA;
    if (type == "AAAA") return kTypeAaaa;
    if (type == "HTTPS") return 65;
    if (type == "TXT") return kTypeTxt;
    if (type == "MX") return 15;
    if (type == "PTR") return 12;
    if (type == "SRV") return 33;
    return kTypeA;
}

std::uint8_t rcodeOf(std::string_view status) {
    if (status == "NXDOMAIN") return 3;
    if (status == "SERVFAIL") return 2;
    return 0;
}

// One query and the response it will get.
struct Exchange {
    std::int64_t queryUs = 0;
    std::int64_t responseUs = 0;
    IpAddress client;
    IpAddress server;
    IpAddress answer;
    bool hasAnswer = false;
    bool tcp = false;
    bool split = false;
    std::uint16_t clientPort = 0;
    std::uint16_t id = 0;
    std::uint16_t qtype = kTypeA;
    std::uint8_t rcode = 0;
    std::uint32_t sizeBytes = 0;
    std::uint32_t clientSeq = 0;
    std::uint32_t serverSeq = 0;
    std::uint8_t nameLength = 0;
    std::array<std::uint8_t, 256> wireName{};  // encoded question name, case as asked
};

struct LaterResponse {
    bool operator()(const Exchange& a, const Exchange& b) const {
        return a.responseUs > b.responseUs;
    }
};

// Appends big-endian fields to a fixed buffer.
class Writer {
public:
    explicit Writer(std::span<std::uint8_t> buffer) : m_buffer(buffer) {}
    void u8(std::uint8_t v) { m_buffer[m_at++] = v; }
    void u16(std::uint16_t v) {
        u8(static_cast<std::uint8_t>(v >> 8));
        u8(static_cast<std::uint8_t>(v));
    }
    void u32(std::uint32_t v) {
        u16(static_cast<std::uint16_t>(v >> 16));
        u16(static_cast<std::uint16_t>(v));
    }
    void bytes(const std::uint8_t* data, std::size_t n) {
        std::memcpy(m_buffer.data() + m_at, data, n);
        m_at += n;
    }
    std::size_t size() const { return m_at; }
    void set16(std::size_t at, std::uint16_t v) {
        m_buffer[at] = static_cast<std::uint8_t>(v >> 8);
        m_buffer[at + 1] = static_cast<std::uint8_t>(v);
    }

private:
    std::span<std::uint8_t> m_buffer;
    std::size_t m_at = 0;
};

// Encodes "www.Example.com" (no trailing dot) as labels; false for an empty or long label.
bool encodeName(std::string_view name, Exchange& x) {
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    if (name.empty() || name.size() > 253) return false;
    std::size_t at = 0;
    while (!name.empty()) {
        const auto dot = name.find('.');
        const std::string_view label = name.substr(0, dot);
        if (label.empty() || label.size() > 63) return false;
        x.wireName[at++] = static_cast<std::uint8_t>(label.size());
        std::memcpy(x.wireName.data() + at, label.data(), label.size());
        at += label.size();
        name = dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
    }
    x.wireName[at++] = 0;
    x.nameLength = static_cast<std::uint8_t>(at);
    return true;
}

void question(Writer& w, const Exchange& x) {
    w.bytes(x.wireName.data(), x.nameLength);
    w.u16(x.qtype);
    w.u16(1);
}

void optRecord(Writer& w) {
    w.u8(0);
    w.u16(kTypeOpt);
    w.u16(1232);
    w.u32(0);
    w.u16(0);
}

std::size_t buildQuery(const Exchange& x, std::span<std::uint8_t> out) {
    Writer w(out);
    w.u16(x.id);
    w.u16(0x0100);  // RD
    w.u16(1);
    w.u16(0);
    w.u16(0);
    w.u16(1);
    question(w, x);
    optRecord(w);
    return w.size();
}

// Answers sized after the bench line's plausible response size.
std::size_t buildResponse(const Exchange& x, std::span<std::uint8_t> out) {
    const std::size_t base = 12 + x.nameLength + 4 + 11;
    const std::size_t extra = x.sizeBytes > base ? x.sizeBytes - base : 0;
    std::uint16_t answers = 0;
    bool soa = false;
    if (x.rcode == 0 && x.hasAnswer && (x.qtype == kTypeA || x.qtype == kTypeAaaa)) {
        answers = static_cast<std::uint16_t>(
            std::clamp<std::size_t>(extra / (x.qtype == kTypeA ? 16 : 28), 1, 4));
    } else if (x.rcode == 0 && x.qtype == kTypeTxt) {
        answers = 1;
    } else if (x.rcode != 2) {
        soa = true;  // NXDOMAIN, or no data of this type
    }
    Writer w(out);
    w.u16(x.id);
    w.u16(static_cast<std::uint16_t>(0x8180 | x.rcode));  // QR RD RA
    w.u16(1);
    w.u16(answers);
    w.u16(soa ? 1 : 0);
    w.u16(1);
    question(w, x);
    if (x.qtype == kTypeTxt && answers == 1) {
        static constexpr std::string_view kText = "v=spf1 include:_spf.mail.example.net ~all ";
        const std::size_t rdlength = std::clamp<std::size_t>(extra > 12 ? extra - 12 : 2, 2, 900);
        w.u16(0xc00c);
        w.u16(kTypeTxt);
        w.u16(1);
        w.u32(300);
        w.u16(static_cast<std::uint16_t>(rdlength));
        for (std::size_t left = rdlength; left > 0;) {
            const std::size_t chunk = std::min<std::size_t>(left - 1, 255);
            w.u8(static_cast<std::uint8_t>(chunk));
            for (std::size_t i = 0; i < chunk; ++i)
                w.u8(static_cast<std::uint8_t>(kText[i % kText.size()]));
            left -= chunk + 1;
        }
    } else {
        IpAddress address = x.answer;
        for (std::uint16_t a = 0; a < answers; ++a) {
            w.u16(0xc00c);
            w.u16(x.qtype);
            w.u16(1);
            w.u32(60 + 60u * a);
            if (x.qtype == kTypeA) {
                w.u16(4);
                w.bytes(address.bytes.data() + 12, 4);
            } else {
                w.u16(16);
                w.bytes(address.bytes.data(), 16);
            }
            ++address.bytes[15];
        }
    }
    if (soa) {
        const std::size_t nsLabel = std::clamp<std::size_t>(extra > 46 ? extra - 46 : 1, 1, 63);
        w.u16(0xc00c);
        w.u16(kTypeSoa);
        w.u16(1);
        w.u32(900);
        w.u16(static_cast<std::uint16_t>(nsLabel + 2 + 12 + 20));
        w.u8(static_cast<std::uint8_t>(nsLabel));
        for (std::size_t i = 0; i < nsLabel; ++i)
            w.u8(static_cast<std::uint8_t>(i < 2 ? "ns"[i] : 'a' + i % 26));
        w.u8(0);
        static constexpr std::uint8_t kRname[] = {10,  'h', 'o', 's', 't', 'm',
                                                  'a', 's', 't', 'e', 'r', 0};
        w.bytes(kRname, sizeof(kRname));
        for (const std::uint32_t v : {2026112701u, 7200u, 900u, 1209600u, 900u}) w.u32(v);
    }
    optRecord(w);
    return w.size();
}

std::uint32_t sum16(const std::uint8_t* data, std::size_t n, std::uint32_t sum = 0) {
    for (std::size_t i = 0; i + 1 < n; i += 2)
        sum += static_cast<std::uint32_t>(data[i] << 8 | data[i + 1]);
    if (n & 1) sum += static_cast<std::uint32_t>(data[n - 1] << 8);
    return sum;
}

std::uint16_t fold(std::uint32_t sum) {
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

class CaptureFile {
public:
    explicit CaptureFile(const std::string& path) : m_path(path), m_buffer(kFileBuffer) {
        m_file = std::fopen(path.c_str(), "wb");
        if (!m_file) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
        // Classic pcap, little endian, microseconds, Ethernet.
        const std::uint32_t header[] = {0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1};
        append(reinterpret_cast<const std::uint8_t*>(header), sizeof(header));
    }
    ~CaptureFile() {
        if (m_file) std::fclose(m_file);
    }
    CaptureFile(const CaptureFile&) = delete;
    CaptureFile& operator=(const CaptureFile&) = delete;

    void frame(std::int64_t timeUs, std::span<const std::uint8_t> data) {
        const std::uint32_t record[] = {static_cast<std::uint32_t>(timeUs / 1'000'000),
                                        static_cast<std::uint32_t>(timeUs % 1'000'000),
                                        static_cast<std::uint32_t>(data.size()),
                                        static_cast<std::uint32_t>(data.size())};
        append(reinterpret_cast<const std::uint8_t*>(record), sizeof(record));
        append(data.data(), data.size());
        ++m_frames;
    }
    void close() {
        flush();
        std::FILE* f = m_file;
        m_file = nullptr;
        if (std::fclose(f) != 0)
            throw std::runtime_error("cannot finish " + m_path + ": " + std::strerror(errno));
    }
    std::uint64_t frames() const { return m_frames; }

private:
    void append(const std::uint8_t* data, std::size_t n) {
        if (m_used + n > m_buffer.size()) flush();
        std::memcpy(m_buffer.data() + m_used, data, n);
        m_used += n;
    }
    void flush() {
        if (m_used > 0 && std::fwrite(m_buffer.data(), 1, m_used, m_file) != m_used)
            throw std::runtime_error("cannot write " + m_path + ": " + std::strerror(errno));
        m_used = 0;
    }

    std::string m_path;
    std::FILE* m_file = nullptr;
    std::vector<std::uint8_t> m_buffer;
    std::size_t m_used = 0;
    std::uint64_t m_frames = 0;
};

// Builds Ethernet/IP/UDP-or-TCP frames around DNS messages.
class FrameBuilder {
public:
    explicit FrameBuilder(CaptureFile& file) : m_file(file) {}

    void query(const Exchange& x) {
        const std::size_t n = buildQuery(x, message());
        send(x.queryUs, x, true, x.clientSeq, payload(x.tcp, n));
    }
    void response(const Exchange& x) {
        const std::size_t n = buildResponse(x, message());
        const std::span<const std::uint8_t> whole = payload(x.tcp, n);
        if (!x.split) {
            send(x.responseUs, x, false, x.serverSeq, whole);
            return;
        }
        // DNS over TCP may arrive in pieces: the length prefix and a few bytes first.
        const std::size_t first = 2 + std::min<std::size_t>(10, n - 1);
        send(x.responseUs, x, false, x.serverSeq, whole.first(first));
        send(x.responseUs, x, false, x.serverSeq + static_cast<std::uint32_t>(first),
             whole.subspan(first));
    }

private:
    static constexpr std::size_t kHeadroom = 14 + 40 + 20;

    // The message is built after a 2-byte gap that takes the TCP length prefix.
    std::span<std::uint8_t> message() { return {m_dns.data() + 2, kMaxDns}; }
    std::span<const std::uint8_t> payload(bool tcp, std::size_t n) {
        if (!tcp) return {m_dns.data() + 2, n};
        m_dns[0] = static_cast<std::uint8_t>(n >> 8);
        m_dns[1] = static_cast<std::uint8_t>(n);
        return {m_dns.data(), n + 2};
    }

    void send(std::int64_t timeUs, const Exchange& x, bool fromClient, std::uint32_t seq,
              std::span<const std::uint8_t> data) {
        const bool v4 = x.client.isV4();
        const IpAddress& src = fromClient ? x.client : x.server;
        const IpAddress& dst = fromClient ? x.server : x.client;
        const std::size_t segment = (x.tcp ? 20 : 8) + data.size();

        Writer w(m_frame);
        static constexpr std::uint8_t kResolverMac[] = {0x02, 0x00, 0x5e, 0x00, 0x00, 0x53};
        const std::uint8_t clientMac[] = {0x02,
                                          0x42,
                                          x.client.bytes[12],
                                          x.client.bytes[13],
                                          x.client.bytes[14],
                                          x.client.bytes[15]};
        w.bytes(fromClient ? kResolverMac : clientMac, 6);
        w.bytes(fromClient ? clientMac : kResolverMac, 6);
        w.u16(v4 ? 0x0800 : 0x86dd);
        std::uint32_t pseudo = 0;
        if (v4) {
            const std::size_t ipAt = w.size();
            w.u8(0x45);
            w.u8(0);
            w.u16(static_cast<std::uint16_t>(20 + segment));
            w.u16(++m_ipId);
            w.u16(0x4000);  // don't fragment
            w.u8(64);
            w.u8(x.tcp ? 6 : 17);
            w.u16(0);
            w.bytes(src.bytes.data() + 12, 4);
            w.bytes(dst.bytes.data() + 12, 4);
            w.set16(ipAt + 10, fold(sum16(m_frame.data() + ipAt, 20)));
            pseudo = sum16(src.bytes.data() + 12, 4, sum16(dst.bytes.data() + 12, 4));
        } else {
            w.u32(0x60000000);
            w.u16(static_cast<std::uint16_t>(segment));
            w.u8(x.tcp ? 6 : 17);
            w.u8(64);
            w.bytes(src.bytes.data(), 16);
            w.bytes(dst.bytes.data(), 16);
            pseudo = sum16(src.bytes.data(), 16, sum16(dst.bytes.data(), 16));
        }
        pseudo += (x.tcp ? 6u : 17u) + static_cast<std::uint32_t>(segment);
        const std::size_t transportAt = w.size();
        w.u16(fromClient ? x.clientPort : 53);
        w.u16(fromClient ? 53 : x.clientPort);
        if (x.tcp) {
            w.u32(seq);
            w.u32(fromClient ? x.serverSeq : x.clientSeq);
            w.u8(0x50);
            w.u8(0x18);  // PSH ACK
            w.u16(502);
            w.u16(0);
            w.u16(0);
        } else {
            w.u16(static_cast<std::uint16_t>(segment));
            w.u16(0);
        }
        w.bytes(data.data(), data.size());
        // UDP over IPv4 may go without a checksum; everything else carries one.
        if (x.tcp || !v4) {
            std::uint16_t check = fold(sum16(m_frame.data() + transportAt, segment, pseudo));
            if (!x.tcp && check == 0) check = 0xffff;
            w.set16(transportAt + (x.tcp ? 16 : 6), check);
        }
        m_file.frame(timeUs, std::span<const std::uint8_t>(m_frame.data(), w.size()));
    }

    CaptureFile& m_file;
    std::array<std::uint8_t, kMaxDns + 2> m_dns{};
    std::array<std::uint8_t, kMaxDns + 2 + kHeadroom> m_frame{};
    std::uint16_t m_ipId = 0;
};

}  // namespace

BenchCaptureTotals writeBenchCapture(const std::string& path, std::uint64_t packets,
                                     std::uint64_t seed) {
    BenchCaptureTotals totals;
    CaptureFile file(path);
    FrameBuilder frames(file);
    SeededRandom random(mixBits(seed ^ 0xCA97u));
    std::priority_queue<Exchange, std::vector<Exchange>, LaterResponse> pending;
    std::uint64_t committed = 0;  // frames written or waiting in `pending`
    std::int64_t lastQueryUs = 0;

    auto writeResponse = [&](const Exchange& x) {
        frames.response(x);
        ++totals.responses;
        if (x.rcode == 3) ++totals.nxdomain;
    };

    totals.truth = generateBenchLines(packets, seed, [&](const LogLine& line) {
        if (committed >= packets) return false;
        Exchange x;
        if (!encodeName(line.name, x)) return true;
        const auto client = IpAddress::parse(line.client);
        const auto server = IpAddress::parse(line.server);
        if (!client || !server) return true;
        x.client = *client;
        x.server = *server;
        x.qtype = qtypeOf(line.recordType);
        x.rcode = rcodeOf(line.status);
        x.sizeBytes = line.sizeBytes;
        if (const auto answer = IpAddress::parse(line.responseIp);
            answer && !answer->isUnspecified() && answer->isV4() == (x.qtype == kTypeA)) {
            x.answer = *answer;
            x.hasAnswer = true;
        }
        x.queryUs = std::max(lastQueryUs + 1,
                             line.timeMs * 1000 + static_cast<std::int64_t>(random.below(1000)));
        lastQueryUs = x.queryUs;
        x.clientPort = static_cast<std::uint16_t>(1024 + random.below(64512));
        x.id = static_cast<std::uint16_t>(random.next());
        x.tcp = random.chance(kTcpShare);
        x.split = x.tcp && random.chance(kSplitShare);
        x.clientSeq = static_cast<std::uint32_t>(random.next());
        x.serverSeq = static_cast<std::uint32_t>(random.next());
        const bool answered = !random.chance(kUnansweredShare);
        x.responseUs = x.queryUs + (random.chance(kCacheHitShare)
                                        ? static_cast<std::int64_t>(random.between(150, 2000))
                                        : static_cast<std::int64_t>(random.between(5000, 80000)));
        std::uint64_t needed = 1 + (answered ? (x.split ? 2 : 1) : 0);
        const std::uint64_t room = packets - committed;
        if (needed > room && x.split) {
            x.split = false;
            needed = 2;
        }
        const bool respond = answered && needed <= room;

        while (!pending.empty() && pending.top().responseUs <= x.queryUs) {
            writeResponse(pending.top());
            pending.pop();
        }
        frames.query(x);
        ++totals.queries;
        if (x.tcp) ++totals.tcpQueries;
        ++committed;
        if (respond) {
            pending.push(x);
            committed += x.split ? 2 : 1;
        } else {
            ++totals.unanswered;
        }
        return committed < packets;
    });
    while (!pending.empty()) {
        writeResponse(pending.top());
        pending.pop();
    }
    totals.packets = file.frames();
    file.close();
    totals.bytes = std::filesystem::file_size(path);
    return totals;
}

}  // namespace dnshound::core::sample
