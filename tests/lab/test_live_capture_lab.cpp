// Issue 5's live test: unbound on 127.0.0.1 with a local zone, a known set of queries sent by
// dnsperf (UDP), by a stub client (UDP, one at a time) and by dig (TCP) while
// `dnshound-cli capture --interface lo` and tshark capture the same traffic. Every query must
// come out of the live capture exactly once, matched with its response (the rcode the zone
// gives), and `dnshound-cli analyze --format pcap` on tshark's file must give the same events.
#include <QtTest>

#include <map>
#include <tuple>

#include "core/store/analysis_reader.h"
#include "dns_query_client.h"
#include "lab_preconditions.h"
#include "lab_process.h"
#include "unbound_lab.h"

using namespace dnshound::tests::lab;

namespace {

constexpr std::uint16_t kA = 1, kTxt = 16, kAaaa = 28, kMx = 15;
constexpr const char* kZone = "capture-lab.example";
constexpr const char* kDnsperfClient = "127.0.0.91";
constexpr const char* kStubClient = "127.0.0.92";
constexpr const char* kTcpClient = "127.0.0.93";
// Probes that show tshark is really capturing; captured, never compared.
constexpr const char* kProbeClient = "127.0.0.94";

// (client, name, qtype, rcode)
using Event = std::tuple<std::string, std::string, std::uint16_t, std::uint16_t>;
using Events = std::map<Event, int>;  // multiset with counts

struct Query {
    std::string name;
    std::uint16_t qtype;
    std::uint16_t rcode;  // what the lab zone answers
};

const char* typeName(std::uint16_t t) {
    switch (t) {
        case kA:
            return "A";
        case kTxt:
            return "TXT";
        case kAaaa:
            return "AAAA";
        case kMx:
            return "MX";
    }
    return "A";
}

// host-N exists with an A and a TXT record; AAAA and MX for it are NODATA (NOERROR);
// missing-N does not exist (NXDOMAIN).
std::vector<Query> querySet(int hosts, int salt) {
    std::vector<Query> out;
    for (int i = 0; i < hosts; ++i) {
        const std::string host = "host-" + std::to_string(i) + '.' + kZone;
        out.push_back({host, kA, 0});
        if (i % 4 == 0) out.push_back({host, kTxt, 0});
        if (i % 5 == 0) out.push_back({host, kAaaa, 0});
        if (i % 10 == 0) out.push_back({host, kMx, 0});
        if (i % 6 == 0)
            out.push_back(
                {"missing-" + std::to_string(salt) + '-' + std::to_string(i) + '.' + kZone, kA, 3});
    }
    return out;
}

std::string normal(std::string name) {
    if (!name.empty() && name.back() == '.') name.pop_back();
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return name;
}

// Every event of `clients` in an analysis file; events without a response count as rcode
// 0xffff and are listed in `unmatched`.
Events readEvents(const QString& db, const std::vector<std::string>& clients, int* unmatched,
                  int* noResponseBytes) {
    Events out;
    dnshound::core::store::AnalysisReader reader(db.toStdString());
    for (const auto& c : clients) {
        std::int64_t after = 0;
        for (;;) {
            const auto page = reader.clientQueries(c, after, 1000);
            if (page.empty()) break;
            for (const auto& q : page) {
                ++out[{q.client, normal(q.domain), q.qtype, q.rcode}];
                if (q.rcode == 0xffff) ++*unmatched;
                if (q.responseBytes == 0) ++*noResponseBytes;
                after = q.rowId;
            }
        }
    }
    return out;
}

QString describe(const Events& e, int limit = 8) {
    QStringList lines;
    for (const auto& [k, n] : e) {
        if (lines.size() >= limit) break;
        lines << QStringLiteral("%1 %2 %3 rcode %4 x%5")
                     .arg(QString::fromStdString(std::get<0>(k)),
                          QString::fromStdString(std::get<1>(k)))
                     .arg(std::get<2>(k))
                     .arg(std::get<3>(k))
                     .arg(n);
    }
    return lines.join(QStringLiteral("; "));
}

// a - b, as a multiset.
Events difference(const Events& a, const Events& b) {
    Events out;
    for (const auto& [k, n] : a) {
        const auto it = b.find(k);
        const int left = n - (it == b.end() ? 0 : it->second);
        if (left > 0) out[k] = left;
    }
    return out;
}

}  // namespace

class TestLiveCaptureLab : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const char* name) const { return m_dir.filePath(QString::fromUtf8(name)); }

