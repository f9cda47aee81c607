#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>

namespace dnshound::tests::lab {

// Why a lab cannot run on this machine, as one sentence for QSKIP; an empty string when it can.

// A tool in `names` that is not installed ("dns2tcpd is not installed (Debian package dns2tcp)").
QString missingTools(const QStringList& names);
// 127.0.0.x:port cannot be bound (in use, or a port below 1024 without CAP_NET_BIND_SERVICE).
QString portUnavailable(const char* address, std::uint16_t port);
// iodine needs /dev/net/tun and CAP_NET_ADMIN to create its interfaces.
QString tunUnavailable();

}  // namespace dnshound::tests::lab
