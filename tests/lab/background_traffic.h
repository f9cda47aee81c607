#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace dnshound::tests::lab {

class DnsQueryClient;

// The ordinary traffic around a lab's tunnel sessions, from many loopback client addresses:
// browsing (popular sites, trackers, CDN and update hosts), and the lookups that look like
// tunnels but are not: a mail server's DNSBL / DMARC / DKIM lookups, an antivirus client's hash
// lookups under its vendor's domain, CDN hash host names, PTR lookups under in-addr.arpa and
// ip6.arpa. One more client resolves DGA names (NXDOMAIN). Names are generated from a fixed
// seed; a thread sends them at a few queries per second per client until stop().
class BackgroundTraffic final {
public:
    struct Client {
        std::string address;
        std::string role;  // "browser", "mail", "antivirus", "cdn", "ptr", "updates", "dga"
    };

    explicit BackgroundTraffic(std::uint64_t seed);
    ~BackgroundTraffic();
    BackgroundTraffic(const BackgroundTraffic&) = delete;
    BackgroundTraffic& operator=(const BackgroundTraffic&) = delete;

    // unbound server-clause lines that make the benign names resolve (NOERROR) while DGA names
    // and DNSBL lookups of unlisted addresses stay NXDOMAIN.
    static std::vector<std::string> resolverLines();

    // False when a client socket could not be bound.
    bool start();
    void stop();

    const std::vector<Client>& clients() const { return m_clients; }
    std::vector<std::string> benignClients() const;
    std::string dgaClient() const;
    std::uint64_t queriesSent() const { return m_sent.load(); }
    std::uint64_t repliesReceived() const { return m_received.load(); }

private:
    void run();

    std::uint64_t m_seed;
    std::vector<Client> m_clients;
    std::atomic<bool> m_stop{false};
    std::atomic<std::uint64_t> m_sent{0};
    std::atomic<std::uint64_t> m_received{0};
    std::vector<std::unique_ptr<DnsQueryClient>> m_sockets;  // one per client, same order
    std::thread m_thread;
};

}  // namespace dnshound::tests::lab
