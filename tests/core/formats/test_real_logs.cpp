#include <QtTest>

#include <filesystem>

#include "core/formats/fixture_writer.h"

using namespace dnshound;
using core::formats::InputFormat;

// Every real Zeek log of the shared data folder must open with Auto and parse almost entirely.
class TestRealLogs : public QObject {
    Q_OBJECT

    std::filesystem::path m_logs = std::filesystem::path(DNSHOUND_SHARED_DATA) / "logs";

private Q_SLOTS:
    void initTestCase() {
        if (!std::filesystem::is_directory(m_logs))
            QSKIP("shared data folder (DNSHOUND_SHARED_DATA/logs) is absent");
    }

    void everyLogParses() {
        int files = 0;
        std::uint64_t totalEvents = 0;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(m_logs)) {
            if (!entry.is_regular_file()) continue;
            const std::string name = entry.path().filename().string();
            if (name.find("dns") == std::string::npos) continue;  // READMEs, label configs
            core::event::NameTable names;
            auto r = tests::readAll(entry.path().string(), InputFormat::Auto,
                                    core::config::defaultConfig(), names);
            ++files;
            totalEvents += r.events.size();
            qInfo("%s: %s lines %llu valid %llu rejected %llu skipped %llu events %zu",
                  entry.path().lexically_relative(m_logs).c_str(),
                  std::string(core::formats::inputFormatName(r.format)).c_str(),
                  static_cast<unsigned long long>(r.stats.linesTotal),
                  static_cast<unsigned long long>(r.stats.linesValid),
                  static_cast<unsigned long long>(r.stats.linesRejected),
                  static_cast<unsigned long long>(r.stats.linesSkipped), r.events.size());
            for (const auto& s : r.stats.samples)
                qInfo("  reject line %llu (%s): %.120s", static_cast<unsigned long long>(s.line),
                      s.reason.c_str(), s.text.c_str());
            QCOMPARE(r.format, InputFormat::Zeek);
            QVERIFY(tests::identityHolds(r.stats));
            QVERIFY2(r.stats.linesRejected == 0, name.c_str());
            QVERIFY(r.events.size() > 0);
            for (const auto& e : r.events) QVERIFY(!e.client.isUnspecified());
        }
        qInfo("%d files, %llu events", files, static_cast<unsigned long long>(totalEvents));
        QVERIFY(files >= 10);
    }

    void knownValuesOfTheDnscat2Capture() {
        const auto path = m_logs / "rita_zeek" / "json_with_all_fields" / "dns.log.gz";
        if (!std::filesystem::exists(path)) QSKIP("json_with_all_fields/dns.log.gz is absent");
        // Expected count from the raw text, independently of the parser.
        const std::string raw = tests::gunzipFile(path.string());
        std::size_t expected = 0;
        for (std::size_t pos = 0; (pos = raw.find(".r-1x.com\"", pos)) != std::string::npos; ++pos)
            ++expected;
        QVERIFY(expected > 0);
        core::event::NameTable names;
        auto r =
            tests::readAll(path.string(), InputFormat::Auto, core::config::defaultConfig(), names);
        std::size_t c2 = 0;
        for (const auto& e : r.events) {
            const auto n = names.name(e.name);
            if (n.size() > 9 && n.substr(n.size() - 9) == ".r-1x.com") {
                ++c2;
                QCOMPARE(e.qtype, std::uint16_t(16));  // dnscat2 over TXT
                QCOMPARE(e.client.toString(), std::string("192.168.88.2"));
            }
        }
        QCOMPARE(c2, expected);
        // The first record of the file, as read by eye.
        const auto& first = r.events.front();
        QCOMPARE(first.timeUs, std::int64_t(1517336042279652));
        QCOMPARE(names.name(first.name), std::string_view("6dde0175375169c68f.dnsc.r-1x.com"));
        QCOMPARE(first.server.toString(), std::string("165.227.88.15"));
        QCOMPARE(first.rcode, std::uint16_t(0));
        QCOMPARE(first.sourceLine, std::uint64_t(1));
    }
};

QTEST_APPLESS_MAIN(TestRealLogs)
#include "test_real_logs.moc"
