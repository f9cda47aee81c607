#pragma once

// Test helpers: every fixture is written by the test itself into a private temporary folder.

#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/config.h"
#include "core/event/name_table.h"
#include "core/formats/event_source.h"

namespace dnshound::tests {

class TempDir {
public:
    TempDir() {
        std::string tmpl =
            (std::filesystem::temp_directory_path() / "dnshound-test-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        m_path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(std::string_view name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

inline std::string writeFile(const std::string& path, std::string_view content) {
    std::ofstream out(path, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return path;
}

inline std::string gzipBytes(std::string_view content) {
    z_stream zs{};
    deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&zs, static_cast<uLong>(content.size())) + 64, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(content.data()));
    zs.avail_in = static_cast<uInt>(content.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

inline std::string gunzipFile(const std::string& path) {
    std::string out;
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) return out;
    char buf[65536];
    int n = 0;
    while ((n = gzread(f, buf, sizeof(buf))) > 0) out.append(buf, static_cast<std::size_t>(n));
    gzclose(f);
    return out;
}

struct ReadResult {
    std::vector<core::event::DnsEvent> events;
    core::formats::ParseStats stats;
    core::formats::InputFormat format = core::formats::InputFormat::Auto;
    int batches = 0;
};

inline ReadResult readAll(const std::string& path, core::formats::InputFormat format,
                          const core::config::Config& config, core::event::NameTable& names,
                          std::size_t batch = 1000) {
    auto source = core::formats::openEventSource(path, format, config, names, 7);
    ReadResult r;
    r.format = source->format();
    while (source->readBatch(r.events, batch)) ++r.batches;
    r.stats = source->stats();
    return r;
}

inline bool identityHolds(const core::formats::ParseStats& s) {
    return s.linesTotal == s.linesValid + s.linesRejected + s.linesSkipped;
}

}  // namespace dnshound::tests
