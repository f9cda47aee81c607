#include <QtTest>

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include "cli_run.h"

using Run = dnshound::test::CliRun;
using dnshound::test::runCli;

namespace {

const QString kModel = QStringLiteral(DNSHOUND_SOURCE_DIR "/models/dga.json");

QList<QJsonObject> jsonLines(const QByteArray& out) {
    QList<QJsonObject> objects;
    for (const QByteArray& line : out.split('\n')) {
        if (line.isEmpty()) continue;
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &err);
        if (err.error != QJsonParseError::NoError || !doc.isObject()) return {};
        objects.append(doc.object());
    }
    return objects;
}

}  // namespace

class TestScoreCommand : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scoresAFile() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString input = dir.filePath(QStringLiteral("names.txt"));
        QFile f(input);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            "google.com\n\nWWW.Wikipedia.ORG.\nxkqzvbnwplmrtsd.info\r\nbad name.com\n"
            "harriettawitherspoon.net\n");
        f.close();
        const Run r = runCli({QStringLiteral("score"), input, QStringLiteral("--model"), kModel});
        QCOMPARE(r.exitCode, 0);
        const auto lines = jsonLines(r.out);
        QCOMPARE(lines.size(), 5);  // the blank line is skipped
        for (int i = 0; i < 3; ++i) {
            QVERIFY(lines[i].contains(QStringLiteral("domain")));
            QVERIFY(lines[i].value(QStringLiteral("dga_score")).isDouble());
            QVERIFY(lines[i].value(QStringLiteral("dga")).isBool());
            const double s = lines[i].value(QStringLiteral("dga_score")).toDouble();
            QVERIFY(s >= 0 && s <= 1);
        }
        QCOMPARE(lines[1].value(QStringLiteral("domain")).toString(),
                 QStringLiteral("WWW.Wikipedia.ORG."));
        QCOMPARE(lines[0].value(QStringLiteral("dga")).toBool(), false);
        QCOMPARE(lines[1].value(QStringLiteral("dga")).toBool(), false);
        QVERIFY(lines[2].value(QStringLiteral("dga_score")).toDouble() >
                lines[0].value(QStringLiteral("dga_score")).toDouble());
        QVERIFY(lines[3].contains(QStringLiteral("error")));
        QVERIFY(!lines[3].contains(QStringLiteral("dga_score")));
        // A suppobox-style word pair: called DGA, and the family it resembles is named (a
        // confident attribution only); benign names carry no family.
        QCOMPARE(lines[4].value(QStringLiteral("dga")).toBool(), true);
        QCOMPARE(lines[4].value(QStringLiteral("family")).toString(), QStringLiteral("suppobox"));
        QVERIFY(lines[4].value(QStringLiteral("family_margin")).toDouble() >= 5.0);
        QVERIFY(!lines[0].contains(QStringLiteral("family")));
    }

    void readsStdinInBatches() {
        QByteArray input;
        for (int i = 0; i < 10000; ++i) input += "host" + QByteArray::number(i) + ".example.com\n";
        const Run r = runCli(
            {QStringLiteral("score"), QStringLiteral("-"), QStringLiteral("--model"), kModel},
            input);
        QCOMPARE(r.exitCode, 0);
        const auto lines = jsonLines(r.out);
        QCOMPARE(lines.size(), 10000);
        QCOMPARE(lines.last().value(QStringLiteral("domain")).toString(),
                 QStringLiteral("host9999.example.com"));
    }

    void missingFileExitsWithTwo() {
        const Run r = runCli({QStringLiteral("score"), QStringLiteral("/no/such/names.txt"),
                              QStringLiteral("--model"), kModel});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.out.isEmpty());
    }

    void badModelExitsWithTwo() {
        QTemporaryDir dir;
        const QString model = dir.filePath(QStringLiteral("dga.json"));
        QFile f(model);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{}");
        f.close();
        const Run r =
            runCli({QStringLiteral("score"), QStringLiteral("--model"), model}, "google.com\n");
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.err.count('\n'), 1);
    }
};

QTEST_APPLESS_MAIN(TestScoreCommand)
#include "test_score_command.moc"
