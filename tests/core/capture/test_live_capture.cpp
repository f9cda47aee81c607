// Live capture on the loopback interface: real DNS queries sent with a plain UDP socket must come
// out as exactly one unanswered-query event each. Skips when this process may not capture.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QtTest>

#include <chrono>
#include <set>
#include <thread>

#include "core/capture/live_capture.h"
#include "core/event/dns_types.h"
#include "core/formats/capture_writer.h"

namespace capture = dnshound::core::capture;
namespace event = dnshound::core::event;
namespace tests = dnshound::tests;

namespace {

constexpr const char* kClient = "127.0.0.77";
constexpr int kQueries = 50;
constexpr std::uint16_t kQtypes[] = {1, 28, 16, 15, 33};

// Why this process cannot capture on lo, or empty when it can.
QString captureBlocked() {
    try {
        event::NameTable names;
        capture::LiveCapture probe({"lo", "udp port 53 and host 127.0.0.79", 0.0}, names, 0);
        return {};
    } catch (const capture::CaptureError& e) {
        return QStringLiteral(
                   "live capture on lo not permitted here (needs root or CAP_NET_RAW): ") +
               QString::fromUtf8(e.what());
    }
}

class UdpSender final {
public:
    explicit UdpSender(const char* bindAddress) : m_fd(::socket(AF_INET, SOCK_DGRAM, 0)) {
        sockaddr_in local{};
        local.sin_family = AF_INET;
        ::inet_pton(AF_INET, bindAddress, &local.sin_addr);
        m_bound = m_fd >= 0 &&
                  ::bind(m_fd, reinterpret_cast<const sockaddr*>(&local), sizeof(local)) == 0;
    }
    ~UdpSender() {
        if (m_fd >= 0) ::close(m_fd);
    }
    UdpSender(const UdpSender&) = delete;
    UdpSender& operator=(const UdpSender&) = delete;
    bool bound() const { return m_bound; }
    bool sendTo53(const tests::Bytes& payload) const {
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(53);
        ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
        return ::sendto(m_fd, payload.data(), payload.size(), 0,
                        reinterpret_cast<const sockaddr*>(&to),
                        sizeof(to)) == static_cast<ssize_t>(payload.size());
    }

private:
    int m_fd;
    bool m_bound = false;
};

}  // namespace

class TestLiveCapture : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void listsLoopback() {
        const auto all = capture::listInterfaces();
        bool lo = false;
        for (const auto& i : all)
            if (i.name == "lo") lo = i.loopback;
        QVERIFY2(lo, "listInterfaces() has no loopback interface named lo");
    }

    void queriesOnLoopbackBecomeEvents() {
        if (const QString why = captureBlocked(); !why.isEmpty()) QSKIP(qPrintable(why));
        event::NameTable names;
        capture::LiveCapture cap({"lo", "udp port 53 and host 127.0.0.77", 0.0}, names, 4);
        std::vector<event::DnsEvent> events;
        int batches = 0;
        std::thread reader([&] {
            std::vector<event::DnsEvent> chunk;
            bool more = true;
            while (more) {
                chunk.clear();
                const auto t = std::chrono::steady_clock::now();
                more = cap.readBatch(chunk, 4096);
                // readBatch must hand control back within ~200 ms even when nothing arrives.
                if (std::chrono::steady_clock::now() - t > std::chrono::milliseconds(700)) return;
                events.insert(events.end(), chunk.begin(), chunk.end());
                ++batches;
            }
        });
        UdpSender sender(kClient);
        QVERIFY(sender.bound());
        std::set<std::pair<std::string, std::uint16_t>> sent;
        for (int i = 0; i < kQueries; ++i) {
            const std::string name = "q" + std::to_string(i) + ".live-capture.example";
            const std::uint16_t qtype = kQtypes[i % std::size(kQtypes)];
            QVERIFY(sender.sendTo53(
                tests::dnsQuery(static_cast<std::uint16_t>(1000 + i), name, qtype)));
            sent.emplace(name, qtype);
        }
        std::this_thread::sleep_for(std::chrono::seconds(1));  // quiet period
        const auto counters = cap.counters();
        cap.stop();
        const auto stopAsked = std::chrono::steady_clock::now();
        reader.join();
        QVERIFY2(std::chrono::steady_clock::now() - stopAsked < std::chrono::milliseconds(700),
                 "stop() did not end readBatch promptly");
        QVERIFY2(batches >= 3, "readBatch did not return periodically while idle");

        QCOMPARE(counters.packets, static_cast<std::uint64_t>(kQueries));
        QCOMPARE(cap.stats().linesTotal, static_cast<std::uint64_t>(kQueries));
        QCOMPARE(cap.stats().linesValid, static_cast<std::uint64_t>(kQueries));
        QCOMPARE(cap.stats().linesRejected, std::uint64_t{0});
        QCOMPARE(cap.counters().drops, std::uint64_t{0});
        QCOMPARE(cap.counters().dnsEvents, static_cast<std::uint64_t>(kQueries));
        QCOMPARE(events.size(), static_cast<std::size_t>(kQueries));
        std::set<std::pair<std::string, std::uint16_t>> seen;
        for (const auto& e : events) {
            QCOMPARE(e.client.toString(), std::string(kClient));
            QCOMPARE(e.server.toString(), std::string("127.0.0.1"));
            QCOMPARE(e.rcode, event::kRcodeNone);  // unanswered
            QCOMPARE(e.sourceId, 4u);
            seen.emplace(std::string(names.name(e.name)), e.qtype);
        }
        QCOMPARE(seen, sent);
    }

    void durationEndsTheCapture() {
        if (const QString why = captureBlocked(); !why.isEmpty()) QSKIP(qPrintable(why));
        event::NameTable names;
        capture::LiveCapture cap({"lo", "udp port 53 and host 127.0.0.80", 0.5}, names, 0);
        std::vector<event::DnsEvent> out;
        const auto t = std::chrono::steady_clock::now();
        while (cap.readBatch(out, 100))
            QVERIFY(std::chrono::steady_clock::now() - t < std::chrono::seconds(3));
        const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
        QVERIFY2(secs >= 0.45 && secs < 1.5, qPrintable(QString::number(secs)));
        QCOMPARE(cap.progress(), 1.0);
        QVERIFY(out.empty());
    }

    void badFilterNamesTheExpression() {
        if (const QString why = captureBlocked(); !why.isEmpty()) QSKIP(qPrintable(why));
        event::NameTable names;
        try {
            capture::LiveCapture cap({"lo", "udp port banana", 0.0}, names, 0);
            QFAIL("a bad BPF expression was accepted");
        } catch (const capture::CaptureError& e) {
            const std::string what = e.what();
            QVERIFY2(what.find("'udp port banana'") != std::string::npos, e.what());
        }
    }

    void unknownInterfaceIsAClearError() {
        if (const QString why = captureBlocked(); !why.isEmpty()) QSKIP(qPrintable(why));
        event::NameTable names;
        try {
            capture::LiveCapture cap({"nosuchif0", "", 0.0}, names, 0);
            QFAIL("an unknown interface was accepted");
        } catch (const capture::CaptureError& e) {
            QVERIFY2(std::string(e.what()).find("nosuchif0") != std::string::npos, e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestLiveCapture)
#include "test_live_capture.moc"
