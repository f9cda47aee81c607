#include "core/formats/pcap_source.h"

#include "core/formats/packet_decoder.h"

#include <pcap/pcap.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace dnshound::core::formats {

namespace {

constexpr std::uint64_t kMaxDecompressedBytes = 16ull << 30;
constexpr std::size_t kInflateChunk = 256 * 1024;
constexpr std::size_t kReadBuffer = 1 << 20;

struct FileCloser {
    void operator()(std::FILE* f) const {
        if (f) std::fclose(f);
    }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

bool isGzip(const std::string& path) {
    FilePtr f(std::fopen(path.c_str(), "rb"));
    if (!f) throw SourceError(path + ": cannot open");
    std::array<unsigned char, 2> magic{};
    return std::fread(magic.data(), 1, 2, f.get()) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

// libpcap reads only plain files: inflate into an anonymous temporary file (deleted on close).
// A damaged gzip tail keeps what inflated; libpcap then reports the capture as truncated.
FilePtr inflateToTemporary(const std::string& path, std::uint64_t& bytes) {
    FilePtr tmp(std::tmpfile());
    if (!tmp) throw SourceError(path + ": cannot create a temporary file to inflate the capture");
    gzFile gz = gzopen(path.c_str(), "rb");
    if (!gz) throw SourceError(path + ": cannot open");
    std::vector<char> chunk(kInflateChunk);
    bytes = 0;
    for (;;) {
        const int n = gzread(gz, chunk.data(), static_cast<unsigned>(chunk.size()));
        if (n <= 0) break;
        bytes += static_cast<std::uint64_t>(n);
        if (bytes > kMaxDecompressedBytes) {
            gzclose(gz);
            throw SourceError(path + ": compressed capture inflates past 16 GiB; decompress it");
        }
        if (std::fwrite(chunk.data(), 1, static_cast<std::size_t>(n), tmp.get()) !=
            static_cast<std::size_t>(n)) {
            gzclose(gz);
            throw SourceError(path + ": cannot write the inflated capture to a temporary file");
        }
    }
    gzclose(gz);
    std::rewind(tmp.get());
    return tmp;
}

// libpcap's largest capture length for the link types DnsPacketMatcher decodes.
constexpr std::uint32_t kMaxCaptureLength = 262144;
constexpr std::size_t kClassicHeaderBytes = 24;
constexpr std::size_t kRecordHeaderBytes = 16;

std::uint32_t read32(const std::uint8_t* p, bool swapped) {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return swapped ? __builtin_bswap32(v) : v;
}

// The classic pcap header at the start of `f` (left at the start), or nothing for pcapng and
// anything unusual, which libpcap then reads.
std::optional<PcapSource::ClassicHeader> classicHeader(std::FILE* f) {
    std::array<std::uint8_t, kClassicHeaderBytes> h{};
    const std::size_t n = std::fread(h.data(), 1, h.size(), f);
    std::rewind(f);
    if (n != h.size()) return std::nullopt;
    std::uint32_t magic;
    std::memcpy(&magic, h.data(), 4);
    PcapSource::ClassicHeader c;
    switch (magic) {
        case 0xa1b2c3d4u:
            break;
        case 0xd4c3b2a1u:
            c.swapped = true;
            break;
        case 0xa1b23c4du:
            c.nanoseconds = true;
            break;
        case 0x4d3cb2a1u:
            c.swapped = c.nanoseconds = true;
            break;
        default:
            return std::nullopt;
    }
    std::uint16_t major, minor;
    std::memcpy(&major, h.data() + 4, 2);
    std::memcpy(&minor, h.data() + 6, 2);
    if (c.swapped) {
        major = __builtin_bswap16(major);
        minor = __builtin_bswap16(minor);
    }
    if (major != 2 || minor != 4) return std::nullopt;
    c.snapLength = read32(h.data() + 16, c.swapped);
    // As libpcap: a zero or oversized snap length means the maximum.
    if (c.snapLength == 0 || c.snapLength > kMaxCaptureLength) c.snapLength = kMaxCaptureLength;
    return c;
}

bool decodedLinkType(int linkType) {
    switch (linkType) {
        case linktype::kEthernet:
        case linktype::kLinuxSll:
        case linktype::kLinuxSll2:
        case linktype::kRaw:
        case linktype::kRawOpenBsd:
        case linktype::kRawLinktype:
        case linktype::kIpv4:
        case linktype::kIpv6:
        case linktype::kNull:
        case linktype::kLoop:
            return true;
        default:
            return false;
    }
}

}  // namespace

PcapSource::PcapSource(const std::string& path, event::NameTable& names, std::uint32_t sourceId,
                       std::size_t maxPending) {
    std::array<char, PCAP_ERRBUF_SIZE> err{};
    if (isGzip(path)) {
        FilePtr tmp = inflateToTemporary(path, m_fileBytes);
        m_classic = classicHeader(tmp.get());
        m_pcap = pcap_fopen_offline_with_tstamp_precision(tmp.get(), PCAP_TSTAMP_PRECISION_MICRO,
                                                          err.data());
        if (m_pcap) static_cast<void>(tmp.release());  // pcap_close() closes it now
    } else {
        struct stat st {};
        if (::stat(path.c_str(), &st) == 0) m_fileBytes = static_cast<std::uint64_t>(st.st_size);
        // libpcap reads two small pieces per packet through stdio: a large buffer turns the
        // default 4 KiB reads into 1 MiB ones.
        FilePtr file(std::fopen(path.c_str(), "rb"));
        if (!file) throw SourceError(path + ": cannot open");
        std::setvbuf(file.get(), nullptr, _IOFBF, kReadBuffer);
        m_classic = classicHeader(file.get());
        m_pcap = pcap_fopen_offline_with_tstamp_precision(file.get(), PCAP_TSTAMP_PRECISION_MICRO,
                                                          err.data());
        if (m_pcap) static_cast<void>(file.release());  // pcap_close() closes it now
    }
    if (!m_pcap) throw SourceError(path + ": not a readable pcap/pcapng capture: " + err.data());
    m_matcher.emplace(names, sourceId, pcap_datalink(m_pcap), maxPending);
    if (m_classic && !decodedLinkType(pcap_datalink(m_pcap))) m_classic.reset();
    if (!m_classic) return;
    // The file as it is now: packets appended while it is read are not seen.
    if (m_mapping.map(fileno(pcap_file(m_pcap))) && m_mapping.size() >= kClassicHeaderBytes) {
        m_data = m_mapping.data();
        m_at = kClassicHeaderBytes;
        m_end = m_mapping.size();
    } else {
        m_buffer.resize(kReadBuffer + kMaxCaptureLength + kRecordHeaderBytes);
        m_data = m_buffer.data();
    }
}

PcapSource::FileMapping::~FileMapping() {
    if (m_data) ::munmap(const_cast<std::uint8_t*>(m_data), m_size);
}

bool PcapSource::FileMapping::map(int fd) {
    struct stat st {};
    if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) return false;
    const auto size = static_cast<std::size_t>(st.st_size);
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) return false;
    ::madvise(p, size, MADV_SEQUENTIAL);
    m_data = static_cast<const std::uint8_t*>(p);
    m_size = size;
    return true;
}

