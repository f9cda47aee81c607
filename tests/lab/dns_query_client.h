#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dnshound::tests::lab {

// A stub resolver's side of DNS over UDP: one socket bound to a loopback source address (the
// whole of 127/8 is local, so every client of a lab gets its own address) sending recursive
// queries to the lab resolver.
class DnsQueryClient final {
public:
    explicit DnsQueryClient(std::string sourceAddress, const char* server = "127.0.0.1",
                            std::uint16_t serverPort = 53);
    ~DnsQueryClient();
    DnsQueryClient(const DnsQueryClient&) = delete;
    DnsQueryClient& operator=(const DnsQueryClient&) = delete;

    bool ok() const { return m_fd >= 0; }
    const std::string& address() const { return m_address; }

    // Sends one query; false when the socket refused it.
    bool send(std::string_view name, std::uint16_t qtype);
    // Reads the replies that have arrived, waiting up to `timeoutMs` for the first one; returns
    // how many it read.
    int receive(int timeoutMs);
    // One query and its reply: the reply's rcode, or -1 when none came within `timeoutMs`.
    int exchange(std::string_view name, std::uint16_t qtype, int timeoutMs);

    std::uint64_t sent() const { return m_sent; }
    std::uint64_t received() const { return m_received; }

private:
    // The id of the reply read, or -1 when none arrived within `timeoutMs`; its rcode in `rcode`.
    int readReply(int timeoutMs, int& rcode);

    std::string m_address;
    int m_fd = -1;
    std::uint16_t m_nextId = 1;
    std::uint64_t m_sent = 0;
    std::uint64_t m_received = 0;
    std::uint32_t m_server = 0;  // network order
    std::uint16_t m_serverPort = 0;
};

}  // namespace dnshound::tests::lab
