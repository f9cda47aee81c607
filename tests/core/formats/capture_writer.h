#pragma once

// Test helpers: hand-built packets and captures written with libpcap's own dump writer.

#include <pcap/pcap.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dnshound::tests {

using Bytes = std::vector<std::uint8_t>;

inline void put16(Bytes& b, std::uint16_t v) {
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v));
}
inline void put32(Bytes& b, std::uint32_t v) {
    put16(b, static_cast<std::uint16_t>(v >> 16));
    put16(b, static_cast<std::uint16_t>(v));
}
inline void append(Bytes& b, const Bytes& more) {
    b.insert(b.end(), more.begin(), more.end());
}

// "www.example.com" → 3www7example3com0 (labels as given: case is kept).
inline Bytes wireName(std::string_view name) {
    Bytes b;
    while (!name.empty()) {
        const auto dot = name.find('.');
        const std::string_view label = name.substr(0, dot);
        b.push_back(static_cast<std::uint8_t>(label.size()));
        b.insert(b.end(), label.begin(), label.end());
        name = dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
    }
    b.push_back(0);
    return b;
}

inline Bytes dnsHeader(std::uint16_t id, std::uint16_t flags, std::uint16_t qd, std::uint16_t an) {
    Bytes b;
    put16(b, id);
    put16(b, flags);
    put16(b, qd);
    put16(b, an);
    put16(b, 0);
    put16(b, 0);
    return b;
}

inline Bytes dnsQuery(std::uint16_t id, std::string_view name, std::uint16_t qtype = 1) {
    Bytes b = dnsHeader(id, 0x0100, 1, 0);
    append(b, wireName(name));
    put16(b, qtype);
    put16(b, 1);
    return b;
}

// A response echoing the question; with `answer` (IPv4, host order) one A record whose owner is
// a compression pointer to the question name.
inline Bytes dnsResponse(std::uint16_t id, std::string_view name, std::uint16_t qtype,
                         std::uint16_t rcode, std::uint32_t answer = 0) {
    Bytes b = dnsHeader(id, static_cast<std::uint16_t>(0x8180 | rcode), 1, answer ? 1 : 0);
    append(b, wireName(name));
    put16(b, qtype);
    put16(b, 1);
    if (answer) {
        put16(b, 0xc00c);
        put16(b, 1);
        put16(b, 1);
        put32(b, 300);
        put16(b, 4);
        put32(b, answer);
    }
    return b;
}

inline Bytes udp(std::uint16_t sport, std::uint16_t dport, const Bytes& payload) {
    Bytes b;
    put16(b, sport);
    put16(b, dport);
    put16(b, static_cast<std::uint16_t>(payload.size() + 8));
    put16(b, 0);
    append(b, payload);
    return b;
}

inline Bytes tcp(std::uint16_t sport, std::uint16_t dport, const Bytes& payload,
                 std::uint8_t flags = 0x18, std::uint32_t seq = 1000) {
    Bytes b;
    put16(b, sport);
    put16(b, dport);
    put32(b, seq);
    put32(b, 2000);
    b.push_back(0x50);
    b.push_back(flags);
    put16(b, 65535);
    put16(b, 0);
    put16(b, 0);
    append(b, payload);
    return b;
}

// Length-prefixed DNS messages for TCP.
inline Bytes tcpDns(std::initializer_list<Bytes> messages) {
    Bytes b;
    for (const auto& m : messages) {
        put16(b, static_cast<std::uint16_t>(m.size()));
        append(b, m);
    }
    return b;
}

inline Bytes ipv4(std::uint32_t src, std::uint32_t dst, std::uint8_t proto, const Bytes& payload,
                  std::uint16_t fragment = 0) {
    Bytes b{0x45, 0};
    put16(b, static_cast<std::uint16_t>(payload.size() + 20));
    put16(b, 1);
    put16(b, fragment);
    b.push_back(64);
    b.push_back(proto);
    put16(b, 0);
    put32(b, src);
    put32(b, dst);
    append(b, payload);
    return b;
}

using V6 = std::array<std::uint8_t, 16>;
inline V6 v6(std::uint8_t last) {
    V6 a{0x20, 0x01, 0x0d, 0xb8};
    a[15] = last;
    return a;
}

// With `hopByHop`, an 8-byte hop-by-hop options header precedes the transport header.
inline Bytes ipv6(const V6& src, const V6& dst, std::uint8_t proto, const Bytes& payload,
                  bool hopByHop = false) {
    Bytes b{0x60, 0, 0, 0};
    put16(b, static_cast<std::uint16_t>(payload.size() + (hopByHop ? 8 : 0)));
    b.push_back(hopByHop ? 0 : proto);
    b.push_back(64);
    b.insert(b.end(), src.begin(), src.end());
    b.insert(b.end(), dst.begin(), dst.end());
    if (hopByHop) append(b, Bytes{proto, 0, 1, 4, 0, 0, 0, 0});
    append(b, payload);
    return b;
}

inline Bytes ether(const Bytes& ip, std::uint16_t type = 0x0800,
                   std::initializer_list<std::uint16_t> vlanTpids = {}) {
    Bytes b{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    for (const auto tpid : vlanTpids) {
        put16(b, tpid);
        put16(b, 42);
    }
    put16(b, type);
    append(b, ip);
    return b;
}

class CaptureWriter {
public:
    CaptureWriter(const std::string& path, int linkType) {
        m_dead =
            pcap_open_dead_with_tstamp_precision(linkType, 262144, PCAP_TSTAMP_PRECISION_MICRO);
        if (!m_dead) throw std::runtime_error("pcap_open_dead failed");
        m_dump = pcap_dump_open(m_dead, path.c_str());
        if (!m_dump) throw std::runtime_error(pcap_geterr(m_dead));
    }
    ~CaptureWriter() { close(); }
    CaptureWriter(const CaptureWriter&) = delete;
    CaptureWriter& operator=(const CaptureWriter&) = delete;

    void add(std::int64_t timeUs, const Bytes& frame) {
        pcap_pkthdr h{};
        h.ts.tv_sec = static_cast<time_t>(timeUs / 1'000'000);
        h.ts.tv_usec = static_cast<suseconds_t>(timeUs % 1'000'000);
        h.caplen = static_cast<bpf_u_int32>(frame.size());
        h.len = h.caplen;
        pcap_dump(reinterpret_cast<u_char*>(m_dump), &h, frame.data());
        ++m_count;
    }
    void close() {
        if (m_dump) pcap_dump_close(m_dump);
        if (m_dead) pcap_close(m_dead);
        m_dump = nullptr;
        m_dead = nullptr;
    }
    std::size_t count() const { return m_count; }

private:
    pcap_t* m_dead = nullptr;
    pcap_dumper_t* m_dump = nullptr;
    std::size_t m_count = 0;
};

}  // namespace dnshound::tests
