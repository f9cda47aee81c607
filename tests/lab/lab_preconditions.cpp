#include "lab_preconditions.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QFile>

#include <cerrno>
#include <cstring>

#include "lab_process.h"

namespace dnshound::tests::lab {

namespace {

// The effective capability set of this process (CapEff in /proc/self/status).
std::uint64_t effectiveCapabilities() {
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly)) return 0;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("CapEff:")) return line.mid(7).trimmed().toULongLong(nullptr, 16);
    return 0;
}

bool hasCapability(int cap) {
    return (effectiveCapabilities() >> cap) & 1u;
}

constexpr int kCapNetBindService = 10;
constexpr int kCapNetAdmin = 12;

QString bindError(const char* address, std::uint16_t port, int type) {
    const int fd = ::socket(AF_INET, type, 0);
    if (fd < 0) return QString::fromUtf8(std::strerror(errno));
    const int one = 1;
    if (type == SOCK_STREAM) ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    ::inet_pton(AF_INET, address, &a.sin_addr);
    const int rc = ::bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof(a));
    const int err = errno;
    ::close(fd);
    if (rc == 0) return {};
    return QString::fromUtf8(std::strerror(err));
}

}  // namespace

QString missingTools(const QStringList& names) {
    QStringList missing;
    for (const auto& n : names)
        if (findTool(n).isEmpty()) missing << n;
    if (missing.isEmpty()) return {};
    return QStringLiteral("not installed: %1 (installer/deps.sh installs the lab packages)")
        .arg(missing.join(QStringLiteral(", ")));
}

QString portUnavailable(const char* address, std::uint16_t port) {
    if (port < 1024 && !hasCapability(kCapNetBindService))
        return QStringLiteral("binding %1:%2 needs root or CAP_NET_BIND_SERVICE")
            .arg(QString::fromUtf8(address))
            .arg(port);
    for (const int type : {SOCK_DGRAM, SOCK_STREAM}) {
        const QString err = bindError(address, port, type);
        if (!err.isEmpty())
            return QStringLiteral("cannot bind %1 %2:%3: %4 (another DNS server running?)")
                .arg(type == SOCK_DGRAM ? QStringLiteral("UDP") : QStringLiteral("TCP"),
                     QString::fromUtf8(address))
                .arg(port)
                .arg(err);
    }
    return {};
}

QString tunUnavailable() {
    const int fd = ::open("/dev/net/tun", O_RDWR);
    if (fd < 0)
        return QStringLiteral("/dev/net/tun cannot be opened (%1): iodine needs a TUN device")
            .arg(QString::fromUtf8(std::strerror(errno)));
    ::close(fd);
    if (!hasCapability(kCapNetAdmin))
        return QStringLiteral("iodine needs root or CAP_NET_ADMIN to create its tunnel interface");
    return {};
}

}  // namespace dnshound::tests::lab
