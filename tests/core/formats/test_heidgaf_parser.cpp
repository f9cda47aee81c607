#include <QtTest>

#include <chrono>

#include "core/formats/fixture_writer.h"

using namespace dnshound;
using core::formats::InputFormat;

namespace {

std::int64_t isoUs(const char* iso) {
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toMSecsSinceEpoch() *
           1000;
}

std::string ip(const core::event::IpAddress& a) {
    return a.toString();
}

const char* kGood1 =
    "2024-07-12T12:00:00.123Z NXDOMAIN 192.168.0.1 8.8.8.8 Example.COM. A 0.0.0.0 120b";
const char* kGood2 =
    "2024-07-12T12:00:01.5Z  NOERROR   2001:db8::7  9.9.9.9  _ldap._tcp.corp.lan TXT 93.184.216.34 "
    "512b";

}  // namespace

class TestHeidgafParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void goodLinesGiveExactEvents() {
        tests::TempDir dir;
        const auto path =
            tests::writeFile(dir.file("a.log"), std::string(kGood1) + "\n" + kGood2 + "\n");
        core::event::NameTable names;
        auto r = tests::readAll(path, InputFormat::Heidgaf, core::config::defaultConfig(), names);
        QCOMPARE(r.events.size(), std::size_t(2));
        const auto& a = r.events[0];
        QCOMPARE(a.timeUs, isoUs("2024-07-12T12:00:00.123Z"));
        QCOMPARE(ip(a.client), std::string("192.168.0.1"));
        QCOMPARE(ip(a.server), std::string("8.8.8.8"));
        QVERIFY(a.answer.isUnspecified());  // heiDGAF's 0.0.0.0 means "no address"
        QCOMPARE(names.name(a.name), std::string_view("example.com"));
        QCOMPARE(a.qtype, std::uint16_t(1));
        QCOMPARE(a.rcode, core::event::kRcodeNxDomain);
        QCOMPARE(a.responseBytes, 120u);
        QCOMPARE(a.sourceId, 7u);
        QCOMPARE(a.sourceLine, std::uint64_t(1));
        const auto& b = r.events[1];
        QCOMPARE(b.timeUs, isoUs("2024-07-12T12:00:01.500Z"));
        QCOMPARE(ip(b.client), std::string("2001:db8::7"));
        QCOMPARE(ip(b.answer), std::string("93.184.216.34"));
        QCOMPARE(names.name(b.name), std::string_view("_ldap._tcp.corp.lan"));
        QCOMPARE(b.qtype, std::uint16_t(16));
        QCOMPARE(b.rcode, core::event::kRcodeNoError);
        QCOMPARE(b.responseBytes, 512u);
        QCOMPARE(r.stats.linesTotal, std::uint64_t(2));
        QCOMPARE(r.stats.linesValid, std::uint64_t(2));
        QCOMPARE(r.stats.events, std::uint64_t(2));
    }

    void malformedLinesCountedByReason() {
        const std::vector<std::pair<std::string, std::string>> bad = {
            {"field count", "2024-07-12T12:00:00.1Z NXDOMAIN 1.2.3.4 8.8.8.8 a.com A 0.0.0.0"},
            {"bad timestamp", "2024-13-12T12:00:00.1Z NXDOMAIN 1.2.3.4 8.8.8.8 a.com A 0.0.0.0 1b"},
            {"bad status_code",
             "2024-07-12T12:00:00.1Z NOTACODE 1.2.3.4 8.8.8.8 a.com A 0.0.0.0 1b"},
            {"bad client_ip",
             "2024-07-12T12:00:00.1Z NXDOMAIN 300.2.3.4 8.8.8.8 a.com A 0.0.0.0 1b"},
            {"bad dns_server_ip", "2024-07-12T12:00:00.1Z NXDOMAIN 1.2.3.4 dns a.com A 0.0.0.0 1b"},
            {"bad domain_name",
             "2024-07-12T12:00:00.1Z NXDOMAIN 1.2.3.4 8.8.8.8 a..com A 0.0.0.0 1b"},
            {"bad domain_name", "2024-07-12T12:00:00.1Z NXDOMAIN 1.2.3.4 8.8.8.8 " +
                                    std::string(64, 'x') + ".com A 0.0.0.0 1b"},
            {"bad record_type",
             "2024-07-12T12:00:00.1Z NXDOMAIN 1.2.3.4 8.8.8.8 a.com AAA 0.0.0.0 1b"},
            {"bad response_ip", "2024-07-12T12:00:00.1Z NXDOMAIN 1.2.3.4 8.8.8.8 a.com A - 1b"},
            {"bad size", "2024-07-12T12:00:00.1Z NXDOMAIN 1.2.3.4 8.8.8.8 a.com A 0.0.0.0 12x"},
            {"field count", std::string("\x01\x02\xff garbage", 11)},
            {"field count", std::string("2024-07-12T12:00:00.1Z\0NXDOMAIN", 31)},
            {"line too long", std::string(1 << 20, 'a')},
        };
        std::string content = std::string(kGood1) + "\n\n";  // blank line: skipped
        for (const auto& [reason, line] : bad) content += line + "\n" + kGood2 + "\n";
        tests::TempDir dir;
        const auto path = tests::writeFile(dir.file("bad.log"), content);
        core::event::NameTable names;
        auto r =
            tests::readAll(path, InputFormat::Heidgaf, core::config::defaultConfig(), names, 3);
        QCOMPARE(r.events.size(), bad.size() + 1);  // every valid line survives
        QCOMPARE(r.stats.linesRejected, std::uint64_t(bad.size()));
        QCOMPARE(r.stats.linesSkipped, std::uint64_t(1));
        QVERIFY(tests::identityHolds(r.stats));
        std::map<std::string, std::uint64_t> expected;
        for (const auto& [reason, line] : bad) ++expected[reason];
        for (const auto& [k, v] : r.stats.rejectsByReason)
            qInfo("%s: %llu", k.c_str(), static_cast<unsigned long long>(v));
        QCOMPARE(r.stats.rejectsByReason, expected);
        for (const auto& s : r.stats.samples) QVERIFY(s.text.size() <= 512);
        // Line numbers of samples point at the bad lines (line 3 is the first bad one).
        QCOMPARE(r.stats.samples.front().line, std::uint64_t(3));
    }

    void domainPatternJudgesEveryRawSpelling() {
        // The parser remembers names whose normalised text passed the pattern; a different raw
        // spelling of a known name must still meet the pattern itself.
        const auto config = core::config::loadConfigText(R"(pipeline:
  log_collection:
    collector:
      logline_format:
        - [timestamp, Timestamp, "%Y-%m-%dT%H:%M:%S.%fZ"]
        - [client_ip, IpAddress]
        - [domain_name, RegEx, '^[a-z.]+$']
)",
                                                         "lower.yaml");
        tests::TempDir dir;
        const std::string t = "2024-07-12T12:00:00.1Z 10.0.0.1 ";
        const auto path = tests::writeFile(
            dir.file("d.log"), t + "Example.com\n" + t + "example.com\n" + t + "Example.com\n" + t +
                                   "example.com\n" + t + "example.com.\n");
        core::event::NameTable names;
        auto r = tests::readAll(path, InputFormat::Heidgaf, config, names);
        // Lines 1 and 3 fail the pattern (upper case); 2, 4 and 5 ('.' is in the class) pass.
        QCOMPARE(r.stats.linesValid, std::uint64_t(3));
        QCOMPARE(r.stats.linesRejected, std::uint64_t(2));
        QCOMPARE(r.events.size(), std::size_t(3));
        QCOMPARE(r.events[0].sourceLine, std::uint64_t(2));
        QCOMPARE(r.events[1].sourceLine, std::uint64_t(4));
        QCOMPARE(r.events[2].sourceLine, std::uint64_t(5));
        QCOMPARE(r.events[2].name, r.events[0].name);
    }

    void heidgafOwnConfigRejectsWhatItCannotSee() {
        const auto config = core::config::loadConfigText(R"(pipeline:
  log_collection:
    collector:
      logline_format:
        - [ "timestamp", Timestamp, "%Y-%m-%dT%H:%M:%S.%fZ" ]
        - [ "status_code", ListItem, [ "NOERROR", "NXDOMAIN" ], [ "NXDOMAIN" ] ]
        - [ "client_ip", IpAddress ]
        - [ "dns_server_ip", IpAddress ]
        - [ "domain_name", RegEx, '^(?=.{1,253}$)((?!-)[A-Za-z0-9-]{1,63}(?<!-)\.)+[A-Za-z]{2,63}$' ]
        - [ "record_type", ListItem, [ "A", "AAAA" ] ]
        - [ "response_ip", IpAddress ]
        - [ "size", RegEx, '^\d+b$' ]
)",
                                                         "heidgaf.yaml");
        tests::TempDir dir;
        const auto path = tests::writeFile(
            dir.file("h.log"),
            "2024-07-12T12:00:00.1Z NXDOMAIN 1.2.3.4 8.8.8.8 good.example.com AAAA :: 1b\n"
            "2024-07-12T12:00:00.1Z NXDOMAIN 1.2.3.4 8.8.8.8 tunnel.example.com TXT :: 1b\n"
            "2024-07-12T12:00:00.1Z NXDOMAIN 1.2.3.4 8.8.8.8 _srv.example.com A :: 1b\n"
            "2024-07-12T12:00:00.1Z NXDOMAIN 1.2.3.4 8.8.8.8 -bad.example.com A :: 1b\n");
        core::event::NameTable names;
        auto r = tests::readAll(path, InputFormat::Heidgaf, config, names);
        QCOMPARE(r.events.size(), std::size_t(1));
        QCOMPARE(r.stats.rejectsByReason.at("bad record_type"), std::uint64_t(1));
        QCOMPARE(r.stats.rejectsByReason.at("bad domain_name"), std::uint64_t(2));
    }

    void crlfGzipAndNoFinalNewline() {
        const std::string lines = std::string(kGood1) + "\r\n" + kGood2;  // no final newline
        tests::TempDir dir;
        const auto plain = tests::writeFile(dir.file("p.log"), lines);
        const auto gz = tests::writeFile(dir.file("p.log.gz"), tests::gzipBytes(lines));
        const auto gzNamedPlain = tests::writeFile(dir.file("z.log"), tests::gzipBytes(lines));
        for (const auto& path : {plain, gz, gzNamedPlain}) {
            core::event::NameTable names;
            auto r = tests::readAll(path, InputFormat::Auto, core::config::defaultConfig(), names);
            QCOMPARE(r.format, InputFormat::Heidgaf);
            QCOMPARE(r.events.size(), std::size_t(2));
            QCOMPARE(r.stats.linesRejected, std::uint64_t(0));
            QCOMPARE(r.events[1].responseBytes, 512u);
        }
    }

    void truncatedGzipKeepsLinesBeforeTheCut() {
        std::string lines;
        for (int i = 0; i < 5000; ++i)
            lines += "2024-07-12T12:00:00.1Z NXDOMAIN 10.0.0." + std::to_string(i % 250) +
                     " 8.8.8.8 n" + std::to_string(i) + ".example.com A 0.0.0.0 " +
                     std::to_string(i) + "b\n";
        const std::string gz = tests::gzipBytes(lines);
        tests::TempDir dir;
        const auto path = tests::writeFile(dir.file("t.log.gz"), gz.substr(0, gz.size() / 2));
        core::event::NameTable names;
        auto r = tests::readAll(path, InputFormat::Auto, core::config::defaultConfig(), names);
        qInfo("truncated gzip: %zu events, rejects %llu", r.events.size(),
              static_cast<unsigned long long>(r.stats.linesRejected));
        QVERIFY(r.events.size() > 1000);
        QVERIFY(r.events.size() < 5000);
        QCOMPARE(r.stats.rejectsByReason.at("truncated gzip"), std::uint64_t(1));
        QCOMPARE(r.stats.linesRejected, std::uint64_t(1));
        QVERIFY(tests::identityHolds(r.stats));
        for (std::size_t i = 0; i < r.events.size(); ++i)
            QCOMPARE(r.events[i].responseBytes, static_cast<std::uint32_t>(i));
    }

    void emptyFile() {
        tests::TempDir dir;
        const auto path = tests::writeFile(dir.file("e.log"), "");
        core::event::NameTable names;
        auto r = tests::readAll(path, InputFormat::Auto, core::config::defaultConfig(), names);
        QCOMPARE(r.events.size(), std::size_t(0));
        QCOMPARE(r.stats.linesTotal, std::uint64_t(0));
    }

    void missingFileIsSourceError() {
        core::event::NameTable names;
        QVERIFY_THROWS_EXCEPTION(
            core::formats::SourceError,
            core::formats::openEventSource("/nonexistent/x.log", InputFormat::Auto,
                                           core::config::defaultConfig(), names, 0));
    }

    void parseSpeed() {
        // A timing printout for the report; never asserted.
        std::string lines;
        const int kLines = 400'000;
        lines.reserve(static_cast<std::size_t>(kLines) * 100);
        const char* types[] = {"A", "AAAA", "TXT", "MX"};
        const char* rcodes[] = {"NOERROR", "NXDOMAIN"};
        for (int i = 0; i < kLines; ++i) {
            lines += "2024-07-12T12:";
            lines += std::to_string(10 + (i / 60000) % 50) + ":" +
                     std::to_string(10 + (i / 1000) % 50) + "." + std::to_string(i % 1000) + "Z " +
                     rcodes[i % 2] + " 10.1." + std::to_string(i % 200) + "." +
                     std::to_string(i % 97) + " 8.8.8.8 h" + std::to_string(i % 20000) +
                     ".example.org " + types[i % 4] + " 1.2.3." + std::to_string(i % 250) + " " +
                     std::to_string(60 + i % 400) + "b\n";
        }
        tests::TempDir dir;
        const auto path = tests::writeFile(dir.file("speed.log"), lines);
        core::event::NameTable names;
        const auto start = std::chrono::steady_clock::now();
        auto r =
            tests::readAll(path, InputFormat::Heidgaf, core::config::defaultConfig(), names, 4096);
        const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        QCOMPARE(r.events.size(), std::size_t(kLines));
        qInfo("heidgaf parse: %d lines in %.3f s = %.2f M lines/s (%.1f MB/s)", kLines, secs,
              kLines / secs / 1e6, static_cast<double>(lines.size()) / secs / 1e6);
    }
};

QTEST_APPLESS_MAIN(TestHeidgafParser)
#include "test_heidgaf_parser.moc"
