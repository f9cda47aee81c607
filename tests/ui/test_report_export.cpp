#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>
#include <algorithm>

#include "core/report/report_builder.h"
#include "core/store/analysis_reader.h"
#include "ui/report/report_file_writer.h"
#include "ui/ui_test_support.h"

using namespace dnshound;
using core::report::ReportSelection;
using ui::report::ReportFormat;

using dnshound::test::artifact;

namespace {

// Runs dnshound-cli; returns its exit code (-1 when it did not finish) and its stderr.
std::pair<int, QString> runCli(const QStringList& args) {
    QProcess cli;
    cli.start(QStringLiteral(DNSHOUND_CLI), args);
    if (!cli.waitForFinished(60'000) || cli.exitStatus() != QProcess::NormalExit) return {-1, {}};
    return {cli.exitCode(), QString::fromUtf8(cli.readAllStandardError())};
}

// RFC 4180 fields of every record in `text`.
QList<QStringList> parseCsv(const QString& text) {
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text[i + 1] == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            row << field;
            field.clear();
        } else if (c == u'\r') {
        } else if (c == u'\n') {
            row << field;
            rows << row;
            row.clear();
            field.clear();
        } else {
            field += c;
        }
    }
    return rows;
}

// Share of pixels that are not (near) white.
double inkShare(const QImage& image) {
    qint64 ink = 0;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            if (qGray(image.pixel(x, y)) < 200) ++ink;
    return static_cast<double>(ink) / (static_cast<double>(image.width()) * image.height() / 4.0);
}

}  // namespace

class TestReportExport final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void alertReportMatchesTheStore();
    void pdfHasReadablePages();
    void htmlIsWellFormedWithEverySection();
    void csvAndJsonCrossCheckTheStore();
    void clientAndTimeRangeSelections();
    void cliWritesEveryFormatAndRejectsBadSelections();

private:
    QTemporaryDir m_dir;
    QString m_analysis;
    core::store::AlertRecord m_alert;
    double m_evidenceScore = 0.0;
    // The alerted client's queries in the alert's window at or above the evidence score,
    // counted here from the store's own client listing (not by the report code).
    qint64 m_flaggedInWindow = 0;
};

void TestReportExport::initTestCase() {
    QVERIFY(m_dir.isValid());
    const QString log = m_dir.filePath(QStringLiteral("sample.log"));
    m_analysis = m_dir.filePath(QStringLiteral("sample.sqlite"));
    QCOMPARE(runCli({QStringLiteral("generate-sample"), QStringLiteral("--out"), log}).first, 0);
    QCOMPARE(runCli({QStringLiteral("analyze"), QStringLiteral("--input"), log,
                     QStringLiteral("--db"), m_analysis, QStringLiteral("--quiet")})
                 .first,
             0);
    const core::store::AnalysisReader reader(m_analysis.toStdString());
    const auto alerts = reader.alerts();
    QVERIFY2(!alerts.empty(), "the sample analysis has no alert to report on");
    m_alert = alerts.front();
    m_evidenceScore = std::stod(reader.meta("dga_evidence_threshold").value_or("-1"));
    QVERIFY(m_evidenceScore > 0.0 && m_evidenceScore <= 1.0);
    std::int64_t after = 0;
    for (;;) {
        const auto page = reader.clientQueries(m_alert.client, after, 5000);
        if (page.empty()) break;
        for (const auto& q : page)
            if (q.timeUs >= m_alert.firstSeenUs && q.timeUs <= m_alert.lastSeenUs &&
                q.dgaScore >= m_evidenceScore)
                ++m_flaggedInWindow;
        after = page.back().rowId;
    }
    QVERIFY(m_flaggedInWindow >= m_alert.count);
}

