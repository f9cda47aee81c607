// Datatest mode and the allowlist end to end through dnshound-cli analyze, and the client-level
// false alerts of the DGA rule on the real logs in the shared data.
#include <QtTest>

#include <map>
#include <set>

#include "cli_run.h"
#include "core/store/analysis_reader.h"

using Run = dnshound::test::CliRun;
using dnshound::test::runCli;

namespace {

QJsonObject readJson(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

// Clients with an alert of `kind` (DGA by default: tunnel/exfil alerts have their own tests).
QStringList alertClients(const QString& alertsPath, const QString& kind = QStringLiteral("dga")) {
    QFile f(alertsPath);
    QStringList clients;
    if (!f.open(QIODevice::ReadOnly)) return clients;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.trimmed().isEmpty()) continue;
        const QJsonObject alert = QJsonDocument::fromJson(line).object();
        if (alert.value(QStringLiteral("kind")).toString() == kind)
            clients << alert.value(QStringLiteral("client")).toString();
    }
    clients.sort();
    return clients;
}

bool writeText(const QString& path, const QByteArray& text) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text) == text.size();
}
}  // namespace

class TestDatatestCommand : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const char* name) const { return m_dir.filePath(QString::fromUtf8(name)); }
    QStringList infected;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const Run gen = runCli({QStringLiteral("generate-sample"), QStringLiteral("--out"),
                                path("sample.log"), QStringLiteral("--truth"), path("truth.json"),
                                QStringLiteral("--labels"), path("labels.csv")});
        QVERIFY2(gen.exitCode == 0, gen.err.constData());
        for (const auto& v :
             readJson(path("truth.json")).value(QStringLiteral("infected")).toArray())
            infected << v.toObject().value(QStringLiteral("client")).toString();
        infected.sort();
        QCOMPARE(infected.size(), 4);
    }

    void sampleDatatestHasTheInfectedClientsAsTruePositives() {
        const Run r =
            runCli({QStringLiteral("analyze"), QStringLiteral("--input"), path("sample.log"),
                    QStringLiteral("--truth"), path("labels.csv"), QStringLiteral("--db"),
                    path("dt.sqlite"), QStringLiteral("--summary"), path("dt.json"),
                    QStringLiteral("--alerts"), path("dt-alerts.jsonl")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("datatest"), r.out.constData());
        QVERIFY2(r.out.contains("clients (24)"), r.out.constData());

        const QJsonObject dt =
            readJson(path("dt.json")).value(QStringLiteral("datatest")).toObject();
        const QJsonObject clients = dt.value(QStringLiteral("client")).toObject();
        QCOMPARE(clients.value(QStringLiteral("tp")).toInt(), 4);
        QCOMPARE(clients.value(QStringLiteral("fn")).toInt(), 0);
        QCOMPARE(clients.value(QStringLiteral("fp")).toInt(), 0);
        QCOMPARE(clients.value(QStringLiteral("tn")).toInt(), 20);
        QCOMPARE(alertClients(path("dt-alerts.jsonl")), infected);  // the TPs are those clients
        const QJsonObject queries = dt.value(QStringLiteral("query")).toObject();
        const int qtp = queries.value(QStringLiteral("tp")).toInt();
        const int qfn = queries.value(QStringLiteral("fn")).toInt();
        const int qfp = queries.value(QStringLiteral("fp")).toInt();
        qInfo("query names: tp %d fn %d fp %d tn %d", qtp, qfn, qfp,
              queries.value(QStringLiteral("tn")).toInt());
        QVERIFY(qtp > 0);
        QCOMPARE(queries.value(QStringLiteral("precision")).toDouble(),
                 double(qtp) / double(qtp + qfp));
        QCOMPARE(queries.value(QStringLiteral("recall")).toDouble(),
                 double(qtp) / double(qtp + qfn));

        // The same matrices in the analysis file, with precision/recall in meta.
        const dnshound::core::store::AnalysisReader reader(path("dt.sqlite").toStdString());
        std::map<std::string, std::int64_t> cells;
        for (const auto& c : reader.confusion()) cells[c.level + c.truth + c.predicted] = c.count;
        QCOMPARE(cells.size(), std::size_t(8));
        QCOMPARE(cells["clientmaliciousmalicious"], std::int64_t(4));
        QCOMPARE(cells["clientbenignmalicious"], std::int64_t(0));
        QCOMPARE(cells["querymaliciousmalicious"], std::int64_t(qtp));
        QCOMPARE(reader.meta("datatest_client_recall").value_or(""), std::string("1.000000"));
    }

    void sampleTruthJsonGivesClientTruth() {
        const Run r =
            runCli({QStringLiteral("analyze"), QStringLiteral("--input"), path("sample.log"),
                    QStringLiteral("--truth"), path("truth.json"), QStringLiteral("--summary"),
                    path("dtj.json"), QStringLiteral("--quiet")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject dt =
            readJson(path("dtj.json")).value(QStringLiteral("datatest")).toObject();
        const QJsonObject clients = dt.value(QStringLiteral("client")).toObject();
        QCOMPARE(clients.value(QStringLiteral("tp")).toInt(), 4);
        QCOMPARE(clients.value(QStringLiteral("tn")).toInt(), 20);
        QCOMPARE(dt.value(QStringLiteral("clients_unlabelled")).toInt(), 0);
    }

    void badTruthIsAUsageError() {
        QVERIFY(writeText(path("bad.csv"), "a.com,dga\nno-label-here\n"));
        const Run r = runCli({QStringLiteral("analyze"), QStringLiteral("--input"),
                              path("sample.log"), QStringLiteral("--truth"), path("bad.csv")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("bad.csv:2:"), r.err.constData());
        const Run noColumn = runCli({QStringLiteral("analyze"), QStringLiteral("--input"),
                                     path("sample.log"), QStringLiteral("--datatest")});
        QCOMPARE(noColumn.exitCode, 2);
        QVERIFY2(noColumn.err.contains("label column"), noColumn.err.constData());
    }

    void allowlistSuppressesAlertsEndToEnd() {
        // One infected client allowlisted, another by an entry that has expired.
        const QByteArray allow =
            "# test allowlist\n- client: " + infected[0].toUtf8() +
            "\n  reason: known lab machine\n- client: " + infected[1].toUtf8() +
            "\n  reason: expired entry\n  expires: 2001-01-01\n";
        QVERIFY(writeText(path("allowlist.yaml"), allow));
        const Run r =
            runCli({QStringLiteral("analyze"), QStringLiteral("--input"), path("sample.log"),
                    QStringLiteral("--allowlist"), path("allowlist.yaml"), QStringLiteral("--db"),
                    path("al.sqlite"), QStringLiteral("--summary"), path("al.json"),
                    QStringLiteral("--alerts"), path("al-alerts.jsonl")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QStringList expected = infected;
        expected.removeAll(infected[0]);
        QCOMPARE(alertClients(path("al-alerts.jsonl")), expected);
        const QJsonObject a =
            readJson(path("al.json")).value(QStringLiteral("allowlist")).toObject();
        QCOMPARE(a.value(QStringLiteral("active")).toInt(), 1);
        QCOMPARE(a.value(QStringLiteral("expired")).toInt(), 1);
        QCOMPARE(a.value(QStringLiteral("suppressed_alerts")).toInt(), 1);
        QVERIFY(a.value(QStringLiteral("suppressed_queries")).toInt() >= 3);

        const dnshound::core::store::AnalysisReader reader(path("al.sqlite").toStdString());
        const auto stored = reader.allowlist();
        QCOMPARE(stored.size(), std::size_t(2));
        QCOMPARE(stored[0].kind, std::string("client"));
        QCOMPARE(QString::fromStdString(stored[0].value), infected[0]);
        QCOMPARE(stored[0].reason, std::string("known lab machine"));
        QVERIFY(stored[1].expiresUs > 0);
        QCOMPARE(reader.meta("allowlist_suppressed_alerts").value_or(""), std::string("1"));

        // Next to --config, allowlist.yaml is picked up without --allowlist.
        QVERIFY(writeText(path("config.yaml"), "store: {queries: false}\n"));
        const Run byConfig =
            runCli({QStringLiteral("analyze"), QStringLiteral("--input"), path("sample.log"),
                    QStringLiteral("--config"), path("config.yaml"), QStringLiteral("--alerts"),
                    path("cfg-alerts.jsonl"), QStringLiteral("--quiet")});
        QVERIFY2(byConfig.exitCode == 0, byConfig.err.constData());
        QCOMPARE(alertClients(path("cfg-alerts.jsonl")), expected);

        QVERIFY(writeText(path("broken.yaml"), "- client: 10.0.0.1\n"));
        const Run broken =
            runCli({QStringLiteral("analyze"), QStringLiteral("--input"), path("sample.log"),
                    QStringLiteral("--allowlist"), path("broken.yaml")});
        QCOMPARE(broken.exitCode, 2);
        QVERIFY2(broken.err.contains("broken.yaml:1: a reason is required"),
                 broken.err.constData());
    }

    // Client-level false alerts on real traffic (no DGA in it): the target is zero. Run twice:
    // with the default pipeline, and with every query scored (no prefilter, no inspector gate),
    // which leaves the client rule alone between the model and an alert.
    void realLogsRaiseNoDgaAlerts() {
        const QString logs = QStringLiteral(DNSHOUND_SHARED_DATA "/logs");
        if (!QFileInfo::exists(logs)) QSKIP("shared data (real DNS logs) is absent");
        QStringList inputs;
        QDirIterator it(logs, {QStringLiteral("*.gz"), QStringLiteral("*.log")}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) inputs << it.next();
        inputs.sort();
        QVERIFY(inputs.size() > 50);
        QVERIFY(writeText(path("open.yaml"),
                          "pipeline:\n  log_filtering:\n    prefilter: {relevant_only: false}\n"
                          "  data_inspection:\n    inspector: {mode: passthrough}\n"));
        for (const bool open : {false, true}) {
            QStringList args{QStringLiteral("analyze"),   QStringLiteral("--quiet"),
                             QStringLiteral("--summary"), path("real.json"),
                             QStringLiteral("--alerts"),  path("real-alerts.jsonl")};
            if (open) args << QStringLiteral("--config") << path("open.yaml");
            for (const QString& in : inputs) args << QStringLiteral("--input") << in;
            const Run r = runCli(args);
            QVERIFY2(r.exitCode == 0, r.err.constData());
            const QJsonObject s = readJson(path("real.json"));
            const QStringList alerted = alertClients(path("real-alerts.jsonl"));
            qInfo("real logs (%s): %d files, %lld events, %lld names scored, %lld DGA alerts%s%s",
                  open ? "every query scored" : "default pipeline", int(inputs.size()),
                  s.value(QStringLiteral("events")).toVariant().toLongLong(),
                  s.value(QStringLiteral("names_scored")).toVariant().toLongLong(),
                  qint64(alerted.size()), alerted.isEmpty() ? "" : ": ",
                  qPrintable(alerted.join(QLatin1Char(' '))));
            QVERIFY(s.value(QStringLiteral("events")).toInt() > 5000);
            QCOMPARE(alerted.size(), 0);
        }
    }

    void labelColumnDatatestOnCtuZeek() {
        const QString log = QStringLiteral(DNSHOUND_SHARED_DATA
                                           "/logs/ctu_zeek/test18-malicious-ctu-sme-11-win/"
                                           "zeek-labeled/dns.log.labeled.gz");
        if (!QFileInfo::exists(log)) QSKIP("shared data (ctu_zeek labelled dns.log) is absent");
        QVERIFY(writeText(path("open.yaml"),
                          "pipeline:\n  log_filtering:\n    prefilter: {relevant_only: false}\n"
                          "  data_inspection:\n    inspector: {mode: passthrough}\n"));
        const Run r =
            runCli({QStringLiteral("analyze"), QStringLiteral("--input"), log,
                    QStringLiteral("--datatest"), QStringLiteral("--config"), path("open.yaml"),
                    QStringLiteral("--summary"), path("ctu.json"), QStringLiteral("--quiet")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject dt =
            readJson(path("ctu.json")).value(QStringLiteral("datatest")).toObject();
        const QJsonObject q = dt.value(QStringLiteral("query")).toObject();
        const QJsonObject c = dt.value(QStringLiteral("client")).toObject();
        qInfo("ctu labelled log: query tp %d fp %d fn %d tn %d; client tp %d fp %d fn %d tn %d",
              q.value(QStringLiteral("tp")).toInt(), q.value(QStringLiteral("fp")).toInt(),
              q.value(QStringLiteral("fn")).toInt(), q.value(QStringLiteral("tn")).toInt(),
              c.value(QStringLiteral("tp")).toInt(), c.value(QStringLiteral("fp")).toInt(),
              c.value(QStringLiteral("fn")).toInt(), c.value(QStringLiteral("tn")).toInt());
        // Every line of that capture is labelled benign: every scored name is a labelled negative.
        QVERIFY(q.value(QStringLiteral("tn")).toInt() + q.value(QStringLiteral("fp")).toInt() > 0);
        QCOMPARE(q.value(QStringLiteral("tp")).toInt() + q.value(QStringLiteral("fn")).toInt(), 0);
        QCOMPARE(c.value(QStringLiteral("fp")).toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDatatestCommand)
#include "test_datatest_command.moc"
