#include <QtTest>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <cmath>
#include <random>

#include "cli_run.h"

// dnshound-cli train / test / explain on a small dataset this test writes itself.

using namespace Qt::StringLiterals;

using Run = dnshound::test::CliRun;
using dnshound::test::runCli;

namespace {

QJsonObject json(const QByteArray& out) {
    return QJsonDocument::fromJson(out).object();
}

// Benign: word pairs; DGA: random letters/digits (families randa, randb) and a consonant-heavy
// family (consa). Written without a header ("domain,label,family" by position) and, for the
// benign half, as a folder with a headed CSV, so both dataset readers are used.
void writeDataset(const QString& dir) {
    const char* words[] = {"green", "house", "cloud", "media", "shop",  "news",   "world",
                           "smart", "home",  "book",  "music", "sport", "travel", "photo",
                           "city",  "food",  "game",  "tech",  "daily", "star"};
    const char* tlds[] = {".com", ".net", ".org", ".de", ".co.uk"};
    std::mt19937 rng(7);
    QByteArray dga, benign = "domain,label,family\n";
    for (int i = 0; i < 1500; ++i) {
        benign += QByteArray(words[rng() % 20]) + words[rng() % 20] + QByteArray::number(i % 9) +
                  tlds[rng() % 5] + ",benign,legit\n";
        QByteArray name;
        const int len = 12 + static_cast<int>(rng() % 9);
        const int family = i % 3;
        for (int j = 0; j < len; ++j) {
            const unsigned c = rng() % (family == 2 ? 20 : 36);
            const char* consonants = "bcdfghjklmnpqrstvwxz";
            name +=
                family == 2 ? consonants[c] : static_cast<char>(c < 26 ? 'a' + c : '0' + c - 26);
        }
        dga += name + (i % 2 ? ".info" : ".com") + ",dga," +
               (family == 0   ? "randa"
                : family == 1 ? "randb"
                              : "consa") +
               "\n";
    }
    QDir().mkpath(dir + u"/benign"_s);
    QFile d(dir + u"/dga.csv"_s), b(dir + u"/benign/list.csv"_s);
    QVERIFY(d.open(QIODevice::WriteOnly) && b.open(QIODevice::WriteOnly));
    d.write(dga);
    b.write(benign);
}

}  // namespace

