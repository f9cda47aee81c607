// `dnshound-cli capture` through the real binary: listing interfaces, a live capture on lo fed
// with real DNS queries, and a clear one-line error for an unknown interface.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QtTest>

#include <memory>

#include "core/formats/capture_writer.h"
#include "core/sample/dga_algorithms.h"

namespace tests = dnshound::tests;

class TestCaptureCommand : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const char* name) const { return m_dir.filePath(QString::fromUtf8(name)); }

private Q_SLOTS:
    void listShowsLoopback() {
        QProcess p;
        p.start(QString::fromUtf8(DNSHOUND_CLI),
                {QStringLiteral("capture"), QStringLiteral("--list")});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        bool lo = false;
        for (const QByteArray& line : p.readAllStandardOutput().split('\n'))
            if (line.startsWith("lo ") && line.contains("loopback")) lo = true;
        QVERIFY(lo);
    }

    void unknownInterfaceExitsTwoWithOneLine() {
        QProcess p;
        p.start(QString::fromUtf8(DNSHOUND_CLI),
                {QStringLiteral("capture"), QStringLiteral("--interface"),
                 QStringLiteral("nosuchif"), QStringLiteral("--duration"), QStringLiteral("1")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        const QByteArray err = p.readAllStandardError().trimmed();
        QVERIFY2(!err.isEmpty() && !err.contains('\n'), err.constData());
        QVERIFY2(err.contains("nosuchif"), err.constData());
    }

    void liveCaptureCountsQueries() {
        QVERIFY(m_dir.isValid());
        const auto names = dnshound::core::sample::generateDgaDomains(
            dnshound::core::sample::DgaFamily::Ramnit, 0x5eed, {2026, 11, 27}, 40);
        auto p = std::make_unique<QProcess>();
        p->start(QString::fromUtf8(DNSHOUND_CLI),
                 {QStringLiteral("capture"), QStringLiteral("--interface"), QStringLiteral("lo"),
                  QStringLiteral("--bpf"), QStringLiteral("udp port 53 and host 127.0.0.78"),
                  QStringLiteral("--duration"), QStringLiteral("4"), QStringLiteral("--summary"),
                  path("summary.json")});
        p->setReadChannel(QProcess::StandardError);
        // Wait for the "capturing on" line (the capture is active) or an early exit.
        QByteArray err;
        while (!err.contains("capturing on") && p->state() != QProcess::NotRunning) {
            p->waitForReadyRead(200);
            err += p->readAllStandardError();
        }
        if (!err.contains("capturing on")) {
            p->waitForFinished(10000);
            err += p->readAllStandardError();
            if (err.contains("CAP_NET_RAW"))
                QSKIP(
                    qPrintable(QStringLiteral("capture not permitted: ") + QString::fromUtf8(err)));
            QFAIL(err.constData());
        }
        const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
        QVERIFY(fd >= 0);
        sockaddr_in local{};
        local.sin_family = AF_INET;
        ::inet_pton(AF_INET, "127.0.0.78", &local.sin_addr);
        QVERIFY(::bind(fd, reinterpret_cast<const sockaddr*>(&local), sizeof(local)) == 0);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(53);
        ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
        std::uint16_t id = 1;
        for (const auto& name : names) {
            const auto q = tests::dnsQuery(id++, name);
            QVERIFY(::sendto(fd, q.data(), q.size(), 0, reinterpret_cast<const sockaddr*>(&to),
                             sizeof(to)) == static_cast<ssize_t>(q.size()));
        }
        ::close(fd);
        QVERIFY(p->waitForFinished(60000));
        QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());

        QFile summaryFile(path("summary.json"));
        QVERIFY(summaryFile.open(QIODevice::ReadOnly));
        const QJsonObject s = QJsonDocument::fromJson(summaryFile.readAll()).object();
        const int n = static_cast<int>(names.size());
        QCOMPARE(s.value(QStringLiteral("events")).toInt(), n);
        QCOMPARE(s.value(QStringLiteral("lines_total")).toInt(), n);
        QCOMPARE(s.value(QStringLiteral("lines_valid")).toInt(), n);
        QCOMPARE(s.value(QStringLiteral("capture_drops")).toInt(), 0);
        QCOMPARE(s.value(QStringLiteral("cancelled")).toBool(), false);
        const QJsonArray sources = s.value(QStringLiteral("sources")).toArray();
        QCOMPARE(sources.size(), 1);
        QCOMPARE(sources.at(0).toObject().value(QStringLiteral("path")).toString(),
                 QStringLiteral("capture:lo"));
    }
};

QTEST_APPLESS_MAIN(TestCaptureCommand)
#include "test_capture_command.moc"
