// The benchmark capture: exact packet count, determinism, and that reading it back gives one
// event per generated query with the rcodes and transports the generator reports.
#include <QtTest/QtTest>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/event/dns_event.h"
#include "core/formats/pcap_source.h"
#include "core/sample/bench_capture_writer.h"

using namespace dnshound;
using core::sample::writeBenchCapture;

namespace {

std::string artifact(const std::string& name) {
    return std::string(DNSHOUND_TEST_ARTIFACTS) + "/bench_capture_" + name;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

class TestBenchCaptureWriter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void exactCountAndDeterministic() {
        const auto a = writeBenchCapture(artifact("a.pcap"), 5001, 7);
        const auto b = writeBenchCapture(artifact("b.pcap"), 5001, 7);
        const auto c = writeBenchCapture(artifact("c.pcap"), 5001, 8);
        QCOMPARE(a.packets, std::uint64_t(5001));
        QCOMPARE(c.packets, std::uint64_t(5001));
        QVERIFY(readFile(artifact("a.pcap")) == readFile(artifact("b.pcap")));
        QVERIFY(readFile(artifact("a.pcap")) != readFile(artifact("c.pcap")));
        QCOMPARE(a.bytes, static_cast<std::uint64_t>(readFile(artifact("a.pcap")).size()));
    }

    void readsBackAsOneEventPerQuery() {
        const std::string path = artifact("read.pcap");
        const auto totals = writeBenchCapture(path, 220'000, 20261127);
        QCOMPARE(totals.packets, std::uint64_t(220'000));
        QVERIFY(totals.tcpQueries > 100);
        QVERIFY(totals.unanswered > 10);
        QVERIFY(totals.nxdomain > 500);
        QVERIFY(!totals.truth.infected.empty());

        core::event::NameTable names;
        core::formats::PcapSource source(path, names, 0);
        std::vector<core::event::DnsEvent> events;
        while (source.readBatch(events, 4096)) {
        }
        const auto& stats = source.stats();
        QCOMPARE(stats.linesTotal, totals.packets);
        QCOMPARE(stats.linesRejected, std::uint64_t(0));
        QCOMPARE(static_cast<std::uint64_t>(events.size()), totals.queries);
        std::uint64_t nx = 0, unanswered = 0, v6 = 0;
        for (const auto& e : events) {
            nx += e.rcode == core::event::kRcodeNxDomain;
            unanswered += e.rcode == core::event::kRcodeNone;
            v6 += !e.client.isV4();
        }
        QCOMPARE(nx, totals.nxdomain);
        QCOMPARE(unanswered, totals.unanswered);
        QVERIFY(v6 > 0);  // from 200 clients on, every tenth subnet is an IPv6 /64
        // The only skipped frames are the first halves of split TCP responses.
        QVERIFY(stats.linesSkipped > 0 && stats.linesSkipped < totals.tcpQueries);
        QCOMPARE(source.skipsByReason().size(), std::size_t(1));
        QCOMPARE(source.skipsByReason().begin()->first, std::string("tcp segment buffered"));
    }
};

QTEST_APPLESS_MAIN(TestBenchCaptureWriter)
#include "test_bench_capture_writer.moc"
