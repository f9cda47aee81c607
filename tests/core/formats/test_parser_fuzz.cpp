#include <QtTest>

#include <random>

#include "core/formats/event_source.h"
#include "core/formats/fixture_writer.h"
#include "core/formats/heidgaf_parser.h"
#include "core/formats/unbound_parser.h"
#include "core/formats/zeek_parser.h"

using namespace dnshound;
using core::formats::InputFormat;

namespace {

const std::vector<std::string> kSeeds = {
    "2024-07-12T12:00:00.123Z NXDOMAIN 192.168.0.1 8.8.8.8 Example.COM. A 0.0.0.0 120b",
    "2024-07-12T12:00:01.5Z NOERROR 2001:db8::7 9.9.9.9 _ldap._tcp.corp.lan TXT 93.184.216.34 512b",
    "#separator \\x09",
    "#fields\tts\tid.orig_h\tid.resp_h\tquery\tqtype\trcode\tanswers",
    "1610645203.325590\t192.168.0.20\t192.168.0.1\tclients6.google.com\t28\t0\ta.b,2a00::1",
    "{\"ts\": 1517336042.279652, \"id.orig_h\": \"192.168.88.2\", \"query\": "
    "\"6dde.dnsc.r-1x.com\", "
    "\"qtype\": 16, \"rcode\": 0, \"answers\": [\"TXT 18 30\", \"1.2.3.4\"], \"x\": {\"y\": [1]}}",
    "{\"ts\":\"2021-05-12T11:23:31.468812Z\",\"id.orig_h\":\"10.0.2.15\",\"query\":\"a\\u0062c."
    "com\"}",
    "[1795804930] unbound[2084:0] info: 127.0.0.1 8ocEOQRRBA.t.tunnel-test.net. TXT IN",
    "[1795804930] unbound[2084:0] info: 127.0.0.1 8ocEOQRRBA.t.tunnel-test.net. TXT IN NOERROR "
    "0.026573 0 69",
    "Nov 27 10:00:00 host unbound: [1:0] info: 10.0.0.1 a.example. A IN",
};

std::string mutate(std::mt19937& rng, const std::string& seed) {
    std::string s = seed;
    const int ops = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < ops; ++k) {
        const std::size_t at = s.empty() ? 0 : rng() % s.size();
        switch (rng() % 6) {
            case 0:  // bit flip
                if (!s.empty()) s[at] = static_cast<char>(s[at] ^ (1 << (rng() % 8)));
                break;
            case 1:  // truncation
                s.resize(at);
                break;
            case 2:  // byte insertion (NUL and separators included)
                s.insert(s.begin() + static_cast<std::ptrdiff_t>(at),
                         "\0 \t\"\\{}[],:.-"[rng() % 14]);
                break;
            case 3: {  // splicing with another seed
                const std::string& other = kSeeds[rng() % kSeeds.size()];
                s = s.substr(0, at) + other.substr(other.empty() ? 0 : rng() % other.size());
                break;
            }
            case 4:  // random byte
                if (!s.empty()) s[at] = static_cast<char>(rng() % 256);
                break;
            case 5:  // duplication of a span
                s.insert(at, s.substr(at, rng() % 16));
                break;
        }
    }
    // Lines reach parsers without their terminator.
    for (char& c : s)
        if (c == '\n') c = ' ';
    return s;
}

}  // namespace

class TestParserFuzz : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsersSurviveMutations() {
        std::mt19937 rng(20240712);
        core::event::NameTable names;
        const auto config = core::config::defaultConfig();
        core::formats::ParseStats stats;
        core::formats::HeidgafParser heidgaf(config, names, 1, stats);
        core::formats::ZeekParser zeek(names, 1, stats);
        core::formats::UnboundParser unbound(names, 1, stats, 2024);
        core::formats::LineParser* parsers[] = {&heidgaf, &zeek, &unbound};
        std::vector<core::event::DnsEvent> out;
        const int kIterations = 60'000;
        for (int i = 0; i < kIterations; ++i) {
            const std::string line = mutate(rng, kSeeds[rng() % kSeeds.size()]);
            for (auto* p : parsers) {
                const auto before = stats.linesValid + stats.linesRejected + stats.linesSkipped;
                ++stats.linesTotal;
                p->parseLine(line, stats.linesTotal, out);
                // Exactly one accounting bucket per line.
                QCOMPARE(stats.linesValid + stats.linesRejected + stats.linesSkipped, before + 1);
            }
            if (out.size() > 10'000) out.clear();
        }
        for (auto* p : parsers) p->finish(out);
        QVERIFY(tests::identityHolds(stats));
        for (const auto& e : out) QVERIFY(e.name == core::event::kNoName || e.name < names.size());
        qInfo("fuzz: %d lines x 3 parsers: valid %llu rejected %llu skipped %llu, %zu reasons",
              kIterations, static_cast<unsigned long long>(stats.linesValid),
              static_cast<unsigned long long>(stats.linesRejected),
              static_cast<unsigned long long>(stats.linesSkipped), stats.rejectsByReason.size());
        for (const auto& [reason, n] : stats.rejectsByReason)
            qInfo("  %s: %llu", reason.c_str(), static_cast<unsigned long long>(n));
    }

    void damagedFilesThroughTheReader() {
        // Whole files, plain and gzip, with corrupted bytes: sources must finish and account.
        std::mt19937 rng(7);
        tests::TempDir dir;
        for (int round = 0; round < 60; ++round) {
            std::string content;
            for (int i = 0; i < 200; ++i)
                content += mutate(rng, kSeeds[rng() % kSeeds.size()]) + "\n";
            std::string bytes = round % 2 ? tests::gzipBytes(content) : content;
            if (round % 3 == 0 && bytes.size() > 20) {
                for (int k = 0; k < 3; ++k) bytes[10 + rng() % (bytes.size() - 10)] ^= 0x5a;
            }
            if (round % 5 == 0) bytes.resize(rng() % bytes.size());
            const auto path = tests::writeFile(dir.file("f" + std::to_string(round)), bytes);
            for (auto format : {InputFormat::Heidgaf, InputFormat::Zeek, InputFormat::Unbound}) {
                core::event::NameTable names;
                try {
                    auto r = tests::readAll(path, format, core::config::defaultConfig(), names, 17);
                    QVERIFY(tests::identityHolds(r.stats));
                    QVERIFY(r.stats.events >= r.events.size());
                } catch (const core::formats::SourceError&) {
                    // Corruption can forge capture magic: a clean refusal is fine.
                }
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestParserFuzz)
#include "test_parser_fuzz.moc"
