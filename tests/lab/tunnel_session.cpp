#include "tunnel_session.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QThread>

#include <random>
#include <vector>

#include "lab_process.h"
#include "tcp_sink.h"

namespace dnshound::tests::lab {

namespace {

std::vector<std::uint8_t> payload(int bytes, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::uint8_t> out(static_cast<std::size_t>(bytes));
    for (auto& b : out) b = static_cast<std::uint8_t>(rng());
    return out;
}

bool writeFile(const QString& path, const QByteArray& text) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size();
}

std::int64_t nowSecs() {
    return QDateTime::currentSecsSinceEpoch();
}

std::uint64_t interfaceRxBytes(const QString& dev) {
    QFile f(QStringLiteral("/sys/class/net/%1/statistics/rx_bytes").arg(dev));
    return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed().toULongLong() : 0;
}

QString openedDevice(const QByteArray& output) {
    const auto m =
        QRegularExpression(QStringLiteral("Opened (dns\\d+)")).match(QString::fromUtf8(output));
    return m.hasMatch() ? m.captured(1) : QString();
}

}  // namespace

void runDns2tcpSession(TunnelSession& s, const QString& dir, int payloadBytes, int idleMs) {
    const QDir d(dir);
    s.startSecs = nowSecs();
    TcpSink sink;
    if (!sink.ok()) {
        s.failure = QStringLiteral("cannot listen for the tunnel's far end");
        return;
    }
    const QString conf = d.filePath(s.label + QStringLiteral("-dns2tcpd.conf"));
    writeFile(conf, QStringLiteral("listen = 127.0.0.2\nport = 53\ndomain = %1\n"
                                   "resources = sink:127.0.0.1:%2\n")
                        .arg(s.zone)
                        .arg(sink.port())
                        .toUtf8());
    LabProcess server(QStringLiteral("dns2tcpd"),
                      d.filePath(s.label + QStringLiteral("-server.out")));
    // -F: foreground; -d 1: prints "Listening on" once its socket is bound.
    if (!server.start(findTool(QStringLiteral("dns2tcpd")),
                      {QStringLiteral("-F"), QStringLiteral("-d"), QStringLiteral("1"),
                       QStringLiteral("-f"), conf}) ||
        !server.waitForOutput("Listening on", 10000)) {
        s.failure = server.describe();
        return;
    }
    const std::uint16_t localPort = freeTcpPort();
    LabProcess client(QStringLiteral("dns2tcpc"),
                      d.filePath(s.label + QStringLiteral("-client.out")));
    if (!client.start(
            findTool(QStringLiteral("dns2tcpc")),
            QStringList{QStringLiteral("-z"), s.zone, QStringLiteral("-r"), QStringLiteral("sink"),
                        QStringLiteral("-l"), QString::number(localPort)} +
                s.clientArgs + QStringList{QStringLiteral("127.0.0.1")}) ||
        !client.waitForOutput("Listening on port", 10000)) {
        s.failure = client.describe();
        return;
    }
    // An interactive session: the payload in 1 KB pieces half a second apart, then the
    // connection stays open (the client keeps polling the server) for `idleMs`.
    const auto data = payload(payloadBytes, qHash(s.label));
    s.payloadBytes = data.size();
    {
        TcpConnection connection(localPort);
        constexpr std::size_t kPiece = 1024;
        for (std::size_t off = 0; connection.ok() && off < data.size(); off += kPiece) {
            if (!connection.write(data.data() + off, std::min(kPiece, data.size() - off))) break;
            QThread::msleep(500);
        }
        QElapsedTimer t;
        t.start();
        while (sink.bytesReceived() < data.size() && t.elapsed() < 40000) QThread::msleep(50);
        s.deliveredBytes = sink.bytesReceived();
        if (s.deliveredBytes < s.payloadBytes)
            s.failure = QStringLiteral("%1 of %2 bytes crossed the tunnel; %3")
                            .arg(s.deliveredBytes)
                            .arg(s.payloadBytes)
                            .arg(client.describe());
        QThread::msleep(static_cast<unsigned long>(idleMs));
    }
    client.stop();
    server.stop();
    s.endSecs = nowSecs();
}

