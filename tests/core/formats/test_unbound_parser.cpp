#include <QtTest>

#include <filesystem>

#include "core/formats/fixture_writer.h"

using namespace dnshound;
using core::formats::InputFormat;

class TestUnboundParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void queriesAndRepliesPair() {
        const std::string content =
            "[1795804900] unbound[2084:0] notice: init module 0: iterator\n"
            "[1795804900] unbound[2084:0] info: start of service (unbound 1.17.1).\n"
            "[1795804930] unbound[2084:0] info: 127.0.0.1 8ocEOQRRBA.t.tunnel-test.net. TXT IN\n"
            "[1795804930] unbound[2084:0] info: 127.0.0.2 other.example. A IN\n"
            "[1795804930] unbound[2084:0] info: 127.0.0.1 8ocEOQRRBA.t.tunnel-test.net. TXT IN "
            "NOERROR 0.026573 0 69\n"
            "[1795804931] unbound[2084:0] info: 127.0.0.9 orphan.example. AAAA IN NXDOMAIN "
            "0.000000 1 101\n"
            "[1795804935] unbound[2084:0] info: 127.0.0.3 late.example. NULL IN\n"
            "garbage without the daemon tag\n"
            "[17958x] unbound[2084:0] info: 127.0.0.3 bad-time.example. A IN\n"
            "[1795804936] unbound[2084:0] info: 127.0.0.3 bad-type.example. BOGUS IN\n"
            "[1795804936] unbound[2084:0] info: 127.0.0.3 x.example. A IN WHAT 0.1 0 5\n"
            "[1795804936] unbound[2084:0] info: 127.0.0.3 x.example. A\n"
            "[1795804941] unbound[2084:0] info: 127.0.0.4 trigger.example. MX IN\n"  // expires :30
            "[1795804941] unbound[2084:0] info: server stats for thread 0: 5 queries\n";
        tests::TempDir dir;
        const auto path = tests::writeFile(dir.file("unbound.log"), content);
        core::event::NameTable names;
        auto r = tests::readAll(path, InputFormat::Auto, core::config::defaultConfig(), names, 1);
        QCOMPARE(r.format, InputFormat::Unbound);
        auto find = [&](std::string_view name) -> const core::event::DnsEvent* {
            for (const auto& e : r.events)
                if (names.name(e.name) == name) return &e;
            return nullptr;
        };
        QCOMPARE(r.events.size(), std::size_t(5));
        const auto* tunnel = find("8ocEOQRRBA.t.tunnel-test.net");
        QVERIFY(!tunnel);  // names are lower-cased
        tunnel = find("8oceoqrrba.t.tunnel-test.net");
        QVERIFY(tunnel);
        QCOMPARE(tunnel->timeUs, std::int64_t(1795804930) * 1'000'000);
        QCOMPARE(tunnel->client.toString(), std::string("127.0.0.1"));
        QCOMPARE(tunnel->qtype, std::uint16_t(16));
        QCOMPARE(tunnel->rcode, std::uint16_t(0));
        QCOMPARE(tunnel->responseBytes, 69u);
        QCOMPARE(tunnel->sourceLine, std::uint64_t(3));
        const auto* other = find("other.example");  // expired unanswered by the :41 line
        QVERIFY(other);
        QCOMPARE(other->rcode, core::event::kRcodeNone);
        const auto* orphan = find("orphan.example");
        QVERIFY(orphan);
        QCOMPARE(orphan->rcode, core::event::kRcodeNxDomain);
        QCOMPARE(orphan->responseBytes, 101u);
        QCOMPARE(find("late.example")->qtype, std::uint16_t(10));
        QCOMPARE(find("late.example")->rcode, core::event::kRcodeNone);  // end of input
        QVERIFY(find("trigger.example"));
        const std::map<std::string, std::uint64_t> expected{{"not an unbound line", 1},
                                                            {"bad timestamp", 1},
                                                            {"bad record_type", 1},
                                                            {"bad status_code", 1},
                                                            {"bad query line", 1}};
        QCOMPARE(r.stats.rejectsByReason, expected);
        QCOMPARE(r.stats.linesSkipped, std::uint64_t(3));
        QVERIFY(tests::identityHolds(r.stats));
        // events == query lines + replies without a pending query
        QCOMPARE(r.stats.events, std::uint64_t(5));
        QCOMPARE(r.stats.linesValid, std::uint64_t(6));
    }

    void asciiAndSyslogTimesUseTheFileYear() {
        const std::string content =
            "Nov 27 10:00:00 unbound[2084:0] info: 10.0.0.1 a.example. A IN\n"
            "Nov  7 10:00:01 resolver1 unbound[2084]: [2084:0] info: 10.0.0.2 b.example. AAAA IN "
            "SERVFAIL 1.5 0 30\n"
            "2023-11-27T10:00:02.250+01:00 resolver1 unbound: [2084:0] info: 10.0.0.3 c.example. "
            "TXT CH\n";
        tests::TempDir dir;
        const auto path = tests::writeFile(dir.file("ascii.log"), content);
        const auto mtime = std::filesystem::file_time_type::clock::now() -
                           std::chrono::hours(24 * 365 * 3);  // some earlier year
        std::filesystem::last_write_time(path, mtime);
        const int year =
            QFileInfo(QString::fromStdString(path)).lastModified().toUTC().date().year();
        core::event::NameTable names;
        auto r = tests::readAll(path, InputFormat::Unbound, core::config::defaultConfig(), names);
        QCOMPARE(r.stats.linesRejected, std::uint64_t(0));
        QCOMPARE(r.events.size(), std::size_t(3));
        auto us = [](int y, int mo, int d, int h, int mi, int s) {
            return QDateTime(QDate(y, mo, d), QTime(h, mi, s), Qt::UTC).toMSecsSinceEpoch() * 1000;
        };
        std::map<std::string, std::int64_t> times;
        for (const auto& e : r.events) times[std::string(names.name(e.name))] = e.timeUs;
        QCOMPARE(times["a.example"], us(year, 11, 27, 10, 0, 0));
        QCOMPARE(times["b.example"], us(year, 11, 7, 10, 0, 1));
        QCOMPARE(times["c.example"], us(2023, 11, 27, 9, 0, 2) + 250'000);
    }
};

QTEST_APPLESS_MAIN(TestUnboundParser)
#include "test_unbound_parser.moc"
