#include "core/capture/dns_load_generator.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace dnshound::core::capture {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kBurst = 64;  // datagrams per sendmmsg call
constexpr std::size_t kMaxMessage = 512;
constexpr auto kTick = std::chrono::microseconds(100);

sockaddr_in parseAddress(const std::string& text, bool needPort) {
    std::string host = text;
    std::uint16_t port = 0;
    if (const auto colon = text.rfind(':'); colon != std::string::npos) {
        host = text.substr(0, colon);
        const std::string portText = text.substr(colon + 1);
        char* end = nullptr;
        const unsigned long p = std::strtoul(portText.c_str(), &end, 10);
        if (portText.empty() || *end != '\0' || p > 65535)
            throw LoadGeneratorError("bad port in '" + text + "'");
        port = static_cast<std::uint16_t>(p);
    } else if (needPort) {
        throw LoadGeneratorError("'" + text + "' needs a port (ADDRESS:PORT)");
    }
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    if (::inet_pton(AF_INET, host.c_str(), &a.sin_addr) != 1)
        throw LoadGeneratorError("'" + host + "' is not an IPv4 address");
    return a;
}

int udpSocket(const sockaddr_in& bindTo, const std::string& what) {
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        throw LoadGeneratorError("cannot create a UDP socket: " + std::string(strerror(errno)));
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&bindTo), sizeof bindTo) != 0) {
        const std::string message = strerror(errno);
        ::close(fd);
        throw LoadGeneratorError("cannot bind the " + what + " socket: " + message);
    }
    return fd;
}

void connectTo(int fd, const sockaddr_in& to) {
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0)
        throw LoadGeneratorError("cannot connect a UDP socket: " + std::string(strerror(errno)));
}

void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v & 0xff));
}

bool isMissing(const LoadOptions& o, std::uint64_t i) {
    return o.missingEvery > 0 && i % o.missingEvery == o.missingEvery - 1;
}

// Header + question of message i; the name in wire form.
void putHeaderAndQuestion(const LoadOptions& o, std::uint64_t i, std::uint16_t flags,
                          std::uint16_t ancount, std::vector<std::uint8_t>& out) {
    put16(out, static_cast<std::uint16_t>(i & 0xffff));
    put16(out, flags);
    put16(out, 1);
    put16(out, ancount);
    put16(out, 0);
    put16(out, 0);
    char first[32];
    const int n = std::snprintf(first, sizeof first, "%s-%u", isMissing(o, i) ? "missing" : "host",
                                static_cast<unsigned>(i % std::max<std::uint32_t>(o.names, 1)));
    out.push_back(static_cast<std::uint8_t>(n));
    out.insert(out.end(), first, first + n);
    for (const std::string_view label : {std::string_view("bench"), std::string_view("example")}) {
        out.push_back(static_cast<std::uint8_t>(label.size()));
        out.insert(out.end(), label.begin(), label.end());
    }
    out.push_back(0);
    put16(out, 1);  // A
    put16(out, 1);  // IN
}

}  // namespace

DnsLoadGenerator::DnsLoadGenerator(LoadOptions options) : m_options(std::move(options)) {
    if (!(m_options.rate > 0)) throw LoadGeneratorError("the rate must be above 0 packets/s");
    sockaddr_in target = parseAddress(m_options.target, true);
    const sockaddr_in client = parseAddress(m_options.client, false);
    m_querySocket = udpSocket(client, "query");
    try {
        if (m_options.responses) {
            m_responseSocket = udpSocket(target, "responder (" + m_options.target + ")");
            sockaddr_in bound{};
            socklen_t length = sizeof bound;
            ::getsockname(m_querySocket, reinterpret_cast<sockaddr*>(&bound), &length);
            connectTo(m_responseSocket, bound);
            // Port 0 asked for an ephemeral one: the queries go where the responder listens.
            length = sizeof target;
            ::getsockname(m_responseSocket, reinterpret_cast<sockaddr*>(&target), &length);
        }
        connectTo(m_querySocket, target);
    } catch (...) {
        ::close(m_querySocket);
        if (m_responseSocket >= 0) ::close(m_responseSocket);
        throw;
    }
}

DnsLoadGenerator::~DnsLoadGenerator() {
    if (m_querySocket >= 0) ::close(m_querySocket);
    if (m_responseSocket >= 0) ::close(m_responseSocket);
}

std::string DnsLoadGenerator::queryName(std::uint64_t i) const {
    return (isMissing(m_options, i) ? "missing-" : "host-") +
           std::to_string(i % std::max<std::uint32_t>(m_options.names, 1)) + ".bench.example";
}

