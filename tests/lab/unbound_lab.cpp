#include "unbound_lab.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>

#include "dns_query_client.h"

namespace dnshound::tests::lab {

UnboundLab::UnboundLab(QString dir)
    : m_dir(std::move(dir)),
      m_process(QStringLiteral("unbound"), QDir(m_dir).filePath(QStringLiteral("unbound.out"))) {}

UnboundLab::~UnboundLab() {
    stop();
}

void UnboundLab::addServerLine(std::string line) {
    m_serverLines.push_back(std::move(line));
}

void UnboundLab::addStubZone(const std::string& zone, const std::string& serverAddress) {
    m_stubs.emplace_back(zone, serverAddress);
    // A transparent local zone lets the stub's answers through the static root zone.
    m_serverLines.push_back("local-zone: \"" + zone + ".\" transparent");
}

QString UnboundLab::logPath() const {
    return QDir(m_dir).filePath(QStringLiteral("unbound.log"));
}

QByteArray UnboundLab::log() const {
    QFile f(logPath());
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString UnboundLab::start(int timeoutMs) {
    const QString unbound = findTool(QStringLiteral("unbound"));
    if (unbound.isEmpty()) return QStringLiteral("unbound is not installed");
    const std::string dir = QDir(m_dir).absolutePath().toStdString();
    std::string conf = "server:\n";
    auto line = [&](const std::string& l) { conf += "  " + l + "\n"; };
    line("interface: 127.0.0.1");
    line("port: 53");
    line("do-not-query-localhost: no");
    line("access-control: 127.0.0.0/8 allow");
    line("num-threads: " + std::to_string(m_threads));
    line(std::string("log-queries: ") + (m_logQueries ? "yes" : "no"));
    line(std::string("log-replies: ") + (m_logQueries ? "yes" : "no"));
    line("logfile: \"" + dir + "/unbound.log\"");
    line("use-syslog: no");
    line("chroot: \"\"");
    line("username: \"\"");
    line("directory: \"" + dir + "\"");
    line("pidfile: \"" + dir + "/unbound.pid\"");
    line("module-config: \"iterator\"");
    line("qname-minimisation: no");
    line("local-zone: \".\" static");
    for (const auto& l : m_serverLines) line(l);
    for (const auto& [zone, address] : m_stubs)
        conf += "stub-zone:\n  name: \"" + zone + ".\"\n  stub-addr: " + address + "@53\n";
    const QString confPath = QDir(m_dir).filePath(QStringLiteral("unbound.conf"));
    QFile f(confPath);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        f.write(conf.data(), static_cast<qint64>(conf.size())) != static_cast<qint64>(conf.size()))
        return QStringLiteral("cannot write ") + confPath;
    f.close();

    if (!m_process.start(unbound, {QStringLiteral("-d"), QStringLiteral("-c"), confPath}))
        return m_process.describe();
    // Ready when it answers; the probe comes from an address no test uses as a client.
    DnsQueryClient probe("127.0.0.254");
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        if (!m_process.isRunning()) return m_process.describe();
        if (probe.exchange("lab-ready.invalid", 1, 200) >= 0) return {};
    }
    const QString why = QStringLiteral("unbound did not answer within %1 ms: ").arg(timeoutMs) +
                        m_process.describe();
    stop();
    return why;
}

void UnboundLab::stop() {
    m_process.stop();
}

}  // namespace dnshound::tests::lab
