#pragma once

#include <zlib.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dnshound::core::formats {

// Reads a text file line by line, plain or gzip (detected by magic, so `x.log` may be compressed
// and `x.gz` may not), in big chunks. Lines are views into an internal buffer that stay valid
// until the next call to next(): no copy, no allocation per line.
//
// Lines end at '\n'; a '\r' before it is dropped; the last line needs no terminator. Lines
// longer than kMaxLineBytes come back once, cut, with `tooLong` set; the rest is discarded. A
// gzip stream that ends early or is corrupt yields, after every complete line before the damage,
// one final Line with `damaged` set holding the partial tail (possibly empty).
class LineReader final {
public:
    static constexpr std::size_t kMaxLineBytes = 64 * 1024;

    struct Line {
        std::string_view text;
        bool tooLong = false;
        bool damaged = false;
    };

    // Throws SourceError when the file cannot be opened.
    explicit LineReader(const std::string& path);
    ~LineReader();
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    // False at the end of the input.
    bool next(Line& line);

    // Bytes of the file on disk consumed so far and in all (for progress).
    std::uint64_t bytesConsumed() const;
    std::uint64_t fileBytes() const { return m_fileBytes; }
    bool compressed() const { return m_compressed; }
    // "truncated gzip" / "corrupt gzip" once the damage was met, else empty.
    const std::string& damage() const { return m_damage; }

private:
    // Reads more data after m_end; false when nothing more can be read.
    bool fill();

    gzFile m_file = nullptr;
    std::vector<char> m_buf;
    std::size_t m_begin = 0;  // first unread byte
    std::size_t m_end = 0;    // end of valid data
    std::size_t m_scan = 0;   // bytes from m_begin already known to hold no '\n'
    bool m_eof = false;
    bool m_discarding = false;  // inside the remainder of an over-long line
    bool m_damageReported = false;
    bool m_compressed = false;
    std::uint64_t m_fileBytes = 0;
    std::uint64_t m_lastOffset = 0;
    std::string m_damage;
};

}  // namespace dnshound::core::formats
