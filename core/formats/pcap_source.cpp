#include "core/formats/pcap_source.h"

#include <pcap/pcap.h>
#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
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

}  // namespace

PcapSource::PcapSource(const std::string& path, event::NameTable& names, std::uint32_t sourceId,
                       std::size_t maxPending) {
    std::array<char, PCAP_ERRBUF_SIZE> err{};
    if (isGzip(path)) {
        FilePtr tmp = inflateToTemporary(path, m_fileBytes);
        m_pcap = pcap_fopen_offline_with_tstamp_precision(tmp.get(), PCAP_TSTAMP_PRECISION_MICRO,
                                                          err.data());
        if (m_pcap) tmp.release();  // pcap_close() closes it now
    } else {
        struct stat st {};
        if (::stat(path.c_str(), &st) == 0) m_fileBytes = static_cast<std::uint64_t>(st.st_size);
        // libpcap reads two small pieces per packet through stdio: a large buffer turns the
        // default 4 KiB reads into 1 MiB ones.
        FilePtr file(std::fopen(path.c_str(), "rb"));
        if (!file) throw SourceError(path + ": cannot open");
        std::setvbuf(file.get(), nullptr, _IOFBF, kReadBuffer);
        m_pcap = pcap_fopen_offline_with_tstamp_precision(file.get(), PCAP_TSTAMP_PRECISION_MICRO,
                                                          err.data());
        if (m_pcap) file.release();  // pcap_close() closes it now
    }
    if (!m_pcap) throw SourceError(path + ": not a readable pcap/pcapng capture: " + err.data());
    m_matcher.emplace(names, sourceId, pcap_datalink(m_pcap), maxPending);
}

PcapSource::~PcapSource() {
    if (m_pcap) pcap_close(m_pcap);
}

bool PcapSource::readBatch(std::vector<event::DnsEvent>& out, std::size_t maxEvents) {
    if (m_finished) return false;
    const std::size_t target = out.size() + (maxEvents == 0 ? 1 : maxEvents);
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
    if (m_fileBytes == 0 || !m_pcap) return 0.0;
    const long at = std::ftell(pcap_file(m_pcap));
    if (at <= 0) return 0.0;
    return std::min(1.0, static_cast<double>(at) / static_cast<double>(m_fileBytes));
}

}  // namespace dnshound::core::formats
