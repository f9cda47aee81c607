#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace dnshound::core::sample {

// One heiDGAF-layout log line:
// `timestamp status_code client_ip dns_server_ip domain_name record_type response_ip size`.
struct LogLine {
    std::int64_t timeMs = 0;  // since the Unix epoch, UTC
    std::string_view status;  // NOERROR, NXDOMAIN, SERVFAIL
    std::string_view client;
    std::string_view server;
    std::string_view name;
    std::string_view recordType;
    std::string_view responseIp;
    std::uint32_t sizeBytes = 0;  // written as "120b"
};

// Formats lines into one large buffer and hands it to the sink when full, so writing millions
// of lines costs no allocation per line.
class LogLineWriter final {
public:
    using Sink = std::function<void(std::string_view)>;
    explicit LogLineWriter(Sink sink, std::size_t bufferBytes = std::size_t{1} << 20);

    void write(const LogLine& line);
    // Hands the buffered text to the sink; call before the writer goes away.
    void flush();
    std::uint64_t lineCount() const { return m_lines; }

private:
    Sink m_sink;
    std::string m_buffer;
    std::size_t m_used = 0;
    std::uint64_t m_lines = 0;
};

}  // namespace dnshound::core::sample