void PcapSource::FileMapping::release(std::size_t offset) {
    constexpr std::size_t kReleaseBytes = 32u << 20;
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t upTo = offset / page * page;
    if (!m_data || upTo < m_released + kReleaseBytes) return;
    ::madvise(const_cast<std::uint8_t*>(m_data) + m_released, upTo - m_released, MADV_DONTNEED);
    m_released = upTo;
}

PcapSource::~PcapSource() {
    if (m_pcap) pcap_close(m_pcap);
}

void PcapSource::finish(std::vector<event::DnsEvent>& out, std::string_view reason,
                        std::string_view message) {
    m_matcher->finishAhead(out);
    if (!reason.empty()) {
        ParseStats& stats = m_matcher->stats();
        stats.reject(++stats.linesTotal, reason, message);
    }
    m_matcher->flushAll(out);
    m_finished = true;
}

bool PcapSource::refill(std::size_t need) {
    if (m_mapping.data()) return false;
    if (m_at > 0) {
        std::memmove(m_buffer.data(), m_buffer.data() + m_at, m_end - m_at);
        m_end -= m_at;
        m_at = 0;
    }
    // libpcap has read the file header through the same stdio stream: go on from there.
    while (m_end < need) {
        const std::size_t n =
            std::fread(m_buffer.data() + m_end, 1, m_buffer.size() - m_end, pcap_file(m_pcap));
        if (n == 0) return false;
        m_end += n;
    }
    return true;
}