void DnsLoadGenerator::buildQuery(std::uint64_t i, std::vector<std::uint8_t>& out) const {
    putHeaderAndQuestion(m_options, i, 0x0100, 0, out);  // RD
}

void DnsLoadGenerator::buildResponse(std::uint64_t i, std::vector<std::uint8_t>& out) const {
    const bool missing = isMissing(m_options, i);
    putHeaderAndQuestion(m_options, i, missing ? 0x8183 : 0x8180, missing ? 0 : 1, out);
    if (missing) return;
    put16(out, 0xc00c);  // the question's name
    put16(out, 1);
    put16(out, 1);
    put16(out, 0);
    put16(out, 300);
    put16(out, 4);
    const auto host =
        static_cast<std::uint8_t>(i % std::max<std::uint32_t>(m_options.names, 1) % 250 + 1);
    for (const std::uint8_t b : {std::uint8_t{192}, std::uint8_t{0}, std::uint8_t{2}, host})
        out.push_back(b);
}

LoadResult DnsLoadGenerator::run(const std::atomic<bool>& stop) {
    LoadResult result;
    const bool pairs = m_options.responses;
    const double queryRate = pairs ? m_options.rate / 2 : m_options.rate;
    const std::uint64_t queryLimit =
        m_options.maxPackets == 0 ? UINT64_MAX
                                  : (pairs ? m_options.maxPackets / 2 : m_options.maxPackets);

    std::vector<std::uint8_t> queries(kBurst * kMaxMessage);
    std::vector<std::uint8_t> responses(kBurst * kMaxMessage);
    std::vector<iovec> queryIov(kBurst), responseIov(kBurst);
    std::vector<mmsghdr> queryMsgs(kBurst), responseMsgs(kBurst);
    std::vector<std::uint8_t> scratch;
    scratch.reserve(kMaxMessage);

    // Sends `count` prepared datagrams; returns how many went out.
    auto sendAll = [&](int fd, std::vector<mmsghdr>& msgs, std::size_t count) {
        std::size_t done = 0;
        std::size_t sent = 0;
        while (done < count) {
            const int n =
                ::sendmmsg(fd, msgs.data() + done, static_cast<unsigned>(count - done), 0);
            if (n > 0) {
                done += static_cast<std::size_t>(n);
                sent += static_cast<std::size_t>(n);
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            ++result.sendErrors;  // skip the datagram that failed (ECONNREFUSED, ENOBUFS)
            ++done;
        }
        return sent;
    };
    auto prepare = [&](std::vector<std::uint8_t>& area, std::vector<iovec>& iov,
                       std::vector<mmsghdr>& msgs, std::size_t slot, bool response,
                       std::uint64_t i) {
        scratch.clear();
        response ? buildResponse(i, scratch) : buildQuery(i, scratch);
        std::uint8_t* at = area.data() + slot * kMaxMessage;
        std::memcpy(at, scratch.data(), scratch.size());
        iov[slot] = iovec{at, scratch.size()};
        msgs[slot] = mmsghdr{};
        msgs[slot].msg_hdr.msg_iov = &iov[slot];
        msgs[slot].msg_hdr.msg_iovlen = 1;
    };

    const auto start = Clock::now();
    std::uint64_t next = 0;  // the next query's number
    for (;;) {
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        if (stop.load() || next >= queryLimit ||
            (m_options.durationSecs > 0 && elapsed >= m_options.durationSecs))
            break;
        const std::uint64_t due = std::min<std::uint64_t>(
            queryLimit, static_cast<std::uint64_t>(elapsed * queryRate) + 1);
        if (due > next + 4 * kBurst) ++result.late;
        while (next < due) {
            const std::size_t count =
                static_cast<std::size_t>(std::min<std::uint64_t>(kBurst, due - next));
            for (std::size_t k = 0; k < count; ++k) {
                prepare(queries, queryIov, queryMsgs, k, false, next + k);
                if (pairs) prepare(responses, responseIov, responseMsgs, k, true, next + k);
            }
            result.queriesSent += sendAll(m_querySocket, queryMsgs, count);
            if (pairs) result.responsesSent += sendAll(m_responseSocket, responseMsgs, count);
            next += count;
        }
        std::this_thread::sleep_for(kTick);
    }
    result.elapsedSecs = std::chrono::duration<double>(Clock::now() - start).count();
    return result;
}

}  // namespace dnshound::core::capture
