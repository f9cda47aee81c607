#include <QtTest>

#include "core/formats/fixture_writer.h"
#include "core/formats/format_detection.h"

using namespace dnshound;
using core::formats::InputFormat;

class TestFormatDetection : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fromContent() {
        using core::formats::detectFormatFromContent;
        QCOMPARE(detectFormatFromContent("#separator \\x09\n#fields\tts\n"), InputFormat::Zeek);
        QCOMPARE(detectFormatFromContent("\n\n#fields\tts\tquery\n"), InputFormat::Zeek);
        QCOMPARE(detectFormatFromContent("{\"ts\": 1}\n"), InputFormat::Zeek);
        QCOMPARE(detectFormatFromContent("  {\"ts\": 1}\n"), InputFormat::Zeek);
        QCOMPARE(detectFormatFromContent("[1795804930] unbound[2084:0] info: 1.2.3.4 a. A IN\n"),
                 InputFormat::Unbound);
        QCOMPARE(detectFormatFromContent("Nov 27 10:00:00 unbound[2084:0] info: x\n"),
                 InputFormat::Unbound);
        QCOMPARE(detectFormatFromContent("Nov 27 10:00:00 host unbound: [1:0] info: x\n"),
                 InputFormat::Unbound);
        QCOMPARE(detectFormatFromContent("2024-07-12T12:00:00.1Z NXDOMAIN 1.2.3.4 8.8.8.8 a.com A "
                                         "0.0.0.0 1b\n"),
                 InputFormat::Heidgaf);
        QCOMPARE(detectFormatFromContent(""), InputFormat::Heidgaf);
        QCOMPARE(detectFormatFromContent(std::string("\xd4\xc3\xb2\xa1\x02\x00", 6)),
                 InputFormat::Pcap);
        QCOMPARE(detectFormatFromContent(std::string("\x0a\x0d\x0d\x0a\x1c\x00", 6)),
                 InputFormat::Pcap);
    }

    void capturesAreDetectedEvenCompressedAndRefusedAsText() {
        tests::TempDir dir;
        const std::string pcap("\xd4\xc3\xb2\xa1\x02\x00\x04\x00 some packet bytes", 26);
        const auto plain = tests::writeFile(dir.file("x.pcap"), pcap);
        const auto gz = tests::writeFile(dir.file("x.pcap.gz"), tests::gzipBytes(pcap));
        core::event::NameTable names;
        for (const auto& path : {plain, gz}) {
            QCOMPARE(core::formats::detectFormat(path), InputFormat::Pcap);
            for (auto format : {InputFormat::Heidgaf, InputFormat::Zeek, InputFormat::Unbound}) {
                try {
                    core::formats::openEventSource(path, format, core::config::defaultConfig(),
                                                   names, 0);
                    QFAIL("no error");
                } catch (const core::formats::SourceError& e) {
                    QVERIFY2(
                        std::string(e.what()).find("is a pcap/pcapng capture") != std::string::npos,
                        e.what());
                }
            }
        }
    }

    void gzipTransparentSniff() {
        tests::TempDir dir;
        const auto path = tests::writeFile(
            dir.file("dns.log"), tests::gzipBytes("{\"ts\": 1.5, \"id.orig_h\": \"10.0.0.1\", "
                                                  "\"query\": \"a.example\"}\n"));
        QCOMPARE(core::formats::detectFormat(path), InputFormat::Zeek);
        core::event::NameTable names;
        auto r = tests::readAll(path, InputFormat::Auto, core::config::defaultConfig(), names);
        QCOMPARE(r.events.size(), std::size_t(1));
        QCOMPARE(r.events[0].timeUs, std::int64_t(1'500'000));
    }

    void formatNames() {
        for (auto f : {InputFormat::Auto, InputFormat::Heidgaf, InputFormat::Zeek,
                       InputFormat::Unbound, InputFormat::Pcap})
            QCOMPARE(core::formats::inputFormatFromName(core::formats::inputFormatName(f)), f);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, core::formats::inputFormatFromName("bind"));
    }

    void progressReachesOne() {
        std::string lines;
        for (int i = 0; i < 20000; ++i)
            lines += "{\"ts\": " + std::to_string(i) +
                     ", \"id.orig_h\": \"10.0.0.1\", \"query\": \"q" + std::to_string(i) +
                     ".example\"}\n";
        tests::TempDir dir;
        const auto path = tests::writeFile(dir.file("p.json.gz"), tests::gzipBytes(lines));
        core::event::NameTable names;
        auto source = core::formats::openEventSource(path, InputFormat::Auto,
                                                     core::config::defaultConfig(), names, 0);
        std::vector<core::event::DnsEvent> out;
        double last = source->progress();
        QVERIFY(last >= 0.0);
        while (source->readBatch(out, 100)) {
            QVERIFY(source->progress() >= last);
            last = source->progress();
            QVERIFY(last <= 1.0);
        }
        QCOMPARE(source->progress(), 1.0);
        QCOMPARE(out.size(), std::size_t(20000));
    }
};

QTEST_APPLESS_MAIN(TestFormatDetection)
#include "test_format_detection.moc"
