// Deterministic mutation fuzzing of the DNS wire parser and of the capture reader around it.
#include <QtTest>

#include <random>

#include "core/formats/capture_writer.h"
#include "core/formats/dns_message.h"
#include "core/formats/fixture_writer.h"
#include "core/formats/pcap_source.h"

using namespace dnshound;
using core::formats::DnsError;
using tests::Bytes;

namespace {

std::vector<Bytes> seedMessages() {
    std::vector<Bytes> seeds{tests::dnsQuery(1, "www.example.com"),
                             tests::dnsQuery(2, "a.b.c.d.e.f.g.example.org", 16),
                             tests::dnsResponse(3, "Mail.Example.net", 1, 0, 0x01020304),
                             tests::dnsResponse(4, "nx.example", 1, 3)};
    // A response with a pointer chain: answer owner "www" + pointer to the question name, then
    // an AAAA record owned by a pointer to that owner.
    Bytes chain = tests::dnsHeader(5, 0x8180, 1, 2);
    tests::append(chain, tests::wireName("example.com"));
    tests::put16(chain, 28);
    tests::put16(chain, 1);
    const auto owner = static_cast<std::uint8_t>(chain.size());
    tests::append(chain,
                  Bytes{3, 'w', 'w', 'w', 0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 2, 0xc0, 12});
    tests::append(chain, Bytes{0xc0, owner, 0, 28, 0, 1, 0, 0, 0, 60, 0, 16});
    for (int i = 0; i < 16; ++i) chain.push_back(static_cast<std::uint8_t>(i));
    seeds.push_back(chain);
    return seeds;
}

Bytes mutate(std::mt19937_64& rng, Bytes m) {
    const int kind = static_cast<int>(rng() % 5);
    const auto pos = [&] { return m.empty() ? 0 : rng() % m.size(); };
    switch (kind) {
        case 0:  // bit flips
            for (int i = 1 + static_cast<int>(rng() % 4); i > 0 && !m.empty(); --i)
                m[pos()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
            break;
        case 1:  // truncation
            m.resize(pos());
            break;
        case 2:  // pointer corruption: a pointer anywhere, to anywhere
            if (m.size() > 2) {
                const std::size_t at = pos() % (m.size() - 1);
                m[at] = static_cast<std::uint8_t>(0xc0 | (rng() % 4 == 0 ? rng() % 64 : 0));
                m[at + 1] = static_cast<std::uint8_t>(rng());
            }
            break;
        case 3:  // label length corruption
            if (m.size() > 12)
                m[12 + rng() % (m.size() - 12)] = static_cast<std::uint8_t>(rng() % 256);
            break;
        default:  // count corruption
            if (m.size() >= 12) m[4 + rng() % 8] = static_cast<std::uint8_t>(rng());
            break;
    }
    return m;
}

}  // namespace

class TestDnsMessageFuzz : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void seedsParse() {
        core::formats::DnsNameBuffer buf;
        for (const auto& seed : seedMessages()) {
            core::formats::DnsMessage msg;
            QCOMPARE(core::formats::parseDnsMessage(seed, msg, buf), DnsError::None);
        }
        core::formats::DnsMessage msg;
        const auto seeds = seedMessages();
        QCOMPARE(core::formats::parseDnsMessage(seeds.back(), msg, buf), DnsError::None);
        QVERIFY(msg.hasAnswer);  // found behind a CNAME-like record owned by a pointer chain
        QCOMPARE(msg.answer.bytes[15], std::uint8_t(15));
    }

