#include <atomic>
#include <csignal>
#include <cstdio>
#include <string>

#include "app/cli/command_line.h"
#include "app/cli/commands.h"
#include "core/capture/dns_load_generator.h"

namespace dnshound::app::cli {

namespace {

std::atomic<bool> g_stopBlast{false};

void onBlastSignal(int) {
    g_stopBlast.store(true);
}

}  // namespace

int runBlast(const std::vector<std::string>& args) {
    const CommandLine cl(args,
                         {"--target", "--client", "--rate", "--duration", "--packets", "--names"},
                         {"--no-responses"});
    if (!cl.positional().empty())
        throw UsageError("unexpected argument '" + cl.positional().front() + "'");
    core::capture::LoadOptions o;
    o.target = cl.value("--target").value_or(o.target);
    o.client = cl.value("--client").value_or(o.client);
    o.rate = cl.number("--rate", o.rate);
    o.durationSecs = cl.number("--duration", o.durationSecs);
    const double packets = cl.number("--packets", 0);
    const double names = cl.number("--names", o.names);
    if (!(o.rate > 0)) throw UsageError("--rate needs packets per second > 0");
    if (!(o.durationSecs >= 0)) throw UsageError("--duration needs seconds >= 0");
    if (!(packets >= 0)) throw UsageError("--packets needs a count >= 0");
    if (!(names >= 1 && names <= 1e9)) throw UsageError("--names needs a count >= 1");
    if (o.durationSecs == 0 && packets == 0)
        throw UsageError("give --duration or --packets (or both)");
    o.maxPackets = static_cast<std::uint64_t>(packets);
    o.names = static_cast<std::uint32_t>(names);
    o.responses = !cl.flag("--no-responses");

    std::signal(SIGINT, onBlastSignal);
    std::signal(SIGTERM, onBlastSignal);
    core::capture::DnsLoadGenerator generator(o);
    const auto r = generator.run(g_stopBlast);
    // One JSON object on stdout for scripts.
    std::printf(
        "{\"target\": \"%s\", \"rate\": %.0f, \"queries_sent\": %llu, \"responses_sent\": %llu, "
        "\"packets_sent\": %llu, \"send_errors\": %llu, \"late_ticks\": %llu, "
        "\"elapsed_s\": %.3f, \"achieved_pps\": %.0f}\n",
        o.target.c_str(), o.rate, static_cast<unsigned long long>(r.queriesSent),
        static_cast<unsigned long long>(r.responsesSent),
        static_cast<unsigned long long>(r.packets()), static_cast<unsigned long long>(r.sendErrors),
        static_cast<unsigned long long>(r.late), r.elapsedSecs,
        r.elapsedSecs > 0 ? static_cast<double>(r.packets()) / r.elapsedSecs : 0.0);
    return 0;
}

}  // namespace dnshound::app::cli
