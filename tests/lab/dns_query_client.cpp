#include "dns_query_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>

#include "core/formats/capture_writer.h"

namespace dnshound::tests::lab {

DnsQueryClient::DnsQueryClient(std::string sourceAddress, const char* server,
                               std::uint16_t serverPort)
    : m_address(std::move(sourceAddress)), m_serverPort(serverPort) {
    ::inet_pton(AF_INET, server, &m_server);
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return;
    sockaddr_in local{};
    local.sin_family = AF_INET;
    if (::inet_pton(AF_INET, m_address.c_str(), &local.sin_addr) != 1 ||
        ::bind(fd, reinterpret_cast<const sockaddr*>(&local), sizeof(local)) != 0) {
        ::close(fd);
        return;
    }
    m_fd = fd;
}

DnsQueryClient::~DnsQueryClient() {
    if (m_fd >= 0) ::close(m_fd);
}

bool DnsQueryClient::send(std::string_view name, std::uint16_t qtype) {
    if (m_fd < 0) return false;
    const auto q = tests::dnsQuery(m_nextId++, name, qtype);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(m_serverPort);
    to.sin_addr.s_addr = m_server;
    const auto n =
        ::sendto(m_fd, q.data(), q.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof(to));
    if (n != static_cast<ssize_t>(q.size())) return false;
    ++m_sent;
    return true;
}

int DnsQueryClient::readReply(int timeoutMs, int& rcode) {
    pollfd p{m_fd, POLLIN, 0};
    if (::poll(&p, 1, timeoutMs) <= 0) return -1;
    std::array<std::uint8_t, 4096> buf{};
    const auto n = ::recv(m_fd, buf.data(), buf.size(), MSG_DONTWAIT);
    if (n < 12) return -1;
    ++m_received;
    rcode = buf[3] & 0x0f;
    return (buf[0] << 8) | buf[1];
}

int DnsQueryClient::receive(int timeoutMs) {
    if (m_fd < 0) return 0;
    int count = 0;
    int rcode = 0;
    while (readReply(count == 0 ? timeoutMs : 0, rcode) >= 0) ++count;
    return count;
}

int DnsQueryClient::exchange(std::string_view name, std::uint16_t qtype, int timeoutMs) {
    const std::uint16_t id = m_nextId;
    if (!send(name, qtype)) return -1;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0) return -1;
        int rcode = 0;
        const int got = readReply(static_cast<int>(left), rcode);
        if (got == id) return rcode;
        if (got < 0) return -1;
    }
}

}  // namespace dnshound::tests::lab