    void mutatedMessagesNeverCrash() {
        std::mt19937_64 rng(20261127);
        const auto seeds = seedMessages();
        core::formats::DnsNameBuffer buf;
        std::map<DnsError, int> outcomes;
        constexpr int kIterations = 60'000;
        for (int i = 0; i < kIterations; ++i) {
            Bytes m = seeds[rng() % seeds.size()];
            for (int rounds = 1 + static_cast<int>(rng() % 3); rounds > 0; --rounds)
                m = mutate(rng, m);
            core::formats::DnsMessage msg;
            const DnsError e = core::formats::parseDnsMessage(m, msg, buf);
            ++outcomes[e];
            if (e == DnsError::None) {
                QVERIFY(msg.qname.size() <= 254);
                QVERIFY(msg.qdcount > 0);
            }
            // Names read from arbitrary offsets must fail cleanly too.
            std::size_t length = 0, next = 0;
            if (!m.empty()) {
                const std::size_t at = rng() % m.size();
                if (core::formats::readDnsName(m, at, buf, length, next) == DnsError::None) {
                    QVERIFY(length <= 254);
                    QVERIFY(next > at && next <= m.size());
                }
            }
        }
        int total = 0;
        for (const auto& [error, n] : outcomes) total += n;
        QCOMPARE(total, kIterations);
        QVERIFY(outcomes[DnsError::None] > 0);
        QVERIFY(outcomes[DnsError::Truncated] > 0);
        QVERIFY(outcomes[DnsError::CompressionLoop] + outcomes[DnsError::BadPointer] > 0);
    }

    // Labels of every length and byte value, with and without bytes after them, and names
    // continued through a pointer: the text is lower-cased byte by byte and a name is plain
    // unless a label holds a control character, DEL or '.'.
    void namesMatchByteReference() {
        struct Label {
            std::size_t offset;
            std::string text;
        };
        std::mt19937_64 rng(20261128);
        core::formats::DnsNameBuffer buf;
        int plain = 0, odd = 0;
        for (int i = 0; i < 20'000; ++i) {
            Bytes m = tests::dnsHeader(static_cast<std::uint16_t>(i), 0x0100, 1, 0);
            // Appends random labels to m, noting each one's offset and expected text; true
            // when all are plain.
            const auto appendLabels = [&](int count, std::vector<Label>& labels) {
                bool allPlain = true;
                for (int l = 0; l < count; ++l) {
                    const auto len = static_cast<std::uint8_t>(1 + rng() % 40);
                    Label label{m.size(), {}};
                    m.push_back(len);
                    const bool printable = rng() % 2 == 0;
                    for (int k = 0; k < len; ++k) {
                        const auto c = static_cast<std::uint8_t>(printable ? 0x20 + rng() % 0x5f
                                                                           : rng() % 256);
                        m.push_back(c);
                        label.text += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
                        if (c < 0x20 || c == 0x7f || c == '.') allPlain = false;
                    }
                    labels.push_back(label);
                }
                return allPlain;
            };
            const auto join = [](const std::vector<Label>& labels, std::size_t fromOffset) {
                std::string text;
                for (const Label& l : labels)
                    if (l.offset >= fromOffset) text += (text.empty() ? "" : ".") + l.text;
                return text;
            };
            std::vector<Label> question;
            const bool expectPlain = appendLabels(1 + static_cast<int>(rng() % 4), question);
            m.push_back(0);
            tests::append(m, Bytes{0, 1, 0, 1});
            // A second name after the question: a few labels, then a pointer into the question,
            // then sometimes nothing, sometimes a few more bytes.
            const std::size_t second = m.size();
            std::vector<Label> prefix;
            appendLabels(static_cast<int>(rng() % 3), prefix);
            const std::size_t target = question[rng() % question.size()].offset;
            m.push_back(static_cast<std::uint8_t>(0xc0 | target >> 8));
            m.push_back(static_cast<std::uint8_t>(target));
            const std::size_t secondEnd = m.size();
            for (int k = static_cast<int>(rng() % 12); k > 0; --k)
                m.push_back(static_cast<std::uint8_t>(rng()));

            core::formats::DnsMessage msg;
            QCOMPARE(core::formats::parseDnsMessage(m, msg, buf), DnsError::None);
            QCOMPARE(std::string(msg.qname), join(question, 0));
            QCOMPARE(msg.plainName, expectPlain);
            (expectPlain ? plain : odd) += 1;

            std::size_t length = 0, next = 0;
            QCOMPARE(core::formats::readDnsName(m, second, buf, length, next), DnsError::None);
            std::string expectedSecond = join(prefix, 0);
            const std::string suffix = join(question, target);
            expectedSecond += (expectedSecond.empty() ? "" : ".") + suffix;
            QCOMPARE(std::string(buf.data(), length), expectedSecond);
            QCOMPARE(next, secondEnd);
        }
        QVERIFY(plain > 1000);
        QVERIFY(odd > 1000);
    }

