#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/cli/command_line.h"
#include "app/cli/commands.h"
#include "core/sample/bench_capture_writer.h"
#include "core/sample/bench_log_writer.h"
#include "core/sample/sample_truth.h"
#include "core/sample/traffic_generator.h"

namespace dnshound::app::cli {

namespace {

std::optional<std::uint64_t> unsignedOption(const CommandLine& line, std::string_view option) {
    const auto text = line.value(option);
    if (!text) return std::nullopt;
    std::uint64_t value = 0;
    const char* end = text->data() + text->size();
    const auto [ptr, ec] = std::from_chars(text->data(), end, value);
    if (ec != std::errc() || ptr != end)
        throw UsageError(std::string(option) + ": not a non-negative integer: '" + *text + "'");
    return value;
}

void writeTextFile(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + path);
    out << text;
    out.close();
    if (!out) throw std::runtime_error("error writing " + path);
}

// generate-sample --pcap FILE --packets N [--seed N] [--truth FILE]: the benchmark-shaped
// traffic as a pcap capture of exactly N packets.
int writeSampleCapture(const CommandLine& line) {
    const std::string outPath = line.required("--pcap");
    const std::uint64_t seed =
        unsignedOption(line, "--seed").value_or(core::sample::SampleSpec{}.seed);
    const std::uint64_t packets = unsignedOption(line, "--packets").value_or(2'000'000);
    if (packets == 0) throw UsageError("--packets must be at least 1");
    const auto started = std::chrono::steady_clock::now();
    const auto totals = core::sample::writeBenchCapture(outPath, packets, seed);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (const auto truthPath = line.value("--truth"))
        writeTextFile(*truthPath, core::sample::truthToJson(totals.truth));
    std::fprintf(stderr,
                 "generate-sample: %llu packets (%llu queries, %llu responses, %llu over TCP, "
                 "%llu unanswered, %llu NXDOMAIN), %.1f MB -> %s in %.2f s\n",
                 static_cast<unsigned long long>(totals.packets),
                 static_cast<unsigned long long>(totals.queries),
                 static_cast<unsigned long long>(totals.responses),
                 static_cast<unsigned long long>(totals.tcpQueries),
                 static_cast<unsigned long long>(totals.unanswered),
                 static_cast<unsigned long long>(totals.nxdomain),
                 static_cast<double>(totals.bytes) / 1e6, outPath.c_str(), seconds);
    return 0;
}

}  // namespace

// generate-sample --out FILE [--truth FILE] [--labels FILE] [--seed N] [--lines N]
// Without --lines: the bundled sample scenario (24 clients, 4 infected, 4 hours). With --lines:
// the benchmark-shaped log of exactly N lines. With --pcap FILE [--packets N] instead of --out:
// the benchmark-shaped traffic as a capture.
int runGenerateSample(const std::vector<std::string>& args) {
    const CommandLine line(
        args, {"--out", "--truth", "--labels", "--seed", "--lines", "--pcap", "--packets"}, {});
    if (!line.positional().empty())
        throw UsageError("generate-sample: unexpected argument '" + line.positional().front() +
                         "'");
    if (line.value("--pcap")) {
        if (line.value("--out") || line.value("--lines"))
            throw UsageError("generate-sample: --pcap writes a capture; drop --out/--lines");
        return writeSampleCapture(line);
    }
    if (line.value("--packets")) throw UsageError("generate-sample: --packets needs --pcap FILE");
    const std::string outPath = line.required("--out");
    const std::uint64_t seed =
        unsignedOption(line, "--seed").value_or(core::sample::SampleSpec{}.seed);
    const auto lines = unsignedOption(line, "--lines");

    const auto started = std::chrono::steady_clock::now();
    core::sample::SampleTruth truth;
    if (lines) {
        truth = core::sample::writeBenchLog(outPath, *lines, seed);
    } else {
        std::ofstream out(outPath, std::ios::binary | std::ios::trunc);
        if (!out) throw std::runtime_error("cannot write " + outPath);
        core::sample::SampleSpec spec;
        spec.seed = seed;
        truth = core::sample::writeSampleLog(out, spec);
        out.close();
        if (!out) throw std::runtime_error("error writing " + outPath);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (const auto truthPath = line.value("--truth"))
        writeTextFile(*truthPath, core::sample::truthToJson(truth));
    if (const auto labelsPath = line.value("--labels")) {
        if (lines)
            throw UsageError("generate-sample: --labels needs the sample scenario (no --lines)");
        writeTextFile(*labelsPath, core::sample::truthToLabelsCsv(truth));
    }

    std::fprintf(
        stderr,
        "generate-sample: %llu lines, %zu clients (%zu infected) -> %s in %.2f s (%.0f lines/s)\n",
        static_cast<unsigned long long>(truth.lines), truth.clean.size() + truth.infected.size(),
        truth.infected.size(), outPath.c_str(), seconds,
        seconds > 0 ? static_cast<double>(truth.lines) / seconds : 0.0);
    return 0;
}

}  // namespace dnshound::app::cli
