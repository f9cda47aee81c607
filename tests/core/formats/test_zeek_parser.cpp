#include <QtTest>

#include "core/formats/fixture_writer.h"
#include "core/formats/flat_json_scanner.h"
#include "core/formats/zeek_record.h"

using namespace dnshound;
using core::formats::InputFormat;

namespace {

const char* kTsvHeader =
    "#separator \\x09\n"
    "#set_separator\t,\n"
    "#empty_field\t(empty)\n"
    "#unset_field\t-\n"
    "#path\tdns\n"
    "#open\t2021-03-19-16-07-56\n"
    "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\trtt\tquery\t"
    "qclass\tqclass_name\tqtype\tqtype_name\trcode\trcode_name\tAA\tTC\tRD\tRA\tZ\tanswers\tTTLs\t"
    "rejected\n"
    "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tcount\tinterval\tstring\tcount\tstring\t"
    "count\tstring\tcount\tstring\tbool\tbool\tbool\tbool\tcount\tvector[string]\tvector[interval]"
    "\t"
    "bool\n";

std::string row(const std::string& ts, const std::string& orig, const std::string& resp,
                const std::string& query, const std::string& qtype, const std::string& rcode,
                const std::string& answers) {
    return ts + "\tCuid\t" + orig + "\t5353\t" + resp + "\t53\tudp\t1\t0.01\t" + query +
           "\t1\tC_INTERNET\t" + qtype + "\tX\t" + rcode + "\tY\tF\tF\tT\tT\t0\t" + answers +
           "\t-\tF\n";
}

}  // namespace

class TestZeekParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tsvRowsAndHeaders() {
        std::string content = kTsvHeader;
        content += row("1610645203.325590", "192.168.0.20", "192.168.0.1", "Clients6.Google.com",
                       "28", "0", "clients.l.google.com,2a00:1450:4014:80c::200e");   // line 9
        content += row("1610645204.5", "fe80::1", "-", "x.local", "12", "-", "-");    // no rcode
        content += row("1610645205.0", "10.0.0.1", "10.0.0.53", "-", "-", "2", "-");  // no query
        content += row("bad", "10.0.0.1", "10.0.0.53", "a.com", "1", "0", "-");
        content += row("1610645206.0", "10.0.0.999", "10.0.0.53", "a.com", "1", "0", "-");
        content += row("1610645206.0", "10.0.0.1", "10.0.0.53", "a.com", "one", "0", "-");
        content += "1610645206.0\tshort\trow\n";
        content += "#close\t2021-03-19-17-00-00\n";
        // A second block with its own layout: fewer columns, names instead of numbers.
        content +=
            "#separator \\x09\n#set_separator\t;\n#unset_field\t-\n"
            "#fields\tquery\tts\tid.orig_h\tqtype_name\trcode_name\tanswers\n";
        content += "b.example.net\t1610645300.000001\t10.9.9.9\tTXT\tNXDOMAIN\tfoo;1.2.3.4\n";
        tests::TempDir dir;
        const auto path = tests::writeFile(dir.file("dns.log"), content);
        core::event::NameTable names;
        auto r = tests::readAll(path, InputFormat::Auto, core::config::defaultConfig(), names);
        QCOMPARE(r.format, InputFormat::Zeek);
        QCOMPARE(r.events.size(), std::size_t(3));
        const auto& a = r.events[0];
        QCOMPARE(a.timeUs, std::int64_t(1610645203325590));
        QCOMPARE(a.client.toString(), std::string("192.168.0.20"));
        QCOMPARE(a.server.toString(), std::string("192.168.0.1"));
        QCOMPARE(names.name(a.name), std::string_view("clients6.google.com"));
        QCOMPARE(a.qtype, std::uint16_t(28));
        QCOMPARE(a.rcode, std::uint16_t(0));
        QCOMPARE(a.answer.toString(), std::string("2a00:1450:4014:80c::200e"));
        QCOMPARE(a.sourceLine, std::uint64_t(9));
        const auto& b = r.events[1];
        QCOMPARE(b.rcode, core::event::kRcodeNone);
        QVERIFY(b.server.isUnspecified());
        QCOMPARE(b.qtype, std::uint16_t(12));
        const auto& c = r.events[2];
        QCOMPARE(names.name(c.name), std::string_view("b.example.net"));
        QCOMPARE(c.timeUs, std::int64_t(1610645300000001));
        QCOMPARE(c.qtype, std::uint16_t(16));
        QCOMPARE(c.rcode, core::event::kRcodeNxDomain);
        QCOMPARE(c.answer.toString(), std::string("1.2.3.4"));
        const std::map<std::string, std::uint64_t> expected{
            {"bad ts", 1}, {"bad id.orig_h", 1}, {"bad qtype", 1}, {"field count", 1}};
        QCOMPARE(r.stats.rejectsByReason, expected);
        // 8 + 1 + 4 header lines, and the row without a query.
        QCOMPARE(r.stats.linesSkipped, std::uint64_t(14));
        QVERIFY(tests::identityHolds(r.stats));
    }

    void jsonLines() {
        const std::string content =
            "{\"ts\": 1517336042.279652, \"uid\": \"C1\", \"id.orig_h\": \"192.168.88.2\", "
            "\"id.orig_p\": 55638, \"id.resp_h\": \"165.227.88.15\", \"query\": "
            "\"6dde01.dnsc.r-1x.com\", \"qtype\": 16, \"qtype_name\": \"TXT\", \"rcode\": 0, "
            "\"rcode_name\": \"NOERROR\", \"AA\": false, \"answers\": [\"TXT 18 302f01\"], "
            "\"TTLs\": [60.0], \"nested\": {\"a\": [1, {\"b\": \"]\"}]}}"
            "\n"
            "{\"ts\":\"2021-05-12T11:23:31.468812Z\",\"id.orig_h\":\"10.0.2.15\",\"query\":"
            "\"a\\u0062c.Example.com\",\"qtype_name\":\"AAAA\",\"rcode_name\":\"NXDOMAIN\","
            "\"answers\":[\"cname.example.com\",\"2001:db8::1\"]}"
            "\n"
            "{\"ts\": 1, \"id.orig_h\": \"10.0.0.1\", \"query\": \"a.com\", "
            "\n"
            "{\"ts\": 1, \"id.orig_h\": \"10.0.0.1\"}"
            "\n"
            "{\"ts\": 1, \"id.orig_h\": \"10.0.0.1\", \"query\": [\"a.com\"]}"
            "\n"
            "{\"ts\": 1, \"id.orig_h\": \"not-ip\", \"query\": \"a.com\"}"
            "\n"
            "{\"ts\": \"yesterday\", \"id.orig_h\": \"10.0.0.1\", \"query\": \"a.com\"}"
            "\n"
            "{\"ts\": 2, \"id.orig_h\": \"10.0.0.1\", \"query\": \"q.com\", \"rcode\": null} "
            "trailing"
            "\n";
        tests::TempDir dir;
        const auto path = tests::writeFile(dir.file("dns.json"), content);
        core::event::NameTable names;
        auto r = tests::readAll(path, InputFormat::Auto, core::config::defaultConfig(), names);
        QCOMPARE(r.format, InputFormat::Zeek);
        QCOMPARE(r.events.size(), std::size_t(2));
        const auto& a = r.events[0];
        QCOMPARE(a.timeUs, std::int64_t(1517336042279652));
        QCOMPARE(names.name(a.name), std::string_view("6dde01.dnsc.r-1x.com"));
        QCOMPARE(a.qtype, std::uint16_t(16));
        QCOMPARE(a.rcode, std::uint16_t(0));
        QVERIFY(a.answer.isUnspecified());
        const auto& b = r.events[1];
        QCOMPARE(b.timeUs, QDateTime::fromString(QStringLiteral("2021-05-12T11:23:31.468Z"),
                                                 Qt::ISODateWithMs)
                                       .toMSecsSinceEpoch() *
                                   1000 +
                               812);
        QCOMPARE(names.name(b.name), std::string_view("abc.example.com"));
        QCOMPARE(b.qtype, std::uint16_t(28));
        QCOMPARE(b.rcode, core::event::kRcodeNxDomain);
        QCOMPARE(b.answer.toString(), std::string("2001:db8::1"));
        const std::map<std::string, std::uint64_t> expected{
            {"bad json", 2}, {"bad json value", 1}, {"bad id.orig_h", 1}, {"bad ts", 1}};
        QCOMPARE(r.stats.rejectsByReason, expected);
        QCOMPARE(r.stats.linesSkipped, std::uint64_t(1));  // no query
        QVERIFY(tests::identityHolds(r.stats));
    }

    void epochTimes() {
        std::int64_t us = 0;
        QVERIFY(core::formats::parseEpochMicros("97.14833899999999", us));
        QCOMPARE(us, std::int64_t(97148339));
        QVERIFY(core::formats::parseEpochMicros("1517336042", us));
        QCOMPARE(us, std::int64_t(1517336042000000));
        QVERIFY(core::formats::parseEpochMicros("1.5e3", us));
        QCOMPARE(us, std::int64_t(1500000000));
        for (const char* bad : {"", ".5", "1.", "-1", "1x", "1e", "9999999999999"})
            QVERIFY2(!core::formats::parseEpochMicros(bad, us), bad);
    }

    void jsonScanner() {
        using S = core::formats::FlatJsonScanner;
        S ok(
            " { \"a\" : \"x\\\"y\" , \"b\":-1.5e3,\"c\":[ \"s\", 2 ],\"d\":{\"e\":[]},\"f\":null "
            "} ");
        S::Member m;
        int count = 0;
        while (ok.next(m)) ++count;
        QVERIFY(!ok.failed());
        QCOMPARE(count, 5);
        for (const char* bad :
             {"", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":[1}", "[1]", "{\"a\":tru}",
              "{\"a\":\"\\q\"}", "{\"a\":1}}", "{\"a\":\"\x01\"}"}) {
            S s(bad);
            while (s.next(m)) {
            }
            QVERIFY2(s.failed(), bad);
        }
        std::string out;
        QVERIFY(S::decodeString("a\\u00e9\\n\\/", out));
        QCOMPARE(out, std::string("a\xc3\xa9\n/"));
    }
};

QTEST_APPLESS_MAIN(TestZeekParser)
#include "test_zeek_parser.moc"
