// Alerts through the real binary (dnshound-cli analyze): the real Zeek logs in
// ../shared/data/logs (dnscat2-style queries to r-1x.com must alert, nothing else may: no other
// tunnel or exfil alert and no DGA alert, the shipped DGA model loaded), and a
// generated unbound log holding the false-positive traps, an encoded tunnel and a slow
// exfiltration over an hour.
#include <QtTest>

#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>

#include "core/store/analysis_reader.h"
#include "tests/core/detect/tunnel_traffic.h"

namespace {

struct Alert {
    QString kind, client, scope, reason;
    qint64 alertedAtQuery = 0;
};

// Runs analyze and returns its alerts (every kind).
std::vector<Alert> analyze(const QStringList& inputs, const QString& format, const QString& dir,
                           const QString& tag) {
    QStringList args{QStringLiteral("analyze"), QStringLiteral("--quiet")};
    for (const auto& in : inputs) args << QStringLiteral("--input") << in;
    if (!format.isEmpty()) args << QStringLiteral("--format") << format;
    const QString alerts = dir + QStringLiteral("/") + tag + QStringLiteral(".alerts");
    args << QStringLiteral("--db") << dir + QStringLiteral("/") + tag + QStringLiteral(".db")
         << QStringLiteral("--alerts") << alerts;
    QProcess p;
    p.start(QString::fromUtf8(DNSHOUND_CLI), args);
    if (!p.waitForFinished(120000)) {
        p.kill();
        qWarning("analyze timed out");
        return {};
    }
    if (p.exitCode() != 0) {
        qWarning("analyze failed: %s", p.readAllStandardError().constData());
        return {};
    }
    QFile f(alerts);
    if (!f.open(QIODevice::ReadOnly)) return {};
    std::vector<Alert> out;
    while (!f.atEnd()) {
        const QJsonObject o = QJsonDocument::fromJson(f.readLine()).object();
        const QString kind = o.value(QStringLiteral("kind")).toString();
        if (kind.isEmpty()) continue;
        out.push_back({kind, o.value(QStringLiteral("client")).toString(),
                       o.value(QStringLiteral("scope")).toString(),
                       o.value(QStringLiteral("reason")).toString(),
                       o.value(QStringLiteral("details"))
                           .toObject()
                           .value(QStringLiteral("alerted_at_query"))
                           .toInteger()});
    }
    return out;
}

QStringList logsUnder(const QString& dir) {
    QStringList files;
    QDirIterator it(dir, {QStringLiteral("*.log*")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) files << it.next();
    files.sort();
    return files;
}

QString list(const std::vector<Alert>& alerts) {
    QString s;
    for (const auto& a : alerts)
        s += a.kind + QStringLiteral(" ") + a.client + QStringLiteral(" ") + a.scope +
             QStringLiteral(": ") + a.reason + QStringLiteral("\n");
    return s;
}

}  // namespace

class TestTunnelAlerts : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_logs = QString::fromUtf8(DNSHOUND_SHARED_DATA) + QStringLiteral("/logs");

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void ritaLogsAlertOnlyOnR1x() {
        const QString rita = m_logs + QStringLiteral("/rita_zeek");
        if (!QDir(rita).exists()) QSKIP("shared data absent: ../shared/data/logs/rita_zeek");
        const auto alerts = analyze(logsUnder(rita), {}, m_dir.path(), QStringLiteral("rita"));
        QVERIFY2(!alerts.empty(), "the dnscat2-style r-1x.com session did not alert");
        for (const auto& a : alerts) {
            QVERIFY2(a.scope == QStringLiteral("r-1x.com"), qPrintable(list(alerts)));
            qInfo("rita: %s %s %s after %lld queries: %s", qPrintable(a.kind), qPrintable(a.client),
                  qPrintable(a.scope), a.alertedAtQuery, qPrintable(a.reason));
        }
    }

    void ctuLogsNeverAlert() {
        const QString ctu = m_logs + QStringLiteral("/ctu_zeek");
        if (!QDir(ctu).exists()) QSKIP("shared data absent: ../shared/data/logs/ctu_zeek");
        const auto alerts = analyze(logsUnder(ctu), {}, m_dir.path(), QStringLiteral("ctu"));
        QVERIFY2(alerts.empty(), qPrintable(list(alerts)));
    }

    void generatedUnboundLog() {
        using namespace dnshound::tests;
        constexpr std::int64_t t0 = 1'795'800'000'000'000;
        auto queries = falsePositiveTraps(t0);
        const auto session = encodedTunnelSession(t0 + 900'000'000, "10.9.0.5", 300);
        const auto exfil = slowExfil(t0 + 300'000'000, "10.2.0.11");
        queries.insert(queries.end(), session.begin(), session.end());
        queries.insert(queries.end(), exfil.begin(), exfil.end());
        std::stable_sort(queries.begin(), queries.end(),
                         [](const auto& a, const auto& b) { return a.timeUs < b.timeUs; });
        const QString log = m_dir.filePath(QStringLiteral("unbound.log"));
        QVERIFY(writeUnboundLog(log.toStdString(), queries));
        const auto alerts =
            analyze({log}, QStringLiteral("unbound"), m_dir.path(), QStringLiteral("gen"));
        QCOMPARE(alerts.size(), std::size_t(2));
        std::map<QString, Alert> byScope;
        for (const auto& a : alerts) byScope[a.scope] = a;
        QVERIFY2(byScope.count(QStringLiteral("update-cache.net")), qPrintable(list(alerts)));
        QVERIFY2(byScope.count(QStringLiteral("cdn-metrics-io.com")), qPrintable(list(alerts)));
        const Alert& t = byScope[QStringLiteral("update-cache.net")];
        const Alert& x = byScope[QStringLiteral("cdn-metrics-io.com")];
        QCOMPARE(t.kind, QStringLiteral("tunnel"));
        QCOMPARE(x.kind, QStringLiteral("exfil"));
        QVERIFY2(t.alertedAtQuery <= 50, qPrintable(t.reason));
        qInfo("generated: tunnel after %lld queries (%s); exfil after %lld queries (%s)",
              t.alertedAtQuery, qPrintable(t.reason), x.alertedAtQuery, qPrintable(x.reason));
        // The bytes-over-time series is in the analysis file for the exfil client.
        dnshound::core::store::AnalysisReader reader(
            (m_dir.path() + QStringLiteral("/gen.db")).toStdString());
        const auto series = reader.tunnelSeries("10.2.0.11");
        QVERIFY(!series.empty());
        double bytes = 0;
        for (const auto& p : series)
            if (p.domain == "cdn-metrics-io.com") bytes += p.bytes;
        QVERIFY2(bytes > 500, std::to_string(bytes).c_str());
    }
};

QTEST_GUILESS_MAIN(TestTunnelAlerts)
#include "test_tunnel_alerts.moc"
