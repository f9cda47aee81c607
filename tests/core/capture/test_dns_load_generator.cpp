// DnsLoadGenerator: the packets it builds are real DNS messages (the project's own wire parser
// reads them back), and it sends the requested number of datagrams over lo at the requested rate.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QtTest>

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "core/capture/dns_load_generator.h"
#include "core/formats/dns_message.h"

namespace capture = dnshound::core::capture;
namespace formats = dnshound::core::formats;

class TestDnsLoadGenerator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void messagesParseAsDns() {
        capture::LoadOptions o;
        o.target = "127.0.0.1:0";
        o.client = "127.0.0.1";
        o.responses = false;
        o.names = 7;
        o.missingEvery = 5;
        const capture::DnsLoadGenerator g(o);
        formats::DnsNameBuffer buffer{};
        for (std::uint64_t i = 0; i < 70000; i += 997) {
            std::vector<std::uint8_t> wire;
            g.buildQuery(i, wire);
            formats::DnsMessage q;
            QCOMPARE(formats::parseDnsMessage(wire, q, buffer), formats::DnsError::None);
            QVERIFY(!q.response);
            QCOMPARE(q.id, static_cast<std::uint16_t>(i & 0xffff));
            QCOMPARE(std::string(q.qname), g.queryName(i));
            QCOMPARE(q.qtype, std::uint16_t{1});

            wire.clear();
            g.buildResponse(i, wire);
            formats::DnsMessage r;
            QCOMPARE(formats::parseDnsMessage(wire, r, buffer), formats::DnsError::None);
            QVERIFY(r.response);
            QCOMPARE(r.id, q.id);
            QCOMPARE(std::string(r.qname), g.queryName(i));
            const bool missing = i % 5 == 4;
            QCOMPARE(std::string(r.qname).rfind("missing-", 0) == 0, missing);
            QCOMPARE(r.rcode, static_cast<std::uint16_t>(missing ? 3 : 0));
            QCOMPARE(r.hasAnswer, !missing);
            if (!missing)
                QCOMPARE(QString::fromStdString(r.answer.toString()),
                         QStringLiteral("192.0.2.%1").arg(i % 7 % 250 + 1));
        }
        // Deterministic: the same query number always gives the same bytes.
        std::vector<std::uint8_t> a, b;
        g.buildResponse(12345, a);
        g.buildResponse(12345, b);
        QCOMPARE(a, b);
    }

    void sendsCountAtRate() {
        // A receiver on an ephemeral port stands in for the server.
        const int rx = ::socket(AF_INET, SOCK_DGRAM, 0);
        QVERIFY(rx >= 0);
        const int rcvbuf = 8 << 20;
        ::setsockopt(rx, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        QCOMPARE(::bind(rx, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
        socklen_t length = sizeof addr;
        ::getsockname(rx, reinterpret_cast<sockaddr*>(&addr), &length);

        capture::LoadOptions o;
        o.target = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
        o.client = "127.0.0.1";
        o.responses = false;
        o.rate = 20000;
        o.durationSecs = 0;
        o.maxPackets = 2000;
        capture::DnsLoadGenerator g(o);
        const std::atomic<bool> stop{false};
        const auto r = g.run(stop);
        QCOMPARE(r.queriesSent, std::uint64_t{2000});
        QCOMPARE(r.responsesSent, std::uint64_t{0});
        QCOMPARE(r.sendErrors, std::uint64_t{0});
        // 2,000 packets at 20,000/s take 0.1 s: not much less (paced), not wildly more.
        QVERIFY2(r.elapsedSecs >= 0.09, qPrintable(QString::number(r.elapsedSecs)));
        QVERIFY2(r.elapsedSecs < 5.0, qPrintable(QString::number(r.elapsedSecs)));

        std::set<std::uint16_t> ids;
        std::vector<std::uint8_t> wire(1500);
        formats::DnsNameBuffer buffer{};
        int received = 0;
        pollfd pfd{rx, POLLIN, 0};
        while (received < 2000 && ::poll(&pfd, 1, 2000) > 0) {
            const ssize_t n = ::recv(rx, wire.data(), wire.size(), 0);
            QVERIFY(n > 0);
            formats::DnsMessage m;
            QCOMPARE(formats::parseDnsMessage(
                         std::span<const std::uint8_t>(wire.data(), static_cast<std::size_t>(n)), m,
                         buffer),
                     formats::DnsError::None);
            ids.insert(m.id);
            ++received;
        }
        ::close(rx);
        QCOMPARE(received, 2000);
        QCOMPARE(ids.size(), std::size_t{2000});  // ids 0..1999, each once
        QCOMPARE(*ids.rbegin(), std::uint16_t{1999});
    }

    void pairsSendResponses() {
        capture::LoadOptions o;
        o.target = "127.0.0.1:0";  // the responder binds an ephemeral port
        o.client = "127.0.0.1";
        o.rate = 50000;
        o.durationSecs = 0;
        o.maxPackets = 1000;
        capture::DnsLoadGenerator g(o);
        const std::atomic<bool> stop{false};
        const auto r = g.run(stop);
        QCOMPARE(r.queriesSent, std::uint64_t{500});
        QCOMPARE(r.responsesSent, std::uint64_t{500});
        QCOMPARE(r.packets(), std::uint64_t{1000});
    }

    void badAddressesAreRejected() {
        capture::LoadOptions o;
        o.target = "not-an-address:53";
        QVERIFY_THROWS_EXCEPTION(capture::LoadGeneratorError, capture::DnsLoadGenerator{o});
        o.target = "127.0.0.1";  // no port
        QVERIFY_THROWS_EXCEPTION(capture::LoadGeneratorError, capture::DnsLoadGenerator{o});
        o.target = "127.0.0.1:70000";
        QVERIFY_THROWS_EXCEPTION(capture::LoadGeneratorError, capture::DnsLoadGenerator{o});
        o.target = "127.0.0.1:53";
        o.rate = 0;
        QVERIFY_THROWS_EXCEPTION(capture::LoadGeneratorError, capture::DnsLoadGenerator{o});
    }
};

QTEST_APPLESS_MAIN(TestDnsLoadGenerator)
#include "test_dns_load_generator.moc"