bool PcapSource::readClassic(std::vector<event::DnsEvent>& out, std::size_t target) {
    const ClassicHeader& c = *m_classic;
    while (out.size() < target) {
        if (!fill(kRecordHeaderBytes)) {
            const std::size_t got = m_end - m_at;
            if (got == 0) {
                finish(out, {}, {});
            } else {
                finish(out, "pcap: truncated file",
                       "truncated dump file; tried to read 16 header bytes, only got " +
                           std::to_string(got));
            }
            return false;
        }
        const std::uint8_t* h = m_data + m_at;
        const std::uint32_t seconds = read32(h, c.swapped);
        std::uint32_t fraction = read32(h + 4, c.swapped);
        std::uint32_t caplen = read32(h + 8, c.swapped);
        if (caplen > kMaxCaptureLength) {
            finish(out, "pcap: read error",
                   "invalid packet capture length " + std::to_string(caplen) +
                       ", bigger than maximum of " + std::to_string(kMaxCaptureLength));
            return false;
        }
        if (!fill(kRecordHeaderBytes + caplen)) {
            finish(out, "pcap: truncated file",
                   "truncated dump file; tried to read " + std::to_string(caplen) +
                       " captured bytes, only got " +
                       std::to_string(m_end - m_at - kRecordHeaderBytes));
            return false;
        }
        const std::uint8_t* data = m_data + m_at + kRecordHeaderBytes;
        const std::size_t recordAt = m_at;
        m_at += kRecordHeaderBytes + caplen;
        // As libpcap: bytes past the file's snap length are read and dropped.
        caplen = std::min(caplen, c.snapLength);
        if (c.nanoseconds) fraction /= 1000;
        const std::uint64_t packetNo = ++m_matcher->stats().linesTotal;
        const std::int64_t timeUs =
            static_cast<std::int64_t>(seconds) * 1'000'000 + static_cast<std::int64_t>(fraction);
        // Mapped frames stay valid: the matcher holds each one back while it matches the one
        // before, fetching the tables the new one will need.
        const std::span<const std::uint8_t> frame(data, caplen);
        if (m_mapping.data()) {
            m_matcher->handlePacketAhead(frame, timeUs, packetNo, out);
            m_heldAt = recordAt;
        } else {
            m_matcher->handlePacket(frame, timeUs, packetNo, out);
        }
    }
    // The batch ends where it would have without the look-ahead: the packet held back is read
    // again by the next batch (each batch's events, and so the batches downstream, stay the
    // same, and every packet counted is accounted for).
    if (m_matcher->dropAhead()) {
        m_at = m_heldAt;
        --m_matcher->stats().linesTotal;
    }
    m_mapping.release(m_at);  // every packet before m_at is matched and done with
    return true;
}

bool PcapSource::readBatch(std::vector<event::DnsEvent>& out, std::size_t maxEvents) {
    if (m_finished) return false;
    const std::size_t target = out.size() + (maxEvents == 0 ? 1 : maxEvents);
    if (m_classic) return readClassic(out, target);
    while (out.size() < target) {
        pcap_pkthdr* header = nullptr;
        const u_char* data = nullptr;
        const int rc = pcap_next_ex(m_pcap, &header, &data);
        if (rc == 1) {
            const std::uint64_t packetNo = ++m_matcher->stats().linesTotal;
            const std::int64_t timeUs = static_cast<std::int64_t>(header->ts.tv_sec) * 1'000'000 +
                                        static_cast<std::int64_t>(header->ts.tv_usec);
            m_matcher->handlePacket(std::span<const std::uint8_t>(data, header->caplen), timeUs,
                                    packetNo, out);
            continue;
        }
        if (rc == 0) continue;  // live captures only
        if (rc == PCAP_ERROR) {
            const std::string_view message = pcap_geterr(m_pcap);
            const bool truncated = message.find("truncated") != std::string_view::npos;
            ParseStats& stats = m_matcher->stats();
            stats.reject(++stats.linesTotal,
                         truncated ? "pcap: truncated file" : "pcap: read error", message);
        }
        m_matcher->flushAll(out);
        m_finished = true;
        return false;
    }
    return true;
}

double PcapSource::progress() const {
    if (m_finished) return 1.0;
    if (m_mapping.data()) return static_cast<double>(m_at) / static_cast<double>(m_end);
    if (m_fileBytes == 0 || !m_pcap) return 0.0;
    const long at = std::ftell(pcap_file(m_pcap));
    if (at <= 0) return 0.0;
    return std::min(1.0, static_cast<double>(at) / static_cast<double>(m_fileBytes));
}

}  // namespace dnshound::core::formats
