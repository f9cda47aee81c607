// PcapSource reads classic pcap files itself (libpcap reads pcapng): every byte order and time
// resolution, the snap length cut and a damaged tail must come out as libpcap's reading of the
// same packets in pcapng does.
#include <QtTest>

#include <string>
#include <vector>

#include "core/formats/capture_writer.h"
#include "core/formats/fixture_writer.h"
#include "core/formats/pcap_source.h"

using namespace dnshound;
using core::event::DnsEvent;
using core::event::IpAddress;
using core::formats::PcapSource;
using tests::Bytes;

namespace {

constexpr std::uint32_t kClient = 0xc0a8010a;
constexpr std::uint32_t kServer = 0x08080808;
constexpr std::uint32_t kAnswer = 0x5db8d822;
constexpr std::int64_t kT0 = 1'700'000'000'500'000;

using Frames = std::vector<std::pair<std::int64_t, Bytes>>;

struct Writer {
    bool big = false;
    std::string s;
    void u16(std::uint16_t v) {
        const char b[2] = {static_cast<char>(v & 0xff), static_cast<char>(v >> 8)};
        if (big) {
            s.push_back(b[1]);
            s.push_back(b[0]);
        } else {
            s.append(b, 2);
        }
    }
    void u32(std::uint32_t v) {
        if (big) {
            u16(static_cast<std::uint16_t>(v >> 16));
            u16(static_cast<std::uint16_t>(v));
        } else {
            u16(static_cast<std::uint16_t>(v));
            u16(static_cast<std::uint16_t>(v >> 16));
        }
    }
};

std::string classic(const Frames& frames, bool bigEndian, bool nanoseconds, std::uint32_t snap) {
    Writer w{bigEndian, {}};
    w.u32(nanoseconds ? 0xa1b23c4du : 0xa1b2c3d4u);
    w.u16(2);
    w.u16(4);
    w.u32(0);
    w.u32(0);
    w.u32(snap);
    w.u32(1);  // Ethernet
    for (const auto& [timeUs, frame] : frames) {
        w.u32(static_cast<std::uint32_t>(timeUs / 1'000'000));
        const auto fraction = static_cast<std::uint32_t>(timeUs % 1'000'000);
        w.u32(nanoseconds ? fraction * 1000 + 999 : fraction);  // 999 ns: truncated, not rounded
        w.u32(static_cast<std::uint32_t>(frame.size()));
        w.u32(static_cast<std::uint32_t>(frame.size()));
        w.s.append(frame.begin(), frame.end());
    }
    return w.s;
}

struct Run {
    std::vector<DnsEvent> events;
    core::formats::ParseStats stats;
};

Run read(const std::string& path) {
    core::event::NameTable names;
    PcapSource source(path, names, 0);
    Run r;
    while (source.readBatch(r.events, 3)) {
    }
    r.stats = source.stats();
    return r;
}

Bytes ethUdp4(std::uint32_t src, std::uint32_t dst, std::uint16_t sp, std::uint16_t dp,
              const Bytes& dns) {
    return tests::ether(tests::ipv4(src, dst, 17, tests::udp(sp, dp, dns)));
}

Frames sampleFrames() {
    Frames f;
    for (std::uint16_t i = 0; i < 20; ++i) {
        const std::string name = "n" + std::to_string(i) + ".example";
        f.push_back(
            {kT0 + 1000 * i, ethUdp4(kClient, kServer, 4000 + i, 53, tests::dnsQuery(i, name))});
        f.push_back({kT0 + 1000 * i + 7, ethUdp4(kServer, kClient, 53, 4000 + i,
                                                 tests::dnsResponse(i, name, 1, 0, kAnswer))});
    }
    return f;
}

}  // namespace

class TestPcapClassicReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void byteOrdersAndResolutions() {
        tests::TempDir dir;
        const Frames frames = sampleFrames();
        // The reference: the same packets written by libpcap's own dump writer.
        const auto reference = dir.file("ref.pcap");
        {
            tests::CaptureWriter w(reference, DLT_EN10MB);
            for (const auto& [t, f] : frames) w.add(t, f);
        }
        const Run expected = read(reference);
        QCOMPARE(expected.events.size(), std::size_t(20));
        for (const bool big : {false, true}) {
            for (const bool nanos : {false, true}) {
                const auto path = tests::writeFile(
                    dir.file(std::string("c") + (big ? "b" : "l") + (nanos ? "n" : "u") + ".pcap"),
                    classic(frames, big, nanos, 65535));
                const Run r = read(path);
                QCOMPARE(r.events.size(), expected.events.size());
                for (std::size_t i = 0; i < r.events.size(); ++i) {
                    QCOMPARE(r.events[i].timeUs, expected.events[i].timeUs);
                    QCOMPARE(r.events[i].name, expected.events[i].name);
                    QCOMPARE(r.events[i].answer, IpAddress::fromV4(kAnswer));
                    QCOMPARE(r.events[i].rcode, expected.events[i].rcode);
                }
                QCOMPARE(r.stats.linesTotal, std::uint64_t(40));
                QCOMPARE(r.stats.linesValid, std::uint64_t(40));
            }
        }
    }

    void snapLengthCutsRecordsLikeLibpcap() {
        // Records longer than the header's snap length: libpcap hands out the first snap-length
        // bytes and skips the rest. 60 bytes leave 18 of the DNS message: "dns: truncated".
        tests::TempDir dir;
        Frames frames = sampleFrames();
        frames.resize(4);
        const auto path = tests::writeFile(dir.file("snap.pcap"), classic(frames, true, false, 60));
        const Run r = read(path);
        QCOMPARE(r.stats.linesTotal, std::uint64_t(4));
        QCOMPARE(r.stats.linesRejected, std::uint64_t(4));
        QCOMPARE(r.stats.rejectsByReason.at("dns: truncated"), std::uint64_t(4));
        QVERIFY(r.events.empty());
    }

    void damagedTails() {
        tests::TempDir dir;
        const std::string whole = classic(sampleFrames(), false, true, 65535);
        // A cut inside the last record's data, inside its header, and right after a record.
        const std::size_t lastFrame = sampleFrames().back().second.size();
        for (const std::size_t cut : {std::size_t{5}, lastFrame + 10, lastFrame + 16}) {
            const auto path = tests::writeFile(dir.file("cut" + std::to_string(cut) + ".pcap"),
                                               whole.substr(0, whole.size() - cut));
            const Run r = read(path);
            const bool clean = cut == lastFrame + 16;
            QCOMPARE(r.stats.linesRejected, std::uint64_t(clean ? 0 : 1));
            if (!clean)
                QCOMPARE(r.stats.rejectsByReason.at("pcap: truncated file"), std::uint64_t(1));
            // The last response is gone: its query comes out unanswered.
            QCOMPARE(r.events.size(), std::size_t(20));
            QCOMPARE(r.events.back().responseBytes, std::uint32_t(0));
        }
    }
};

QTEST_APPLESS_MAIN(TestPcapClassicReader)
#include "test_pcap_classic_reader.moc"