void TestReportExport::alertReportMatchesTheStore() {
    ReportSelection selection;
    selection.scope = ReportSelection::Scope::Alert;
    selection.alertId = m_alert.id;
    const auto report = core::report::buildIncidentReport(m_analysis.toStdString(), selection);
    QCOMPARE(report.alerts.size(), std::size_t(1));
    QCOMPARE(report.alerts.front().id, m_alert.id);
    QCOMPARE(report.alerts.front().client, m_alert.client);
    QCOMPARE(report.explanations.size(), std::size_t(1));
    QVERIFY(!report.explanations.front().domains.empty());
    for (const auto& d : report.explanations.front().domains) QVERIFY(d.score >= m_evidenceScore);
    QVERIFY(report.fromUs <= m_alert.firstSeenUs && report.toUs >= m_alert.lastSeenUs);
    // The listing covers the padded window, so it holds at least the alert window's queries.
    QVERIFY(report.evidenceQueriesTotal >= m_flaggedInWindow);
    for (const auto& q : report.evidenceQueries) {
        QCOMPARE(q.client, m_alert.client);
        QVERIFY(q.dgaScore >= m_evidenceScore);
    }
    QVERIFY(std::is_sorted(report.evidenceQueries.begin(), report.evidenceQueries.end(),
                           [](const auto& a, const auto& b) { return a.timeUs < b.timeUs; }));
    qint64 timelineFlagged = 0;
    for (const auto& b : report.timeline.buckets) timelineFlagged += b.flagged;
    QCOMPARE(timelineFlagged, report.evidenceQueriesTotal);
    QVERIFY(report.timeline.perClient);
    QCOMPARE(report.run.modelSha256.size(), std::size_t(64));
    QVERIFY(!report.run.configDigest.empty());
    QVERIFY(!report.sources.empty());
    QVERIFY(!report.summary.empty());

    selection.alertId = 999'999;
    QVERIFY_THROWS_EXCEPTION(core::report::ReportError, core::report::buildIncidentReport(
                                                            m_analysis.toStdString(), selection));
}

