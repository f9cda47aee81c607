#include "core/formats/line_reader.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "core/formats/event_source.h"

namespace dnshound::core::formats {

namespace {
constexpr std::size_t kChunkBytes = 1 << 20;
}

LineReader::LineReader(const std::string& path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) throw SourceError(path + ": no such file");
    if (!std::filesystem::is_regular_file(status)) throw SourceError(path + ": not a regular file");
    m_fileBytes = std::filesystem::file_size(path, ec);
    if (ec) m_fileBytes = 0;
    {
        // Magic check ourselves: gzdirect() is only reliable after the first read.
        unsigned char magic[2] = {0, 0};
        std::FILE* f = std::fopen(path.c_str(), "rb");
        if (!f) throw SourceError(path + ": cannot open: " + std::strerror(errno));
        const std::size_t n = std::fread(magic, 1, 2, f);
        std::fclose(f);
        m_compressed = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }
    m_file = gzopen(path.c_str(), "rb");
    if (!m_file) throw SourceError(path + ": cannot open: " + std::strerror(errno));
    gzbuffer(m_file, 256 * 1024);
    m_buf.resize(kChunkBytes + kMaxLineBytes + 1);
}

LineReader::~LineReader() {
    if (m_file) gzclose(m_file);
}

std::uint64_t LineReader::bytesConsumed() const {
    if (m_eof) return m_fileBytes;
    return m_lastOffset;
}

bool LineReader::fill() {
    if (m_eof) return false;
    // Keep the unread tail, drop what was consumed.
    if (m_begin > 0) {
        std::memmove(m_buf.data(), m_buf.data() + m_begin, m_end - m_begin);
        m_end -= m_begin;
        m_begin = 0;
    }
    const std::size_t room = m_buf.size() - m_end;
    if (room == 0) return false;
    const int got = gzread(m_file, m_buf.data() + m_end, static_cast<unsigned>(room));
    const long offset = gzoffset(m_file);
    if (offset > 0) m_lastOffset = static_cast<std::uint64_t>(offset);
    if (got > 0) {
        m_end += static_cast<std::size_t>(got);
        return true;
    }
    m_eof = true;
    int errnum = Z_OK;
    gzerror(m_file, &errnum);
    if (got < 0 || errnum != Z_OK) {
        // Z_BUF_ERROR: the stream stopped mid-member; anything else: undecodable data.
        m_damage = errnum == Z_BUF_ERROR ? "truncated gzip" : "corrupt gzip";
    }
    return false;
}

bool LineReader::next(Line& line) {
    line = Line{};
    for (;;) {
        const char* base = m_buf.data() + m_begin;
        const std::size_t avail = m_end - m_begin;
        const void* nl =
            avail > m_scan ? std::memchr(base + m_scan, '\n', avail - m_scan) : nullptr;
        if (nl) {
            const std::size_t len = static_cast<std::size_t>(static_cast<const char*>(nl) - base);
            m_begin += len + 1;
            m_scan = 0;
            if (m_discarding) {
                m_discarding = false;  // end of an over-long line already reported
                continue;
            }
            std::string_view text(base, len);
            if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
            if (text.size() > kMaxLineBytes) {
                text = text.substr(0, kMaxLineBytes);
                line.tooLong = true;
            }
            line.text = text;
            return true;
        }
        m_scan = avail;
        if (m_discarding) {
            m_begin = m_end;
            m_scan = 0;
        } else if (avail > kMaxLineBytes) {
            // Report the line now, cut; skip its remainder on later calls.
            line.text = std::string_view(base, kMaxLineBytes);
            line.tooLong = true;
            m_discarding = true;
            m_begin = m_end;  // the view stays valid: fill() only runs on the next call
            m_scan = 0;
            return true;
        }
        if (fill()) continue;
        // End of input (or damage): the last line without terminator, then the damage marker.
        const std::size_t rest = m_end - m_begin;
        if (!m_damage.empty()) {
            if (m_damageReported) return false;
            m_damageReported = true;
            line.text =
                m_discarding ? std::string_view{} : std::string_view(m_buf.data() + m_begin, rest);
            line.damaged = true;
            m_begin = m_end;
            return true;
        }
        if (rest == 0 || m_discarding) {
            m_begin = m_end;
            return false;
        }
        std::string_view text(m_buf.data() + m_begin, rest);
        m_begin = m_end;
        m_scan = 0;
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        line.text = text;
        return true;
    }
}

}  // namespace dnshound::core::formats
