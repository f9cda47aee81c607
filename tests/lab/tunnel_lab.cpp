#include "tunnel_lab.h"

#include <QDir>
#include <QFile>
#include <QThread>

#include "lab_preconditions.h"

namespace dnshound::tests::lab {

TunnelLab::TunnelLab(QString dir, std::uint64_t seed)
    : m_dir(std::move(dir)), m_unbound(m_dir), m_traffic(seed) {}

TunnelLab::~TunnelLab() {
    m_traffic.stop();
    m_unbound.stop();
}

QString TunnelLab::start(const QStringList& tools, const std::vector<TunnelSession>& sessions,
                         const char* serverAddress) {
    if (auto why = missingTools(QStringList{QStringLiteral("unbound")} + tools); !why.isEmpty())
        return why;
    for (const char* address : {"127.0.0.1", serverAddress})
        if (auto why = portUnavailable(address, 53); !why.isEmpty()) return why;
    for (const auto& line : BackgroundTraffic::resolverLines()) m_unbound.addServerLine(line);
    for (const auto& s : sessions) m_unbound.addStubZone(s.zone.toStdString(), serverAddress);
    if (auto why = m_unbound.start(); !why.isEmpty()) return why;
    if (!m_traffic.start()) return QStringLiteral("cannot bind the background clients' sockets");
    return {};
}

QString TunnelLab::finishAndAnalyze() {
    m_traffic.stop();
    QThread::msleep(300);  // the last replies reach the log
    m_unbound.stop();
    m_log = std::make_unique<UnboundLog>(m_unbound.log());
    m_full = runCli({QStringLiteral("analyze"), QStringLiteral("--input"), m_unbound.logPath(),
                     QStringLiteral("--format"), QStringLiteral("unbound")},
                    m_dir, QStringLiteral("full"));
    return m_full.error;
}

std::optional<CliAlert> TunnelLab::sessionAlert(const CliAnalysis& a,
                                                const TunnelSession& s) const {
    for (const auto& alert : a.alertsFor(s.client, kTunnelKinds))
        if (alert.domain == s.registeredDomain ||
            alert.domain.endsWith(QLatin1Char('.') + s.registeredDomain))
            return alert;
    return std::nullopt;
}

std::optional<CliAlert> TunnelLab::alertForPrefix(const TunnelSession& s, int lines,
                                                  QString* error) {
    const QString tag = QStringLiteral("prefix-%1").arg(++m_prefixRuns);
    const QString path = QDir(m_dir).filePath(tag + QStringLiteral(".log"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (error) *error = QStringLiteral("cannot write ") + path;
        return std::nullopt;
    }
    f.write(m_log->text(0, lines));
    f.close();
    const CliAnalysis a = runCli({QStringLiteral("analyze"), QStringLiteral("--input"), path,
                                  QStringLiteral("--format"), QStringLiteral("unbound")},
                                 m_dir, tag);
    if (error) *error = a.error;
    return sessionAlert(a, s);
}

SessionVerdict TunnelLab::assess(const TunnelSession& s) {
    SessionVerdict v;
    const auto q = m_log->queries(s.client.toUtf8(), s.zone.toUtf8());
    v.queries = static_cast<int>(q.size());
    v.alert = sessionAlert(m_full, s);
    if (q.empty()) return v;
    v.startSecs = m_log->line(q.front()).timeSecs;
    // The early cut: the session's 50th query, or 60 s of its traffic when it is slower.
    int cut = 0;
    if (q.size() >= static_cast<std::size_t>(kEarlyQueries) &&
        m_log->line(q[kEarlyQueries - 1]).timeSecs <= v.startSecs + kEarlySecs)
        cut = q[kEarlyQueries - 1] + 1;
    else
        cut = m_log->firstLineAt(v.startSecs + kEarlySecs + 1);
    for (int i : q)
        if (i < cut) {
            ++v.earlyQueries;
            v.earlySecs = m_log->line(i).timeSecs - v.startSecs;
        }
    v.earlyAlert = alertForPrefix(s, cut, &v.earlyError);
    return v;
}

int TunnelLab::firstAlertQuery(const TunnelSession& s) {
    const auto q = m_log->queries(s.client.toUtf8(), s.zone.toUtf8());
    if (q.empty() || !alertForPrefix(s, q.back() + 1, nullptr)) return -1;
    int lo = 1, hi = static_cast<int>(q.size());  // the answer lies in [lo, hi]
    while (lo < hi) {
        const int mid = (lo + hi) / 2;
        if (alertForPrefix(s, q[static_cast<std::size_t>(mid - 1)] + 1, nullptr))
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

void TunnelLab::exportLogs(const std::vector<TunnelSession>& sessions, const QString& tool) const {
    const QString out = qEnvironmentVariable("DNSHOUND_LAB_OUT");
    if (out.isEmpty() || !m_log) return;
    QDir().mkpath(out);
    const auto write = [&](const QString& name, const QByteArray& text) {
        QFile f(QDir(out).filePath(name));
        if (f.open(QIODevice::WriteOnly | QIODevice::Truncate)) f.write(text);
    };
    write(tool + QStringLiteral("-all.log"), m_unbound.log());
    for (const auto& s : sessions) {
        const int from = m_log->firstLineAt(s.startSecs - 1);
        const int to = m_log->firstLineAt(s.endSecs + 2);
        write(s.label + QStringLiteral(".log"), m_log->text(from, to));
    }
}

}  // namespace dnshound::tests::lab
