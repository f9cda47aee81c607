#include "tcp_sink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>

namespace dnshound::tests::lab {

namespace {

sockaddr_in loopback(std::uint16_t port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

}  // namespace

TcpSink::TcpSink() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return;
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in a = loopback(0);
    socklen_t len = sizeof(a);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof(a)) != 0 || ::listen(fd, 8) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        ::close(fd);
        return;
    }
    m_listenFd = fd;
    m_port = ntohs(a.sin_port);
    m_thread = std::thread([this] { run(m_stop); });
}

TcpSink::~TcpSink() {
    m_stop.store(true);
    if (m_thread.joinable()) m_thread.join();
    if (m_listenFd >= 0) ::close(m_listenFd);
}

void TcpSink::run(const std::atomic<bool>& stop) {
    std::vector<pollfd> fds{{m_listenFd, POLLIN, 0}};
    std::array<char, 65536> buf{};
    while (!stop.load()) {
        if (::poll(fds.data(), fds.size(), 100) <= 0) continue;
        for (std::size_t i = 0; i < fds.size(); ++i) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            if (i == 0) {
                const int c = ::accept4(m_listenFd, nullptr, nullptr, SOCK_CLOEXEC);
                if (c >= 0) fds.push_back({c, POLLIN, 0});
                continue;
            }
            const auto n = ::recv(fds[i].fd, buf.data(), buf.size(), MSG_DONTWAIT);
            if (n > 0) {
                m_bytes += static_cast<std::uint64_t>(n);
            } else if (n == 0) {
                ::close(fds[i].fd);
                fds[i].fd = -1;
            }
        }
        std::erase_if(fds, [](const pollfd& p) { return p.fd < 0; });
    }
    for (std::size_t i = 1; i < fds.size(); ++i) ::close(fds[i].fd);
}

std::uint16_t freeTcpPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return 0;
    sockaddr_in a = loopback(0);
    socklen_t len = sizeof(a);
    std::uint16_t port = 0;
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof(a)) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
        port = ntohs(a.sin_port);
    ::close(fd);
    return port;
}

TcpConnection::TcpConnection(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return;
    const sockaddr_in a = loopback(port);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&a), sizeof(a)) != 0) {
        ::close(fd);
        return;
    }
    m_fd = fd;
}

TcpConnection::~TcpConnection() {
    if (m_fd >= 0) ::close(m_fd);
}

bool TcpConnection::write(const std::uint8_t* data, std::size_t size) {
    std::size_t off = 0;
    while (m_fd >= 0 && off < size) {
        const auto n = ::send(m_fd, data + off, size - off, MSG_NOSIGNAL);
        if (n <= 0) return false;
        off += static_cast<std::size_t>(n);
    }
    return m_fd >= 0;
}

}  // namespace dnshound::tests::lab
