// libFuzzer target for every line parser (not built by default). Build and run, e.g.:
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -DPCRE2_CODE_UNIT_WIDTH=8 \
//     -I. tests/fuzz/fuzz_line_parsers.cpp core/formats/*.cpp core/config/*.cpp \
//     core/event/*.cpp build/core/generated/default_config_text.cpp \
//     -lyaml-cpp -lpcre2-8 -lz -o fuzz_line_parsers
//   ./fuzz_line_parsers -max_len=4096
// The first byte picks the parser; the rest is split into lines as LineReader would.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/config/config.h"
#include "core/formats/event_source.h"
#include "core/formats/heidgaf_parser.h"
#include "core/formats/unbound_parser.h"
#include "core/formats/zeek_parser.h"

using namespace dnshound::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    static const config::Config config = config::defaultConfig();
    event::NameTable names;
    formats::ParseStats stats;
    formats::HeidgafParser heidgaf(config, names, 0, stats);
    formats::ZeekParser zeek(names, 0, stats);
    formats::UnboundParser unbound(names, 0, stats, 2024);
    formats::LineParser* parsers[] = {&heidgaf, &zeek, &unbound};
    formats::LineParser& parser = *parsers[data[0] % 3];
    std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    std::vector<event::DnsEvent> out;
    std::uint64_t lineNo = 0;
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        ++stats.linesTotal;
        parser.parseLine(text.substr(0, nl), ++lineNo, out);
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    parser.finish(out);
    if (stats.linesTotal != stats.linesValid + stats.linesRejected + stats.linesSkipped)
        __builtin_trap();
    return 0;
}
