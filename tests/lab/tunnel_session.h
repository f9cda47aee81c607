#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>

namespace dnshound::tests::lab {

// One run of a real DNS tunnel tool through the lab resolver (127.0.0.1), against its server
// on another loopback address, carrying a payload and then idling for a while as a user's
// session would. Sessions run one after another; every process is stopped before run returns.
struct TunnelSession {
    TunnelSession(QString label_, QString zone_, QString registeredDomain_, QStringList clientArgs_)
        : label(std::move(label_)),
          zone(std::move(zone_)),
          registeredDomain(std::move(registeredDomain_)),
          clientArgs(std::move(clientArgs_)) {}

    QString label;             // "dns2tcp-txt", "iodine-null-base32": the lab-out file name
    QString zone;              // the tunnel zone delegated to the server, "t.cobalt-sync.net"
    QString registeredDomain;  // its registered domain, "cobalt-sync.net"
    QStringList clientArgs;    // tool options that select record type and encoding
    QString client = QStringLiteral("127.0.0.1");  // the tools query from the resolver's host

    // Results.
    QString failure;  // why the session did not carry its payload (empty: it did)
    std::uint64_t payloadBytes = 0;
    std::uint64_t deliveredBytes = 0;
    QString negotiated;  // what the tool reports it settled on (iodine's codecs and query type)
    std::int64_t startSecs = 0;  // wall-clock span of the session, for log extracts
    std::int64_t endSecs = 0;
};

// dns2tcpd on 127.0.0.2 serving session.zone with one resource ("sink", a local TCP sink);
// dns2tcpc (with clientArgs, e.g. -T KEY) forwards a local port; `payloadBytes` go through it.
void runDns2tcpSession(TunnelSession& session, const QString& dir, int payloadBytes, int idleMs);

// iodined on 127.0.0.3 for session.zone with tunnel network 10.99.`net`.0/27; iodine (with
// clientArgs, e.g. -T CNAME -O Base32) in DNS-only mode (-r: no raw UDP shortcut around the
// resolver); `payloadBytes` of UDP datagrams are sent into the client's tunnel interface.
void runIodineSession(TunnelSession& session, const QString& dir, int net, int payloadBytes,
                      int idleMs);

}  // namespace dnshound::tests::lab