class TestModelCommands : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_model;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        writeDataset(m_dir.path());
        m_model = m_dir.filePath(u"m/dga.json"_s);
        const Run r =
            runCli({u"train"_s, u"--dataset"_s, m_dir.filePath(u"dga.csv"_s), u"--dataset"_s,
                    m_dir.filePath(u"benign"_s), u"--rounds"_s, u"30"_s, u"--max-depth"_s, u"4"_s,
                    u"--threads"_s, u"1"_s, u"--out"_s, m_model, u"--quiet"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(QFile::exists(m_model));
    }

    void testReportsMeasures() {
        const Run r =
            runCli({u"test"_s, u"--model"_s, m_model, u"--dataset"_s, m_dir.filePath(u"dga.csv"_s),
                    u"--dataset"_s, m_dir.filePath(u"benign"_s), u"--json"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = json(r.out).value(u"labelled"_s).toObject();
        const int benign = o.value(u"benign"_s).toInt(), dga = o.value(u"dga"_s).toInt();
        // The test split is about a tenth of ~3000 names.
        QVERIFY2(benign > 80 && benign < 250, QByteArray::number(benign).constData());
        QVERIFY(dga > 80 && dga < 250);
        const QJsonObject c = o.value(u"at_threshold"_s).toObject();
        QCOMPARE(c.value(u"tp"_s).toInt() + c.value(u"fn"_s).toInt(), dga);
        QCOMPARE(c.value(u"tn"_s).toInt() + c.value(u"fp"_s).toInt(), benign);
        QVERIFY(o.value(u"roc_auc"_s).toDouble() > 0.98);
        QVERIFY(o.value(u"tpr_at_fpr_1e-3"_s).toDouble() > 0.8);
        const QJsonObject families = o.value(u"families"_s).toObject();
        QCOMPARE(families.keys(), (QStringList{u"consa"_s, u"randa"_s, u"randb"_s}));
        int perFamily = 0;
        for (const auto& f : families) perFamily += f.toObject().value(u"names"_s).toInt();
        QCOMPARE(perFamily, dga);
        // The threshold for the target FPR keeps the benign FPR at or under it.
        QVERIFY(o.value(u"at_target_fpr"_s).toObject().value(u"fpr"_s).toDouble() <= 1e-3);

        const Run text =
            runCli({u"test"_s, u"--model"_s, m_model, u"--dataset"_s, m_dir.filePath(u"dga.csv"_s),
                    u"--dataset"_s, m_dir.filePath(u"benign"_s)});
        QVERIFY(text.out.contains("| benign | ") && text.out.contains("TPR at FPR 1e-4"));
        QVERIFY(text.out.contains("| consa |"));
    }

    // DGA output hidden in a benign list is what the highest-scored benign names show.
    void highestBenignNamesShowLabelNoise() {
        const QString noisy = m_dir.filePath(u"noisy"_s);
        QVERIFY(QDir().mkpath(noisy));
        QFile::remove(noisy + u"/list.csv"_s);
        QVERIFY(QFile::copy(m_dir.filePath(u"benign/list.csv"_s), noisy + u"/list.csv"_s));
        QFile f(noisy + u"/list.csv"_s);
        QVERIFY(f.open(QIODevice::Append));
        f.write("qx7kz2vm9pl4wt.com,benign,legit\nzk4qv8xj2mw7pt.net,benign,legit\n");
        f.close();
        const Run r = runCli({u"test"_s, u"--model"_s, m_model, u"--dataset"_s,
                              m_dir.filePath(u"dga.csv"_s), u"--dataset"_s, noisy, u"--split"_s,
                              u"all"_s, u"--show-flagged"_s, u"5"_s, u"--json"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray top = json(r.out).value(u"highest_benign"_s).toArray();
        QCOMPARE(top.size(), 5);
        QStringList firstTwo;
        for (int i = 0; i < top.size(); ++i) {
            const QJsonObject o = top.at(i).toObject();
            if (i < 2) firstTwo << o.value(u"name"_s).toString();
            if (i > 0)
                QVERIFY(o.value(u"score"_s).toDouble() <=
                        top.at(i - 1).toObject().value(u"score"_s).toDouble());
        }
        firstTwo.sort();
        QCOMPARE(firstTwo, (QStringList{u"qx7kz2vm9pl4wt.com"_s, u"zk4qv8xj2mw7pt.net"_s}));

        const Run text =
            runCli({u"test"_s, u"--model"_s, m_model, u"--dataset"_s, m_dir.filePath(u"dga.csv"_s),
                    u"--dataset"_s, noisy, u"--split"_s, u"all"_s, u"--show-flagged"_s, u"3"_s});
        QVERIFY(text.out.contains("## Benign names scored highest"));
        QVERIFY(text.out.contains("| 3 | "));
        QVERIFY(!text.out.contains("| 4 | "));
    }

    void benignNameListsCountFalsePositives() {
        const QString list = m_dir.filePath(u"names.txt"_s);
        QFile f(list);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# comment\ngreenhouse.com\nGreenHouse.com.\nbookstar.net\nqxz7k2mv9pl4wt.info\n");
        f.close();
        const Run r =
            runCli({u"test"_s, u"--model"_s, m_model, u"--benign-names"_s, list, u"--json"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o =
            json(r.out).value(u"benign_name_lists"_s).toObject().value(list).toObject();
        QCOMPARE(o.value(u"names"_s).toInt(), 3);  // case and trailing dot folded, comment skipped
        QCOMPARE(o.value(u"flagged"_s).toInt(), 1);
        QCOMPARE(o.value(u"flagged_names"_s).toArray().at(0).toString(),
                 QStringLiteral("qxz7k2mv9pl4wt.info"));
    }

    void explainGivesContributionsAndRules() {
        const QString rules = m_dir.filePath(u"rules.txt"_s);
        const Run r = runCli({u"explain"_s, u"--model"_s, m_model, u"--rules-out"_s, rules,
                              u"--json"_s, u"qxz7k2mv9pl4wt.info"_s, u"greenhouse.com"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = json(r.out);
        double share = 0;
        for (const auto& v : o.value(u"importance"_s).toObject()) share += v.toDouble();
        QVERIFY(std::fabs(share - 1.0) < 1e-6);
        const QJsonObject names = o.value(u"names"_s).toObject();
        QVERIFY(names.value(u"qxz7k2mv9pl4wt.info"_s).toObject().value(u"dga"_s).toBool());
        QVERIFY(!names.value(u"greenhouse.com"_s).toObject().value(u"dga"_s).toBool());
        for (const auto& v : names) {
            const QJsonObject n = v.toObject();
            double sum = n.value(u"bias"_s).toDouble();
            for (const auto& c : n.value(u"contributions"_s).toObject()) sum += c.toDouble();
            QVERIFY(std::fabs(sum - n.value(u"margin"_s).toDouble()) < 1e-3);
        }
        QFile f(rules);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.contains("30 trees") && text.contains("if ") && text.contains("log-odds"));
    }

    void randomForestTrains() {
        const QString model = m_dir.filePath(u"rf/dga.json"_s);
        const Run r = runCli({u"train"_s, u"--dataset"_s, m_dir.filePath(u"dga.csv"_s),
                              u"--dataset"_s, m_dir.filePath(u"benign"_s), u"--model"_s,
                              u"randomforest"_s, u"--forest-trees"_s, u"40"_s, u"--max-depth"_s,
                              u"6"_s, u"--threads"_s, u"1"_s, u"--out"_s, model, u"--quiet"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const Run e = runCli({u"explain"_s, u"--model"_s, model, u"--json"_s});
        QVERIFY(json(e.out).value(u"rules"_s).toString().contains(u"40 trees"_s));
        const Run t =
            runCli({u"test"_s, u"--model"_s, model, u"--dataset"_s, m_dir.filePath(u"dga.csv"_s),
                    u"--dataset"_s, m_dir.filePath(u"benign"_s), u"--json"_s});
        QVERIFY(json(t.out).value(u"labelled"_s).toObject().value(u"roc_auc"_s).toDouble() > 0.98);
    }

    void leaveFamiliesOutScoresEveryFamilyUnseen() {
        const Run r =
            runCli({u"test"_s, u"--leave-families-out"_s, u"3"_s, u"--dataset"_s,
                    m_dir.filePath(u"dga.csv"_s), u"--dataset"_s, m_dir.filePath(u"benign"_s),
                    u"--rounds"_s, u"20"_s, u"--max-depth"_s, u"4"_s, u"--threads"_s, u"1"_s,
                    u"--work-dir"_s, m_dir.filePath(u"lofo"_s), u"--json"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = json(r.out);
        QCOMPARE(o.value(u"leave_families_out"_s).toInt(), 3);
        const QJsonObject folds = o.value(u"folds"_s).toObject();
        QCOMPARE(folds.size(), 3);
        QStringList seen;
        for (const auto& f : folds) {
            const QJsonObject fams = f.toObject().value(u"families"_s).toObject();
            QCOMPARE(fams.size(), 1);  // three families, three folds
            seen += fams.keys();
        }
        seen.sort();
        QCOMPARE(seen, (QStringList{u"consa"_s, u"randa"_s, u"randb"_s}));
        // Each fold's model was trained without its family: the manifest says so.
        QFile m(m_dir.filePath(u"lofo/fold0/dga.manifest.json"_s));
        QVERIFY(m.open(QIODevice::ReadOnly));
        QVERIFY(m.readAll().contains("\"excluded_families\":[\"consa\"]"));
        QVERIFY(o.value(u"macro_tpr_at_fpr_1e-3"_s).toDouble() > 0.5);
    }

    void cleaningMarksBenignSuspectsInTest() {
        // The benign list of writeDataset plus 60 names made like the randa family, labelled
        // benign: the noise the cleaning is for. (The threshold is low: this is about plumbing.)
        QDir().mkpath(m_dir.filePath(u"noisy"_s));
        QFile n(m_dir.filePath(u"noisy/planted.csv"_s));
        QVERIFY(n.open(QIODevice::WriteOnly));
        n.write("domain,label\n");
        std::mt19937 rng(13);
        for (int i = 0; i < 60; ++i) {
            QByteArray name;
            const int len = 12 + static_cast<int>(rng() % 9);
            for (int j = 0; j < len; ++j) {
                const unsigned c = rng() % 36;
                name += static_cast<char>(c < 26 ? 'a' + c : '0' + c - 26);
            }
            n.write(name + (i % 2 ? ".info" : ".com") + ",benign\n");
        }
        n.close();
        const QStringList data = {u"--dataset"_s, m_dir.filePath(u"dga.csv"_s),
                                  u"--dataset"_s, m_dir.filePath(u"benign"_s),
                                  u"--dataset"_s, m_dir.filePath(u"noisy"_s)};
        const QString model = m_dir.filePath(u"clean/dga.json"_s);
        const Run t = runCli(
            QStringList{u"train"_s} + data +
            QStringList{u"--rounds"_s, u"30"_s, u"--max-depth"_s, u"4"_s, u"--threads"_s, u"1"_s,
                        u"--clean-benign-folds"_s, u"4"_s, u"--clean-benign-rounds"_s, u"30"_s,
                        u"--clean-benign-threshold"_s, u"0.5"_s, u"--out"_s, model, u"--quiet"_s});
        QVERIFY2(t.exitCode == 0, t.err.constData());
        QVERIFY(t.out.contains("benign names suspected DGA"));
        QVERIFY(QFile::exists(m_dir.filePath(u"clean/dga.suspects.txt"_s)));

        const Run r = runCli(QStringList{u"test"_s, u"--model"_s, model, u"--json"_s} + data);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = json(r.out);
        const QJsonObject raw = o.value(u"labelled"_s).toObject();
        const QJsonObject clean = o.value(u"labelled_without_benign_suspects"_s).toObject();
        const int marked = o.value(u"benign_suspects_marked"_s).toInt();
        QVERIFY2(marked > 0, r.out.constData());
        QCOMPARE(clean.value(u"benign"_s).toInt() + marked, raw.value(u"benign"_s).toInt());
        QCOMPARE(clean.value(u"dga"_s).toInt(), raw.value(u"dga"_s).toInt());
        QVERIFY(clean.value(u"roc_auc"_s).toDouble() >= raw.value(u"roc_auc"_s).toDouble());

        const Run text = runCli(QStringList{u"test"_s, u"--model"_s, model} + data);
        QVERIFY(text.out.contains("| measure | raw (as labelled) | without the "));
        QVERIFY(text.out.contains("### Raw: every labelled name"));
        QVERIFY(text.out.contains("suspected DGA by the model's training ("));
        // A model trained without cleaning has no suspects: one evaluation, as before.
        const Run plain = runCli({u"test"_s, u"--model"_s, m_model, u"--dataset"_s,
                                  m_dir.filePath(u"dga.csv"_s), u"--json"_s});
        QVERIFY(!json(plain.out).contains(u"labelled_without_benign_suspects"_s));
        // --benign-suspects lends that model the cleaned model's suspects: the same marks.
        const Run lent = runCli(QStringList{u"test"_s, u"--model"_s, m_model, u"--json"_s,
                                            u"--benign-suspects"_s,
                                            m_dir.filePath(u"clean/dga.suspects.txt"_s)} +
                                data);
        QVERIFY2(lent.exitCode == 0, lent.err.constData());
        QCOMPARE(json(lent.out).value(u"benign_suspects_marked"_s).toInt(), marked);
        const Run lentText =
            runCli(QStringList{u"test"_s, u"--model"_s, m_model, u"--benign-suspects"_s,
                               m_dir.filePath(u"clean/dga.suspects.txt"_s)} +
                   data);
        QVERIFY2(lentText.out.contains("suspected DGA by another training's cleaning "
                                       "(--benign-suspects "),
                 lentText.out.constData());
        QCOMPARE(runCli(QStringList{u"test"_s, u"--model"_s, m_model, u"--benign-suspects"_s,
                                    m_dir.filePath(u"missing.txt"_s)} +
                        data)
                     .exitCode,
                 2);
    }

    void badUsageIsRefused() {
        QCOMPARE(runCli({u"test"_s, u"--model"_s, m_model}).exitCode, 2);
        QCOMPARE(runCli({u"train"_s, u"--dataset"_s, m_dir.filePath(u"dga.csv"_s), u"--model"_s,
                         u"svm"_s, u"--out"_s, m_dir.filePath(u"x.json"_s)})
                     .exitCode,
                 2);
        QCOMPARE(runCli({u"explain"_s, u"--model"_s, u"/no/such/model.json"_s}).exitCode, 2);
        QCOMPARE(
            runCli({u"train"_s, u"--dataset"_s, m_dir.filePath(u"dga.csv"_s),
                    u"--clean-benign-folds"_s, u"1"_s, u"--out"_s, m_dir.filePath(u"x.json"_s)})
                .exitCode,
            2);
        QCOMPARE(runCli({u"train"_s, u"--dataset"_s, m_dir.filePath(u"dga.csv"_s),
                         u"--scale-pos-weight"_s, u"0"_s, u"--out"_s, m_dir.filePath(u"x.json"_s)})
                     .exitCode,
                 2);
        QCOMPARE(
            runCli({u"train"_s, u"--dataset"_s, m_dir.filePath(u"dga.csv"_s),
                    u"--unseen-family-share"_s, u"1.5"_s, u"--out"_s, m_dir.filePath(u"x.json"_s)})
                .exitCode,
            2);
    }
};

QTEST_APPLESS_MAIN(TestModelCommands)
#include "test_model_commands.moc"
