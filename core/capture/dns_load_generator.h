#pragma once

#include <atomic>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace dnshound::core::capture {

class LoadGeneratorError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// What DnsLoadGenerator sends. `rate` counts DNS packets per second on the wire: with
// `responses` on, each query is followed by its response, so rate / 2 queries per second.
struct LoadOptions {
    std::string target = "127.0.0.153:53";  // where queries go; the responder binds it
    std::string client = "127.0.0.95";      // source address of the queries
    double rate = 100000;                   // packets per second (queries + responses)
    double durationSecs = 10;
    std::uint64_t maxPackets = 0;     // stop after this many packets (0: duration only)
    bool responses = true;            // answer each query from a socket bound to `target`
    std::uint32_t names = 1000;       // distinct query names (host-N.bench.example)
    std::uint32_t missingEvery = 10;  // every Nth query asks for a missing name (NXDOMAIN)
};

struct LoadResult {
    std::uint64_t queriesSent = 0;
    std::uint64_t responsesSent = 0;
    std::uint64_t sendErrors = 0;  // datagrams sendmmsg refused (ENOBUFS, ...)
    std::uint64_t late = 0;        // ticks where the sender fell behind the schedule
    double elapsedSecs = 0;
    std::uint64_t packets() const { return queriesSent + responsesSent; }
};

// A deterministic DNS load on the loopback interface: real DNS query packets (and, optionally,
// their responses from a second socket so that a capture sees query/response pairs) sent with
// sendmmsg at a fixed rate, in small bursts paced by the clock. Query i always carries the same
// id, name and type, so two runs put the same packets on the wire.
class DnsLoadGenerator final {
public:
    explicit DnsLoadGenerator(LoadOptions options);
    ~DnsLoadGenerator();
    DnsLoadGenerator(const DnsLoadGenerator&) = delete;
    DnsLoadGenerator& operator=(const DnsLoadGenerator&) = delete;

    // Sends until the duration or packet limit is reached or `stop` is set.
    LoadResult run(const std::atomic<bool>& stop);

    // The wire form of query i and of its response (appended to `out`). Exposed for tests.
    void buildQuery(std::uint64_t i, std::vector<std::uint8_t>& out) const;
    void buildResponse(std::uint64_t i, std::vector<std::uint8_t>& out) const;
    // The name query i asks for (for tests and reports).
    std::string queryName(std::uint64_t i) const;

private:
    LoadOptions m_options;
    int m_querySocket = -1;
    int m_responseSocket = -1;
};

}  // namespace dnshound::core::capture
