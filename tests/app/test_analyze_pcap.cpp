// End to end through the real binary on a capture the test writes itself: one client resolving
// many DGA names (NXDOMAIN) among clean neighbours must raise a dga alert for exactly that client.
#include <QtTest>

#include <set>

#include "core/formats/capture_writer.h"
#include "core/sample/dga_algorithms.h"

using dnshound::tests::Bytes;
namespace tests = dnshound::tests;

namespace {

constexpr std::uint32_t kSubnet = 0x0a010200;  // 10.1.2.0/24
constexpr std::uint32_t kInfected = kSubnet + 66;
constexpr std::uint32_t kResolver = 0x0a0101fe;
constexpr std::int64_t kStart = 1'795'000'000'000'000;
constexpr std::int64_t kMinute = 60'000'000;

Bytes frame(std::uint32_t src, std::uint32_t dst, std::uint16_t sp, std::uint16_t dp,
            const Bytes& dns) {
    return tests::ether(tests::ipv4(src, dst, 17, tests::udp(sp, dp, dns)));
}

}  // namespace

class TestAnalyzePcap : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const char* name) const { return m_dir.filePath(QString::fromUtf8(name)); }

private Q_SLOTS:
    void dgaClientInACaptureAlerts() {
        QVERIFY(m_dir.isValid());
        const auto dga = dnshound::core::sample::generateDgaDomains(
            dnshound::core::sample::DgaFamily::Ramnit, 0x5eed, {2026, 11, 27}, 60);
        const std::vector<std::string> benign{
            "www.google.com",    "mail.example.org", "github.com",     "update.microsoft.com",
            "www.wikipedia.org", "cdn.jsdelivr.net", "api.github.com", "news.ycombinator.com"};
        std::uint16_t id = 1;
        {
            tests::CaptureWriter w(path("capture.pcap").toStdString(), DLT_EN10MB);
            auto exchange = [&](std::int64_t t, std::uint32_t client, const std::string& name,
                                std::uint16_t rcode) {
                const auto port = static_cast<std::uint16_t>(20000 + id % 30000);
                w.add(t, frame(client, kResolver, port, 53, tests::dnsQuery(id, name)));
                w.add(t + 3000,
                      frame(kResolver, client, 53, port,
                            tests::dnsResponse(id, name, 1, rcode, rcode == 0 ? 0x5db8d822 : 0)));
                ++id;
            };
            // Thirty quiet minutes of ordinary lookups from ten clients, an occasional NXDOMAIN.
            for (int minute = 0; minute < 30; ++minute) {
                for (std::uint32_t c = 10; c < 20; ++c) {
                    const std::int64_t t = kStart + minute * kMinute + c * 1'000'000;
                    exchange(t, kSubnet + c, benign[(minute + c) % benign.size()],
                             (minute * 7 + c) % 53 == 0 ? 3 : 0);
                }
            }
            // Then the infected client walks its DGA list within two minutes.
            for (std::size_t i = 0; i < dga.size(); ++i)
                exchange(kStart + 30 * kMinute + static_cast<std::int64_t>(i) * 2'000'000,
                         kInfected, dga[i], 3);
        }
        QProcess p;
        p.start(QString::fromUtf8(DNSHOUND_CLI),
                {QStringLiteral("analyze"), QStringLiteral("--input"), path("capture.pcap"),
                 QStringLiteral("--format"), QStringLiteral("auto"), QStringLiteral("--summary"),
                 path("summary.json"), QStringLiteral("--alerts"), path("alerts.jsonl"),
                 QStringLiteral("--db"), path("a.sqlite"), QStringLiteral("--quiet")});
        QVERIFY(p.waitForFinished(300000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());

        QFile summaryFile(path("summary.json"));
        QVERIFY(summaryFile.open(QIODevice::ReadOnly));
        const QJsonObject s = QJsonDocument::fromJson(summaryFile.readAll()).object();
        const int packets = 2 * (300 + static_cast<int>(dga.size()));
        QCOMPARE(s.value(QStringLiteral("lines_total")).toInt(), packets);
        QCOMPARE(s.value(QStringLiteral("lines_valid")).toInt(), packets);
        QCOMPARE(s.value(QStringLiteral("lines_rejected")).toInt(), 0);
        QCOMPARE(s.value(QStringLiteral("alerts")).toInt(), 1);

        QFile alertsFile(path("alerts.jsonl"));
        QVERIFY(alertsFile.open(QIODevice::ReadOnly));
        std::set<QString> alerted;
        for (const QByteArray& line : alertsFile.readAll().split('\n')) {
            if (line.trimmed().isEmpty()) continue;
            const QJsonObject a = QJsonDocument::fromJson(line).object();
            QCOMPARE(a.value(QStringLiteral("kind")).toString(), QStringLiteral("dga"));
            QVERIFY(a.value(QStringLiteral("count")).toInt() >= 3);
            alerted.insert(a.value(QStringLiteral("client")).toString());
        }
        QCOMPARE(alerted, std::set<QString>{QStringLiteral("10.1.2.66")});
    }
};

QTEST_APPLESS_MAIN(TestAnalyzePcap)
#include "test_analyze_pcap.moc"