private Q_SLOTS:
    void liveCaptureMatchesEveryQueryAndTsharksCapture() {
        QVERIFY(m_dir.isValid());
        if (auto why = missingTools({QStringLiteral("unbound"), QStringLiteral("dnsperf"),
                                     QStringLiteral("tshark"), QStringLiteral("dig")});
            !why.isEmpty())
            QSKIP(qPrintable(why));
        if (auto why = portUnavailable("127.0.0.1", 53); !why.isEmpty()) QSKIP(qPrintable(why));

        const auto perfQueries = querySet(300, 1);
        const auto stubQueries = querySet(40, 2);
        const auto tcpQueries = querySet(6, 3);
        UnboundLab unbound(m_dir.path());
        unbound.setQueryLogging(false);
        unbound.addServerLine(std::string("local-zone: \"") + kZone + ".\" static");
        for (int i = 0; i < 300; ++i) {
            const std::string host = "host-" + std::to_string(i) + '.' + kZone + '.';
            unbound.addServerLine("local-data: \"" + host + " 300 IN A 192.0.2." +
                                  std::to_string(i % 250 + 1) + "\"");
            unbound.addServerLine("local-data: '" + host + " 300 IN TXT \"lab " +
                                  std::to_string(i) + "\"'");
        }
        if (auto why = unbound.start(); !why.isEmpty()) QSKIP(qPrintable(why));

        const QString bpf =
            QStringLiteral("port 53 and (host %1 or host %2 or host %3 or host %4)")
                .arg(QString::fromUtf8(kDnsperfClient), QString::fromUtf8(kStubClient),
                     QString::fromUtf8(kTcpClient), QString::fromUtf8(kProbeClient));
        LabProcess capture(QStringLiteral("dnshound-cli capture"), path("capture.out"));
        QVERIFY(capture.start(
            QString::fromUtf8(DNSHOUND_CLI),
            {QStringLiteral("capture"), QStringLiteral("--interface"), QStringLiteral("lo"),
             QStringLiteral("--bpf"), bpf, QStringLiteral("--db"), path("live.sqlite"),
             QStringLiteral("--summary"), path("live.json")}));
        // "capturing on" comes with the first progress report: libpcap has opened lo.
        if (!capture.waitForOutput("capturing on", 20000)) {
            if (capture.output().contains("CAP_NET_RAW"))
                QSKIP(qPrintable(QStringLiteral("capture not permitted: ") + capture.describe()));
            QFAIL(qPrintable(capture.describe()));
        }
        LabProcess tshark(QStringLiteral("tshark"), path("tshark.out"));
        QVERIFY(tshark.start(findTool(QStringLiteral("tshark")),
                             {QStringLiteral("-i"), QStringLiteral("lo"), QStringLiteral("-f"), bpf,
                              QStringLiteral("-w"), path("lab.pcapng")}));
        if (!tshark.waitForOutput("Capturing on", 20000)) {
            if (tshark.output().contains("ermission"))
                QSKIP(qPrintable(QStringLiteral("tshark may not capture: ") + tshark.describe()));
            QFAIL(qPrintable(tshark.describe()));
        }
        // tshark says "Capturing on" before its capture process has the kernel socket ready:
        // probe until a packet lands in its file, so the measured traffic is never cut short.
        {
            DnsQueryClient probe(kProbeClient);
            QVERIFY(probe.ok());
            bool capturing = false;
            for (int i = 0; i < 50 && !capturing; ++i) {
                probe.exchange("probe-" + std::to_string(i) + '.' + kZone, 1, 200);
                QThread::msleep(200);
                QFile written(path("lab.pcapng"));
                capturing = written.open(QIODevice::ReadOnly) &&
                            written.readAll().contains(QByteArrayLiteral("probe-"));
            }
            QVERIFY2(capturing, "tshark wrote no packet within 10 s");
        }

        // dnsperf: the whole list once, UDP, from its own address.
        QFile list(path("queries.txt"));
        QVERIFY(list.open(QIODevice::WriteOnly));
        for (const auto& q : perfQueries)
            list.write(QByteArray::fromStdString(q.name + ' ' + typeName(q.qtype) + '\n'));
        list.close();
        LabProcess dnsperf(QStringLiteral("dnsperf"), path("dnsperf.out"));
        QVERIFY(dnsperf.start(
            findTool(QStringLiteral("dnsperf")),
            {QStringLiteral("-s"), QStringLiteral("127.0.0.1"), QStringLiteral("-a"),
             QString::fromUtf8(kDnsperfClient), QStringLiteral("-d"), path("queries.txt"),
             QStringLiteral("-n"), QStringLiteral("1"), QStringLiteral("-Q"),
             QStringLiteral("2000"), QStringLiteral("-t"), QStringLiteral("3")}));
        QVERIFY2(dnsperf.waitForExit(30000), qPrintable(dnsperf.describe()));
        QVERIFY2(dnsperf.exitCode() == 0, qPrintable(dnsperf.describe()));
        QVERIFY2(dnsperf.output().contains(QByteArray("Queries completed:    ") +
                                           QByteArray::number(perfQueries.size())),
                 qPrintable(dnsperf.describe()));

        // The stub client: one query at a time, each answered before the next.
        DnsQueryClient stub(kStubClient);
        QVERIFY(stub.ok());
        for (const auto& q : stubQueries)
            QCOMPARE(stub.exchange(q.name, q.qtype, 2000), static_cast<int>(q.rcode));

        // dig over TCP: length-prefixed messages on a stream.
        for (const auto& q : tcpQueries) {
            LabProcess dig(QStringLiteral("dig"), path("dig.out"));
            QVERIFY(dig.start(
                findTool(QStringLiteral("dig")),
                {QStringLiteral("@127.0.0.1"), QStringLiteral("-b"), QString::fromUtf8(kTcpClient),
                 QStringLiteral("+tcp"), QStringLiteral("+tries=1"), QString::fromStdString(q.name),
                 QString::fromUtf8(typeName(q.qtype))}));
            QVERIFY2(dig.waitForExit(10000) && dig.exitCode() == 0, qPrintable(dig.describe()));
        }

        // The last responses reach both captures: neither uses immediate mode, so libpcap hands
        // packets over when a kernel block fills or its timeout expires; wait past that.
        QThread::msleep(1500);
        tshark.stop(10000);
        capture.stop(30000);
        QCOMPARE(capture.exitCode(), 0);
        unbound.stop();

        Events expected;
        for (const auto& q : perfQueries) ++expected[{kDnsperfClient, q.name, q.qtype, q.rcode}];
        for (const auto& q : stubQueries) ++expected[{kStubClient, q.name, q.qtype, q.rcode}];
        for (const auto& q : tcpQueries) ++expected[{kTcpClient, q.name, q.qtype, q.rcode}];
        const std::vector<std::string> clients{kDnsperfClient, kStubClient, kTcpClient};

        QFile summaryFile(path("live.json"));
        QVERIFY(summaryFile.open(QIODevice::ReadOnly));
        const QJsonObject summary = QJsonDocument::fromJson(summaryFile.readAll()).object();
        QCOMPARE(summary.value(QStringLiteral("capture_drops")).toInt(), 0);
        int unmatched = 0, noBytes = 0;
        const Events live = readEvents(path("live.sqlite"), clients, &unmatched, &noBytes);
        qInfo().noquote() << "live capture:"
                          << QJsonDocument(summary).toJson(QJsonDocument::Compact).left(400);
        QVERIFY2(
            difference(expected, live).empty(),
            qPrintable(QStringLiteral("not captured: ") + describe(difference(expected, live))));
        QVERIFY2(difference(live, expected).empty(),
                 qPrintable(QStringLiteral("unexpected: ") + describe(difference(live, expected))));
        QCOMPARE(unmatched, 0);
        QCOMPARE(noBytes, 0);

        // tshark's file of the same traffic, analysed offline, gives the same events.
        QProcess analyze;
        analyze.start(QString::fromUtf8(DNSHOUND_CLI),
                      {QStringLiteral("analyze"), QStringLiteral("--input"), path("lab.pcapng"),
                       QStringLiteral("--format"), QStringLiteral("pcap"), QStringLiteral("--db"),
                       path("pcap.sqlite"), QStringLiteral("--quiet")});
        QVERIFY(analyze.waitForFinished(60000));
        QVERIFY2(analyze.exitCode() == 0, analyze.readAllStandardError().constData());
        int pcapUnmatched = 0, pcapNoBytes = 0;
        const Events offline =
            readEvents(path("pcap.sqlite"), clients, &pcapUnmatched, &pcapNoBytes);
        if (!difference(live, offline).empty() || !difference(offline, live).empty()) {
            // Keep the evidence of a mismatch: tshark's capture, to open in Wireshark.
            QDir().mkpath(QStringLiteral(DNSHOUND_TEST_ARTIFACTS));
            const QString kept = QStringLiteral(DNSHOUND_TEST_ARTIFACTS "/live_capture_lab.pcapng");
            QFile::remove(kept);
            QFile::copy(path("lab.pcapng"), kept);
        }
        QVERIFY2(difference(live, offline).empty(),
                 qPrintable(QStringLiteral("live only: ") + describe(difference(live, offline))));
        QVERIFY2(difference(offline, live).empty(),
                 qPrintable(QStringLiteral("pcap only: ") + describe(difference(offline, live))));
        QCOMPARE(pcapUnmatched, 0);
    }
};

QTEST_GUILESS_MAIN(TestLiveCaptureLab)
#include "test_live_capture_lab.moc"
