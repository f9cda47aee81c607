#include "core/sample/log_line_writer.h"

#include <charconv>
#include <cstring>
#include <utility>

#include "core/sample/civil_time.h"

namespace dnshound::core::sample {

namespace {

char* put(char* out, std::string_view s) {
    std::memcpy(out, s.data(), s.size());
    return out + s.size();
}

}  // namespace

LogLineWriter::LogLineWriter(Sink sink, std::size_t bufferBytes)
    : m_sink(std::move(sink)), m_buffer(bufferBytes < 4096 ? 4096 : bufferBytes, '\0') {}

void LogLineWriter::write(const LogLine& line) {
    // Fixed parts: timestamp, 7 separators, "b", newline and up to 10 digits of size.
    const std::size_t need = kTimestampLength + 20 + line.status.size() + line.client.size() +
                             line.server.size() + line.name.size() + line.recordType.size() +
                             line.responseIp.size();
    if (m_used + need > m_buffer.size()) {
        flush();
        if (need > m_buffer.size()) m_buffer.resize(need);
    }
    char* out = m_buffer.data() + m_used;
    formatTimestamp(out, line.timeMs);
    out += kTimestampLength;
    *out++ = ' ';
    out = put(out, line.status);
    *out++ = ' ';
    out = put(out, line.client);
    *out++ = ' ';
    out = put(out, line.server);
    *out++ = ' ';
    out = put(out, line.name);
    *out++ = ' ';
    out = put(out, line.recordType);
    *out++ = ' ';
    out = put(out, line.responseIp);
    *out++ = ' ';
    out = std::to_chars(out, out + 10, line.sizeBytes).ptr;
    *out++ = 'b';
    *out++ = '\n';
    m_used = static_cast<std::size_t>(out - m_buffer.data());
    ++m_lines;
}

void LogLineWriter::flush() {
    if (m_used == 0) return;
    m_sink(std::string_view(m_buffer.data(), m_used));
    m_used = 0;
}

}  // namespace dnshound::core::sample