void TestReportExport::pdfHasReadablePages() {
    const QString pdftoppm = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
    QVERIFY2(!pdftoppm.isEmpty(), "pdftoppm missing: install poppler-utils (installer/deps.sh)");
    ReportSelection selection;
    selection.scope = ReportSelection::Scope::Alert;
    selection.alertId = m_alert.id;
    const auto report = core::report::buildIncidentReport(m_analysis.toStdString(), selection);
    const QString pdf = m_dir.filePath(QStringLiteral("report.pdf"));
    QCOMPARE(ui::report::writeReportFile(report, ReportFormat::Pdf, pdf), QString());
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(5) == "%PDF-");
    QVERIFY(QFile::copy(pdf, artifact(QStringLiteral("report.pdf"))) ||
            (QFile::remove(artifact(QStringLiteral("report.pdf"))) &&
             QFile::copy(pdf, artifact(QStringLiteral("report.pdf")))));

    QProcess convert;
    convert.start(pdftoppm, {QStringLiteral("-r"), QStringLiteral("60"), QStringLiteral("-png"),
                             pdf, m_dir.filePath(QStringLiteral("page"))});
    QVERIFY(convert.waitForFinished(60'000));
    QCOMPARE(convert.exitCode(), 0);
    const QStringList pages =
        QDir(m_dir.path()).entryList({QStringLiteral("page-*.png")}, QDir::Files, QDir::Name);
    // Summary, timeline, alerts, explanation, 200 evidence rows, facts, glossary: several pages.
    QVERIFY2(pages.size() >= 3, qPrintable(QString::number(pages.size())));
    for (int i = 0; i < pages.size(); ++i) {
        const QImage page(m_dir.filePath(pages[i]));
        QVERIFY(!page.isNull());
        QVERIFY(page.height() > page.width());  // A4 portrait
        const double ink = inkShare(page);
        QVERIFY2(ink > 0.01, qPrintable(QStringLiteral("page %1 is blank").arg(i + 1)));
        QVERIFY(page.save(artifact(QStringLiteral("report_page-%1.png").arg(i + 1))));
    }
    // The first page carries the timeline chart: coloured bars, not only black text.
    const QImage first(m_dir.filePath(pages.front()));
    int coloured = 0;
    for (int y = 0; y < first.height(); ++y)
        for (int x = 0; x < first.width(); ++x) {
            const QColor c = first.pixelColor(x, y);
            if (std::abs(c.red() - c.blue()) > 40) ++coloured;
        }
    QVERIFY2(coloured > 500, qPrintable(QString::number(coloured)));
}

void TestReportExport::htmlIsWellFormedWithEverySection() {
    ReportSelection selection;
    selection.scope = ReportSelection::Scope::Alert;
    selection.alertId = m_alert.id;
    const auto report = core::report::buildIncidentReport(m_analysis.toStdString(), selection);
    const QString path = artifact(QStringLiteral("report.html"));
    QCOMPARE(ui::report::writeReportFile(report, ReportFormat::Html, path), QString());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray html = file.readAll();

    QXmlStreamReader xml(html);
    QStringList sections;
    QString table;  // id of the table being read
    QMap<QString, int> tableRows;
    int images = 0;
    QString text;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const QString id = xml.attributes().value(QStringLiteral("id")).toString();
            if (xml.name() == QLatin1String("h2")) sections << id;
            if (xml.name() == QLatin1String("table")) table = id;
            if (xml.name() == QLatin1String("tr") && !table.isEmpty()) ++tableRows[table];
            if (xml.name() == QLatin1String("img")) {
                const QString src = xml.attributes().value(QStringLiteral("src")).toString();
                QVERIFY(src.startsWith(QLatin1String("data:image/png;base64,")));
                const QImage image = QImage::fromData(
                    QByteArray::fromBase64(src.mid(src.indexOf(u',') + 1).toLatin1()), "PNG");
                QVERIFY(!image.isNull() && image.width() > 100);
                ++images;
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("table")) {
            table.clear();
        } else if (xml.isCharacters()) {
            text += xml.text();
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString() + QStringLiteral(" at line ") +
                                         QString::number(xml.lineNumber())));
    QCOMPARE(sections, QStringList({QStringLiteral("summary"), QStringLiteral("timeline"),
                                    QStringLiteral("alerts"), QStringLiteral("explanation"),
                                    QStringLiteral("evidence"), QStringLiteral("notes"),
                                    QStringLiteral("run"), QStringLiteral("inputs"),
                                    QStringLiteral("glossary")}));
    QCOMPARE(tableRows.value(QStringLiteral("alerts-table")), 2);  // header + the alert
    QCOMPARE(tableRows.value(QStringLiteral("evidence-table")),
             static_cast<int>(report.evidenceQueries.size()) + 1);
    QCOMPARE(tableRows.value(QStringLiteral("inputs-table")),
             static_cast<int>(report.sources.size()) + 1);
    QCOMPARE(images, 2);  // the timeline and the alert's name scores
    QVERIFY(text.contains(QString::fromStdString(m_alert.client)));
    QVERIFY(text.contains(QString::fromStdString(m_alert.domain)));
    QVERIFY(text.contains(QString::fromStdString(report.run.modelSha256)));
    QVERIFY(text.contains(QString::fromStdString(report.run.configDigest)));
    for (const char* term : {"DGA", "tunnel", "exfil"}) QVERIFY(text.contains(QLatin1String(term)));
}

