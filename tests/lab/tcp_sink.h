#pragma once

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace dnshound::tests::lab {

// A TCP listener on 127.0.0.1 that accepts connections and counts the bytes they carry: the far
// end of a TCP-over-DNS tunnel. Its thread stops with the object.
class TcpSink final {
public:
    TcpSink();
    ~TcpSink();
    TcpSink(const TcpSink&) = delete;
    TcpSink& operator=(const TcpSink&) = delete;

    bool ok() const { return m_listenFd >= 0; }
    std::uint16_t port() const { return m_port; }
    std::uint64_t bytesReceived() const { return m_bytes.load(); }

private:
    void run(const std::atomic<bool>& stop);

    int m_listenFd = -1;
    std::uint16_t m_port = 0;
    std::atomic<std::uint64_t> m_bytes{0};
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

// A TCP port on 127.0.0.1 that was free a moment ago (for tools that listen on a given port).
std::uint16_t freeTcpPort();

// A client connection to 127.0.0.1:port, closed with the object.
class TcpConnection final {
public:
    explicit TcpConnection(std::uint16_t port);
    ~TcpConnection();
    TcpConnection(const TcpConnection&) = delete;
    TcpConnection& operator=(const TcpConnection&) = delete;

    bool ok() const { return m_fd >= 0; }
    // Writes all of [data, data + size); false when the connection failed.
    bool write(const std::uint8_t* data, std::size_t size);

private:
    int m_fd = -1;
};

}  // namespace dnshound::tests::lab