    void mutatedCaptureCountsEveryPacketOnce() {
        std::mt19937_64 rng(7);
        const auto seeds = seedMessages();
        tests::TempDir dir;
        const auto path = dir.file("fuzz.pcap");
        std::size_t written = 0;
        {
            tests::CaptureWriter w(path, DLT_EN10MB);
            for (int i = 0; i < 20'000; ++i) {
                Bytes dns = seeds[rng() % seeds.size()];
                if (rng() % 4 != 0) dns = mutate(rng, dns);
                const bool tcp = rng() % 5 == 0;
                const auto sport =
                    static_cast<std::uint16_t>(rng() % 3 == 0 ? 53 : 1024 + rng() % 100);
                const auto dport =
                    static_cast<std::uint16_t>(sport == 53 ? 1024 + rng() % 100 : 53);
                const Bytes seg = tcp ? tests::tcp(sport, dport, tests::tcpDns({dns}))
                                      : tests::udp(sport, dport, dns);
                Bytes frame = tests::ether(
                    tests::ipv4(0x0a000001 + rng() % 4, 0x0a0000fe, tcp ? 6 : 17, seg));
                if (rng() % 10 == 0) frame = mutate(rng, frame);  // damage below DNS as well
                w.add(1'700'000'000'000'000 + i * 1000, frame);
            }
            written = w.count();
        }
        core::event::NameTable names;
        core::formats::PcapSource source(path, names, 0, 1000);
        std::vector<core::event::DnsEvent> events;
        while (source.readBatch(events, 997)) {
            QVERIFY(tests::identityHolds(source.stats()));
        }
        const auto& s = source.stats();
        QCOMPARE(s.linesTotal, std::uint64_t(written));
        QVERIFY(tests::identityHolds(s));
        QCOMPARE(s.events, std::uint64_t(events.size()));
        QVERIFY(s.events <= s.linesValid);
        QVERIFY(s.linesValid > 0 && s.linesRejected > 0);
        for (const auto& e : events) QVERIFY(e.sourceLine >= 1 && e.sourceLine <= written);

        // Any batch size gives the same events in the same order, and the same accounting.
        for (const std::size_t batch : {std::size_t{1}, std::size_t{64}, std::size_t{1'000'000}}) {
            core::event::NameTable otherNames;
            core::formats::PcapSource other(path, otherNames, 0, 1000);
            std::vector<core::event::DnsEvent> again;
            while (other.readBatch(again, batch)) {
                QVERIFY(tests::identityHolds(other.stats()));
            }
            QCOMPARE(again.size(), events.size());
            for (std::size_t i = 0; i < events.size(); ++i) {
                QCOMPARE(again[i].sourceLine, events[i].sourceLine);
                QCOMPARE(again[i].timeUs, events[i].timeUs);
                QCOMPARE(again[i].name, events[i].name);
                QCOMPARE(again[i].rcode, events[i].rcode);
                QVERIFY(again[i].client == events[i].client);
            }
            QCOMPARE(other.stats().linesTotal, s.linesTotal);
            QCOMPARE(other.stats().linesValid, s.linesValid);
            QCOMPARE(other.stats().linesRejected, s.linesRejected);
            QCOMPARE(other.stats().rejectsByReason, s.rejectsByReason);
            QCOMPARE(otherNames.size(), names.size());
        }
    }
};

QTEST_APPLESS_MAIN(TestDnsMessageFuzz)
#include "test_dns_message_fuzz.moc"