void TestReportExport::csvAndJsonCrossCheckTheStore() {
    ReportSelection selection;
    selection.scope = ReportSelection::Scope::Alert;
    selection.alertId = m_alert.id;
    const auto report = core::report::buildIncidentReport(m_analysis.toStdString(), selection);
    const QString csvPath = artifact(QStringLiteral("report.csv"));
    const QString jsonPath = artifact(QStringLiteral("report.json"));
    QCOMPARE(ui::report::writeReportFile(report, ReportFormat::Csv, csvPath), QString());
    QCOMPARE(ui::report::writeReportFile(report, ReportFormat::Json, jsonPath), QString());

    QFile csvFile(csvPath);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    const auto rows = parseCsv(QString::fromUtf8(csvFile.readAll()));
    QVERIFY(rows.size() >= 2);
    const QStringList header = rows.front();
    QCOMPARE(header.size(), 18);
    for (const auto& r : rows) QCOMPARE(r.size(), header.size());
    const auto col = [&](const char* name) { return header.indexOf(QLatin1String(name)); };
    const QStringList alertRow = rows.at(1);
    QCOMPARE(alertRow.at(col("record")), QStringLiteral("alert"));
    QCOMPARE(alertRow.at(col("alert_id")).toLongLong(), m_alert.id);
    QCOMPARE(alertRow.at(col("client")), QString::fromStdString(m_alert.client));
    QCOMPARE(alertRow.at(col("domain")), QString::fromStdString(m_alert.domain));
    QCOMPARE(alertRow.at(col("count")).toLongLong(), m_alert.count);
    QVERIFY(std::abs(alertRow.at(col("score")).toDouble() - m_alert.score) < 1e-5);
    // Every query row is a stored query of the client: same time, name and source line.
    const core::store::AnalysisReader reader(m_analysis.toStdString());
    QSet<QString> stored;
    std::int64_t after = 0;
    for (;;) {
        const auto page = reader.clientQueries(m_alert.client, after, 5000);
        if (page.empty()) break;
        for (const auto& q : page)
            stored.insert(QString::fromStdString(q.domain) + u'@' + QString::number(q.sourceLine));
        after = page.back().rowId;
    }
    int queryRows = 0;
    for (const auto& r : rows.mid(2)) {
        QCOMPARE(r.at(col("record")), QStringLiteral("query"));
        QCOMPARE(r.at(col("client")), QString::fromStdString(m_alert.client));
        QVERIFY(r.at(col("score")).toDouble() >= m_evidenceScore - 1e-6);
        QVERIFY2(stored.contains(r.at(col("domain")) + u'@' + r.at(col("source_line"))),
                 qPrintable(r.join(u',')));
        QCOMPARE(r.at(col("rcode")), QStringLiteral("NXDOMAIN"));
        ++queryRows;
    }
    QCOMPARE(queryRows, static_cast<int>(report.evidenceQueries.size()));

    QFile jsonFile(jsonPath);
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    QJsonParseError error;
    const QJsonObject json = QJsonDocument::fromJson(jsonFile.readAll(), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject facts = json.value(QStringLiteral("report")).toObject();
    QCOMPARE(facts.value(QStringLiteral("model_sha256")).toString(),
             QString::fromStdString(reader.meta("model_sha256").value_or("")));
    QCOMPARE(facts.value(QStringLiteral("config_digest")).toString(),
             QString::fromStdString(reader.meta("config_digest").value_or("")));
    const QJsonArray alerts = json.value(QStringLiteral("alerts")).toArray();
    QCOMPARE(alerts.size(), 1);
    const QJsonObject alert = alerts.first().toObject();
    QCOMPARE(alert.value(QStringLiteral("id")).toInteger(), m_alert.id);
    QCOMPARE(alert.value(QStringLiteral("client")).toString(),
             QString::fromStdString(m_alert.client));
    QVERIFY(!alert.value(QStringLiteral("explanation"))
                 .toObject()
                 .value(QStringLiteral("reason"))
                 .toString()
                 .isEmpty());
    QVERIFY(json.value(QStringLiteral("evidence_queries_total")).toInteger() >= m_flaggedInWindow);
    QCOMPARE(json.value(QStringLiteral("evidence_queries")).toArray().size(), queryRows);
    const QJsonObject glossary = json.value(QStringLiteral("glossary")).toObject();
    for (const char* term : {"DGA", "tunnel", "exfil"})
        QVERIFY(glossary.contains(QLatin1String(term)));
}

void TestReportExport::clientAndTimeRangeSelections() {
    const core::store::AnalysisReader reader(m_analysis.toStdString());
    const auto all = reader.alerts();
    ReportSelection client;
    client.scope = ReportSelection::Scope::Client;
    client.client = m_alert.client;
    const auto byClient = core::report::buildIncidentReport(m_analysis.toStdString(), client);
    const auto expected = std::count_if(all.begin(), all.end(),
                                        [&](const auto& a) { return a.client == m_alert.client; });
    QCOMPARE(static_cast<long>(byClient.alerts.size()), static_cast<long>(expected));
    QCOMPARE(byClient.clients.size(), std::size_t(1));
    qint64 queries = 0;
    for (const auto& b : byClient.timeline.buckets) queries += b.queries;
    QCOMPARE(queries, reader.clientQueryCount(m_alert.client));

    // The whole analysis: every alert, and the timeline sums to every stored query.
    ReportSelection whole;
    const auto everything = core::report::buildIncidentReport(m_analysis.toStdString(), whole);
    QCOMPARE(everything.alerts.size(), all.size());
    qint64 total = 0;
    for (const auto& b : everything.timeline.buckets) total += b.queries;
    qint64 volume = 0;
    for (const auto& v : reader.volumes()) volume += v.queries;
    QCOMPARE(total, volume);

    // A range before the first alert holds none of them.
    ReportSelection early;
    early.fromUs = everything.fromUs;
    early.toUs = m_alert.firstSeenUs - 1;
    for (const auto& a : all) early.toUs = std::min(early.toUs, a.firstSeenUs - 1);
    const auto before = core::report::buildIncidentReport(m_analysis.toStdString(), early);
    QVERIFY(before.alerts.empty());
    QCOMPARE(before.evidenceQueriesTotal, 0);
}

void TestReportExport::cliWritesEveryFormatAndRejectsBadSelections() {
    for (const QString& format : {QStringLiteral("html"), QStringLiteral("pdf"),
                                  QStringLiteral("csv"), QStringLiteral("json")}) {
        const QString out = m_dir.filePath(QStringLiteral("cli.") + format);
        const auto [code, err] =
            runCli({QStringLiteral("report"), QStringLiteral("--analysis"), m_analysis,
                    QStringLiteral("--client"), QString::fromStdString(m_alert.client),
                    QStringLiteral("--out"), out, QStringLiteral("--quiet")});
        QVERIFY2(code == 0, qPrintable(format + u' ' + err));
        QVERIFY(QFileInfo(out).size() > 100);
    }
    const QString out = m_dir.filePath(QStringLiteral("bad.json"));
    auto [code, err] =
        runCli({QStringLiteral("report"), QStringLiteral("--analysis"), m_analysis,
                QStringLiteral("--alert"), QStringLiteral("424242"), QStringLiteral("--out"), out});
    QCOMPARE(code, 2);
    QVERIFY(err.contains(QLatin1String("no alert #424242")));
    QVERIFY(!QFile::exists(out));
    std::tie(code, err) = runCli({QStringLiteral("report"), QStringLiteral("--analysis"),
                                  m_analysis, QStringLiteral("--from"), QStringLiteral("yesterday"),
                                  QStringLiteral("--out"), out});
    QCOMPARE(code, 2);
    QVERIFY(err.contains(QLatin1String("--from")));
    std::tie(code, err) =
        runCli({QStringLiteral("report"), QStringLiteral("--analysis"), m_analysis,
                QStringLiteral("--out"), m_dir.filePath(QStringLiteral("x.doc"))});
    QCOMPARE(code, 2);
}

QTEST_MAIN(TestReportExport)
#include "test_report_export.moc"