void runIodineSession(TunnelSession& s, const QString& dir, int net, int payloadBytes, int idleMs) {
    const QDir d(dir);
    s.startSecs = nowSecs();
    const QString password = QStringLiteral("lab-") + s.label;
    const QString serverIp = QStringLiteral("10.99.%1.1").arg(net);
    LabProcess server(QStringLiteral("iodined"),
                      d.filePath(s.label + QStringLiteral("-server.out")));
    if (!server.start(findTool(QStringLiteral("iodined")),
                      {QStringLiteral("-f"), QStringLiteral("-c"), QStringLiteral("-P"), password,
                       QStringLiteral("-l"), QStringLiteral("127.0.0.3"), QStringLiteral("-p"),
                       QStringLiteral("53"), serverIp, s.zone}) ||
        !server.waitForOutput("Listening to dns", 10000)) {
        s.failure = server.describe();
        return;
    }
    LabProcess client(QStringLiteral("iodine"),
                      d.filePath(s.label + QStringLiteral("-client.out")));
    if (!client.start(findTool(QStringLiteral("iodine")),
                      QStringList{QStringLiteral("-f"), QStringLiteral("-r"), QStringLiteral("-P"),
                                  password} +
                          s.clientArgs + QStringList{QStringLiteral("127.0.0.1"), s.zone}) ||
        !client.waitForOutput("Connection setup complete", 30000)) {
        s.failure = client.describe();
        client.stop();
        server.stop();
        s.endSecs = nowSecs();
        return;
    }
    const QString out = QString::fromUtf8(client.output());
    const QRegularExpression facts(
        QStringLiteral("(Using DNS type \\S+|switched upstream to codec \\S+|"
                       "switched downstream to codec \\S+|will use \\S+)"));
    QStringList found;
    for (auto it = facts.globalMatch(out); it.hasNext();) found << it.next().captured(1);
    s.negotiated = found.join(QStringLiteral(", "));

    // Datagrams to the server's tunnel address, forced out of the client's interface (the
    // address is local, so without SO_BINDTODEVICE they would take the loopback shortcut).
    const QString clientDev = openedDevice(client.output());
    const QString serverDev = openedDevice(server.output());
    const std::uint64_t rxBefore = interfaceRxBytes(serverDev);
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    const QByteArray dev = clientDev.toUtf8();
    if (fd < 0 || ::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev.constData(),
                               static_cast<socklen_t>(dev.size())) != 0) {
        s.failure = QStringLiteral("cannot bind a socket to ") + clientDev;
    } else {
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(9);
        ::inet_pton(AF_INET, serverIp.toUtf8().constData(), &to.sin_addr);
        const auto data = payload(payloadBytes, qHash(s.label));
        constexpr std::size_t kDatagram = 600;
        for (std::size_t off = 0; off < data.size(); off += kDatagram) {
            const std::size_t n = std::min(kDatagram, data.size() - off);
            if (::sendto(fd, data.data() + off, n, 0, reinterpret_cast<const sockaddr*>(&to),
                         sizeof(to)) == static_cast<ssize_t>(n))
                s.payloadBytes += n;
            QThread::msleep(60);  // paced like an interactive session, not a bulk copy
        }
        // Delivered when the server's interface has taken in the payload (plus headers).
        QElapsedTimer t;
        t.start();
        while (interfaceRxBytes(serverDev) - rxBefore < s.payloadBytes && t.elapsed() < 20000)
            QThread::msleep(100);
        s.deliveredBytes =
            std::min<std::uint64_t>(interfaceRxBytes(serverDev) - rxBefore, s.payloadBytes);
        if (s.deliveredBytes < s.payloadBytes)
            s.failure = QStringLiteral("%1 of %2 bytes reached %3")
                            .arg(s.deliveredBytes)
                            .arg(s.payloadBytes)
                            .arg(serverDev);
    }
    if (fd >= 0) ::close(fd);
    QThread::msleep(static_cast<unsigned long>(idleMs));
    client.stop();
    server.stop();
    s.endSecs = nowSecs();
}

}  // namespace dnshound::tests::lab
