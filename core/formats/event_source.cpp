#include "core/formats/event_source.h"

#include <sys/stat.h>

#include <ctime>
#include <stdexcept>

#include "core/formats/format_detection.h"
#include "core/formats/heidgaf_parser.h"
#include "core/formats/line_source.h"
#include "core/formats/pcap_source.h"
#include "core/formats/unbound_parser.h"
#include "core/formats/zeek_parser.h"

namespace dnshound::core::formats {

namespace {

constexpr std::size_t kSamplesPerReason = 5;
constexpr std::size_t kSampleBytes = 512;

// Year of the file's modification time (UTC): unbound's ascii and syslog times carry no year.
int fileYear(const std::string& path) {
    struct stat st {};
    std::time_t when = std::time(nullptr);
    if (::stat(path.c_str(), &st) == 0) when = st.st_mtime;
    std::tm tm{};
    gmtime_r(&when, &tm);
    return tm.tm_year + 1900;
}

}  // namespace

InputFormat inputFormatFromName(std::string_view name) {
    if (name == "auto") return InputFormat::Auto;
    if (name == "heidgaf") return InputFormat::Heidgaf;
    if (name == "zeek") return InputFormat::Zeek;
    if (name == "unbound") return InputFormat::Unbound;
    if (name == "pcap") return InputFormat::Pcap;
    throw std::invalid_argument("unknown input format '" + std::string(name) +
                                "' (expected auto, heidgaf, zeek, unbound or pcap)");
}

std::string_view inputFormatName(InputFormat format) {
    switch (format) {
        case InputFormat::Auto:
            return "auto";
        case InputFormat::Heidgaf:
            return "heidgaf";
        case InputFormat::Zeek:
            return "zeek";
        case InputFormat::Unbound:
            return "unbound";
        case InputFormat::Pcap:
            return "pcap";
    }
    return "unknown";
}

void ParseStats::reject(std::uint64_t line, std::string_view reason, std::string_view text) {
    ++linesRejected;
    auto it = rejectsByReason.find(std::string(reason));
    if (it == rejectsByReason.end()) it = rejectsByReason.emplace(std::string(reason), 0).first;
    if (++it->second <= kSamplesPerReason) {
        samples.push_back(
            RejectedLine{line, std::string(reason), std::string(text.substr(0, kSampleBytes))});
    }
}

std::unique_ptr<EventSource> openEventSource(const std::string& path, InputFormat format,
                                             const config::Config& config, event::NameTable& names,
                                             std::uint32_t sourceId) {
    // Sniffing also guards explicit formats: parsing a pcap as text (or text as a pcap) helps
    // nobody.
    const InputFormat detected = detectFormat(path);
    if (format == InputFormat::Auto) format = detected;
    if (detected == InputFormat::Pcap && format != InputFormat::Pcap)
        throw SourceError(path + ": is a pcap/pcapng capture, not a " +
                          std::string(inputFormatName(format)) +
                          " log (use --format pcap or auto)");
    if (format == InputFormat::Pcap) {
        if (detected != InputFormat::Pcap)
            throw SourceError(path + ": not a pcap/pcapng capture (no capture magic number)");
        return std::make_unique<PcapSource>(path, names, sourceId);
    }
    LineSource::ParserFactory factory;
    switch (format) {
        case InputFormat::Heidgaf:
            factory = [&](ParseStats& stats) -> std::unique_ptr<LineParser> {
                try {
                    return std::make_unique<HeidgafParser>(config, names, sourceId, stats);
                } catch (const std::invalid_argument& e) {
                    throw SourceError(path + ": unusable log-line configuration: " + e.what());
                }
            };
            break;
        case InputFormat::Zeek:
            factory = [&](ParseStats& stats) -> std::unique_ptr<LineParser> {
                return std::make_unique<ZeekParser>(names, sourceId, stats);
            };
            break;
        case InputFormat::Unbound: {
            const int year = fileYear(path);
            factory = [&names, sourceId, year](ParseStats& stats) -> std::unique_ptr<LineParser> {
                return std::make_unique<UnboundParser>(names, sourceId, stats, year);
            };
            break;
        }
        case InputFormat::Pcap:
        case InputFormat::Auto:
            throw SourceError(path + ": format detection failed");
    }
    return std::make_unique<LineSource>(path, format, factory);
}

}  // namespace dnshound::core::formats
