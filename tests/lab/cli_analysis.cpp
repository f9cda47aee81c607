#include "cli_analysis.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>

namespace dnshound::tests::lab {

std::vector<CliAlert> CliAnalysis::alertsFor(const QString& client,
                                             const QStringList& kinds) const {
    std::vector<CliAlert> out;
    for (const auto& a : alerts)
        if (a.client == client && (kinds.isEmpty() || kinds.contains(a.kind))) out.push_back(a);
    return out;
}

CliAnalysis runCli(const QStringList& args, const QString& dir, const QString& tag, int timeoutMs) {
    CliAnalysis r;
    const QDir d(dir);
    r.dbPath = d.filePath(tag + QStringLiteral(".sqlite"));
    const QString alertsPath = d.filePath(tag + QStringLiteral("-alerts.jsonl"));
    const QString summaryPath = d.filePath(tag + QStringLiteral("-summary.json"));
    for (const auto& p : {r.dbPath, alertsPath, summaryPath}) QFile::remove(p);
    QProcess p;
    p.start(
        QString::fromUtf8(DNSHOUND_CLI),
        args + QStringList{QStringLiteral("--db"), r.dbPath, QStringLiteral("--alerts"), alertsPath,
                           QStringLiteral("--summary"), summaryPath, QStringLiteral("--quiet")});
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.error = QStringLiteral("dnshound-cli did not finish within %1 ms").arg(timeoutMs);
        return r;
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        r.error = QStringLiteral("dnshound-cli exited with %1: %2")
                      .arg(p.exitCode())
                      .arg(QString::fromUtf8(p.readAllStandardError()));
        return r;
    }
    QFile summary(summaryPath);
    if (summary.open(QIODevice::ReadOnly))
        r.summary = QJsonDocument::fromJson(summary.readAll()).object();
    QFile alerts(alertsPath);
    if (!alerts.open(QIODevice::ReadOnly)) {
        r.error = QStringLiteral("no alerts file ") + alertsPath;
        return r;
    }
    for (const QByteArray& line : alerts.readAll().split('\n')) {
        if (line.trimmed().isEmpty()) continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        CliAlert a;
        a.kind = o.value(QStringLiteral("kind")).toString();
        a.client = o.value(QStringLiteral("client")).toString();
        a.domain = o.value(QStringLiteral("domain")).toString();
        a.score = o.value(QStringLiteral("score")).toDouble();
        a.firstSeenUs = o.value(QStringLiteral("first_seen_us")).toInteger();
        a.lastSeenUs = o.value(QStringLiteral("last_seen_us")).toInteger();
        a.count = o.value(QStringLiteral("count")).toInteger();
        a.json = o;
        r.alerts.push_back(std::move(a));
    }
    return r;
}

QString describeAlerts(const std::vector<CliAlert>& alerts) {
    QStringList lines;
    for (const auto& a : alerts)
        lines << QStringLiteral("%1 %2 %3 (count %4, first_seen_us %5)")
                     .arg(a.kind, a.client, a.domain)
                     .arg(a.count)
                     .arg(a.firstSeenUs);
    return lines.isEmpty() ? QStringLiteral("(no alerts)") : lines.join(QStringLiteral("; "));
}

}  // namespace dnshound::tests::lab
