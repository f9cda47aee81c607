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

}  // namespace

// generate-sample --out FILE [--truth FILE] [--labels FILE] [--seed N] [--lines N]
// Without --lines: the bundled sample scenario (24 clients, 4 infected, 4 hours). With --lines:
// the benchmark-shaped log of exactly N lines.
int runGenerateSample(const std::vector<std::string>& args) {
    const CommandLine line(args, {"--out", "--truth", "--labels", "--seed", "--lines"}, {});
    if (!line.positional().empty())
        throw UsageError("generate-sample: unexpected argument '" + line.positional().front() +
                         "'");
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
