#include "core/formats/format_detection.h"

#include <zlib.h>

#include <array>
#include <cstdio>
#include <cstring>

namespace dnshound::core::formats {

namespace {

constexpr std::size_t kSniffBytes = 64 * 1024;
constexpr int kSniffLines = 20;

bool startsWith(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

std::string_view trimLeft(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
        s.remove_prefix(1);
    }
    return s;
}

bool looksUnbound(std::string_view line) {
    const auto at = line.find("unbound");
    if (at == std::string_view::npos) return false;
    const std::string_view rest = line.substr(at + 7);
    return startsWith(rest, "[") || startsWith(rest, ":");
}

std::string readHead(const std::string& path, bool decompress) {
    std::string head(kSniffBytes, '\0');
    if (decompress) {
        gzFile f = gzopen(path.c_str(), "rb");
        if (!f) throw SourceError(path + ": cannot open");
        const int n = gzread(f, head.data(), static_cast<unsigned>(head.size()));
        gzclose(f);
        head.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    } else {
        std::FILE* f = std::fopen(path.c_str(), "rb");
        if (!f) throw SourceError(path + ": cannot open");
        head.resize(std::fread(head.data(), 1, head.size(), f));
        std::fclose(f);
    }
    return head;
}

}  // namespace

bool isCaptureMagic(std::string_view head) {
    if (head.size() < 4) return false;
    static constexpr std::array<std::array<unsigned char, 4>, 5> kMagics{{
        {0xd4, 0xc3, 0xb2, 0xa1},  // pcap, little endian, µs
        {0xa1, 0xb2, 0xc3, 0xd4},  // pcap, big endian
        {0x4d, 0x3c, 0xb2, 0xa1},  // pcap, nanoseconds, little endian
        {0xa1, 0xb2, 0x3c, 0x4d},  // pcap, nanoseconds, big endian
        {0x0a, 0x0d, 0x0d, 0x0a},  // pcapng section header block
    }};
    for (const auto& m : kMagics)
        if (std::memcmp(head.data(), m.data(), 4) == 0) return true;
    return false;
}

InputFormat detectFormatFromContent(std::string_view head) {
    if (isCaptureMagic(head)) return InputFormat::Pcap;
    int seen = 0;
    while (!head.empty() && seen < kSniffLines) {
        const auto nl = head.find('\n');
        std::string_view line = trimLeft(head.substr(0, nl));
        head = nl == std::string_view::npos ? std::string_view{} : head.substr(nl + 1);
        if (line.empty()) continue;
        ++seen;
        if (startsWith(line, "#separator") || startsWith(line, "#fields")) return InputFormat::Zeek;
        if (line.front() == '#') continue;  // other comments say nothing yet
        if (line.front() == '{') return InputFormat::Zeek;
        if (looksUnbound(line)) return InputFormat::Unbound;
        return InputFormat::Heidgaf;
    }
    return InputFormat::Heidgaf;
}

InputFormat detectFormat(const std::string& path) {
    const std::string raw = readHead(path, false);
    if (isCaptureMagic(raw)) return InputFormat::Pcap;
    const bool gz = raw.size() >= 2 && static_cast<unsigned char>(raw[0]) == 0x1f &&
                    static_cast<unsigned char>(raw[1]) == 0x8b;
    const std::string head = gz ? readHead(path, true) : raw;
    return detectFormatFromContent(head);
}

}  // namespace dnshound::core::formats
