#include "ui/report/report_html_writer.h"

#include <QBuffer>
#include <QByteArray>

#include "core/event/dns_types.h"
#include "core/report/report_builder.h"
#include "core/report/report_text.h"

namespace dnshound::ui::report {

namespace {

using core::report::IncidentReport;

QString esc(const std::string& s) {
    return QString::fromStdString(s).toHtmlEscaped();
}

QString esc(const QString& s) {
    return s.toHtmlEscaped();
}

QString cell(const QString& text, bool header = false) {
    return header ? QStringLiteral("<th>%1</th>").arg(text)
                  : QStringLiteral("<td>%1</td>").arg(text);
}

QString row(std::initializer_list<QString> cells, bool header = false) {
    QString out = QStringLiteral("<tr>");
    for (const QString& c : cells) out += cell(c, header);
    return out + QStringLiteral("</tr>\n");
}

QString factRow(const QString& name, const QString& value) {
    return QStringLiteral("<tr><th>%1</th><td>%2</td></tr>\n").arg(name, value);
}

QString std2q(const std::string& s) {
    return QString::fromStdString(s);
}

const char* kStyle =
    "body { font-family: sans-serif; font-size: 10pt; color: #202020; background: #ffffff; }\n"
    "h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 14pt; }\n"
    "table { border-collapse: collapse; margin-bottom: 6pt; font-size: 8pt; }\n"
    "th, td { border: 1px solid #b0b0b0; padding: 2pt 5pt; text-align: left; "
    "vertical-align: top; }\n"
    "th { background-color: #eeeeee; }\n"
    ".mono { font-family: monospace; }\n"
    ".caption { color: #505050; font-style: italic; }\n";

}  // namespace

QString ReportHtmlWriter::write(const IncidentReport& r,
                                const std::vector<ReportChart>& charts) const {
    using namespace core::report;
    const auto image = [&](const ReportChart& chart) {
        QString src = chart.name;
        if (m_images == Images::Embedded) {
            QByteArray png;
            QBuffer buffer(&png);
            buffer.open(QIODevice::WriteOnly);
            chart.image.save(&buffer, "PNG");
            src = QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png.toBase64());
        }
        const int width = qRound(chart.image.width() / chart.image.devicePixelRatio() / 2.0);
        return QStringLiteral(
                   "<p><img src=\"%1\" width=\"%2\" alt=\"%3\"/><br/>"
                   "<span class=\"caption\">%3</span></p>\n")
            .arg(src, QString::number(width > 0 ? width : 720), esc(chart.caption));
    };
    const auto chartNamed = [&](const QString& name) -> const ReportChart* {
        for (const auto& c : charts)
            if (c.name == name) return &c;
        return nullptr;
    };

    QString h;
    h += QStringLiteral(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
        "<meta charset=\"UTF-8\"/>\n");
    h += QStringLiteral("<title>DNS Hound incident report: %1</title>\n").arg(esc(r.title));
    h += QStringLiteral("<style type=\"text/css\">\n%1</style>\n</head>\n<body>\n")
             .arg(QString::fromLatin1(kStyle));
    h += QStringLiteral("<h1>DNS Hound incident report: %1</h1>\n").arg(esc(r.title));
    h += QStringLiteral(
             "<p>This report covers %1. It was generated on %2 from the analysis file <span "
             "class=\"mono\">%3</span>; it can be read without DNS Hound. Terms in "
             "<i>italics</i> are explained in the glossary at the end.</p>\n")
             .arg(esc(r.scopeText), esc(utcText(r.generatedAtUs)), esc(r.analysisPath));

    h += QStringLiteral("<h2 id=\"summary\">1. Summary</h2>\n<ul>\n");
    for (const auto& line : r.summary) h += QStringLiteral("<li>%1</li>\n").arg(esc(line));
    h += QStringLiteral("</ul>\n");

    h += QStringLiteral("<h2 id=\"timeline\">2. Timeline</h2>\n");
    if (const ReportChart* c = chartNamed(QStringLiteral("timeline.png"))) h += image(*c);

    h += QStringLiteral("<h2 id=\"alerts\">3. Alerts</h2>\n");
    if (r.alerts.empty()) {
        h += QStringLiteral("<p>No alert was raised for this selection.</p>\n");
    } else {
        h += QStringLiteral("<table id=\"alerts-table\" width=\"100%\">\n");
        h += row({QStringLiteral("#"), QStringLiteral("Kind"), QStringLiteral("Client"),
                  QStringLiteral("Most telling domain"), QStringLiteral("Score (0-1)"),
                  QStringLiteral("Evidence names"), QStringLiteral("First seen"),
                  QStringLiteral("Last seen"), QStringLiteral("Triage state")},
                 true);
        for (const auto& a : r.alerts) {
            h += row({QString::number(a.id), esc(alertKindText(a.kind)), esc(a.client),
                      esc(a.domain), esc(scoreText(a.score)), esc(countText(a.count)),
                      esc(utcText(a.firstSeenUs)), esc(utcText(a.lastSeenUs)), esc(a.state)});
        }
        h += QStringLiteral("</table>\n");
        for (const auto& c : r.clients) {
            h += QStringLiteral(
                     "<p>Client %1 (subnet %2): %3 queries, %4 answered NXDOMAIN, %5 "
                     "distinct names of which %6 were scored as DGA; active from %7 to "
                     "%8.</p>\n")
                     .arg(esc(c.ip), esc(c.subnet), esc(countText(c.queries)),
                          esc(percentText(c.nxdomain, c.queries)), esc(countText(c.distinctNames)),
                          esc(countText(c.dgaNames)), esc(utcText(c.firstSeenUs)),
                          esc(utcText(c.lastSeenUs)));
        }
    }

    h += QStringLiteral("<h2 id=\"explanation\">4. Why the alerts were raised</h2>\n");
    if (r.explanations.empty()) h += QStringLiteral("<p>No alert to explain.</p>\n");
    for (const auto& e : r.explanations) {
        h += QStringLiteral("<h3>Alert #%1</h3>\n<p>%2</p>\n")
                 .arg(QString::number(e.alertId), esc(e.reason));
        if (const ReportChart* c = chartNamed(QStringLiteral("scores-%1.png").arg(e.alertId)))
            h += image(*c);
        for (const auto& d : e.domains) {
            if (d.contributions.empty()) continue;
            h += QStringLiteral(
                     "<p>What drove the score of <span class=\"mono\">%1</span> "
                     "(positive values push towards DGA):</p>\n<table>\n")
                     .arg(esc(d.domain));
            h += row({QStringLiteral("Feature"), QStringLiteral("Value"),
                      QStringLiteral("Contribution (log-odds)")},
                     true);
            for (const auto& f : d.contributions)
                h += row({esc(f.feature), QString::number(f.value, 'g', 4),
                          QString::number(f.contribution, 'f', 3)});
            h += QStringLiteral("</table>\n");
        }
    }

    h += QStringLiteral("<h2 id=\"evidence\">5. Evidence queries</h2>\n");
    h +=
        QStringLiteral(
            "<p>Queries of the alerted client(s) in the covered time whose name the "
            "DGA model scored %1 or higher: %2 in all%3. Each row names the input "
            "file and line it came from.</p>\n")
            .arg(esc(scoreText(r.evidenceMinScore)), esc(countText(r.evidenceQueriesTotal)),
                 r.evidenceQueriesTotal > static_cast<std::int64_t>(r.evidenceQueries.size())
                     ? QStringLiteral(", the first %1 listed")
                           .arg(esc(countText(static_cast<std::int64_t>(r.evidenceQueries.size()))))
                     : QString());
    if (!r.evidenceQueries.empty()) {
        h += QStringLiteral("<table id=\"evidence-table\" width=\"100%\">\n");
        h += row({QStringLiteral("Time (UTC)"), QStringLiteral("Client"), QStringLiteral("Name"),
                  QStringLiteral("Type"), QStringLiteral("Answer"), QStringLiteral("Score"),
                  QStringLiteral("Bytes"), QStringLiteral("Source:line")},
                 true);
        for (const auto& q : r.evidenceQueries) {
            const QString source = q.sourceId < r.sources.size()
                                       ? std2q(r.sources[q.sourceId].summary.path).section(u'/', -1)
                                       : QStringLiteral("?");
            h += row({esc(utcText(q.timeUs).substr(0, 19)), esc(q.client), esc(q.domain),
                      esc(core::event::qtypeName(q.qtype)), esc(core::event::rcodeName(q.rcode)),
                      esc(scoreText(q.dgaScore)), QString::number(q.responseBytes),
                      esc(source) + u':' + QString::number(q.sourceLine)});
        }
        h += QStringLiteral("</table>\n");
    }

    h += QStringLiteral("<h2 id=\"notes\">6. Analyst notes</h2>\n");
    if (r.notes.empty()) {
        h += QStringLiteral("<p>No analyst notes were recorded for these alerts.</p>\n");
    } else {
        h += QStringLiteral("<table>\n");
        h += row({QStringLiteral("Alert"), QStringLiteral("Time"), QStringLiteral("Author"),
                  QStringLiteral("Note")},
                 true);
        for (const auto& n : r.notes)
            h += row({QString::number(n.alertId), esc(n.timeUs ? utcText(n.timeUs) : "-"),
                      esc(n.author), esc(n.text)});
        h += QStringLiteral("</table>\n");
    }

    h += QStringLiteral("<h2 id=\"run\">7. How the analysis was made</h2>\n<table>\n");
    h += factRow(QStringLiteral("DNS Hound version"), esc(r.run.dnshoundVersion));
    h += factRow(QStringLiteral("Model sha256"),
                 QStringLiteral("<span class=\"mono\">%1</span>").arg(esc(r.run.modelSha256)));
    h += factRow(QStringLiteral("Model"), esc(r.run.modelDescription));
    h += factRow(QStringLiteral("Per-name DGA threshold"), esc(scoreText(r.run.modelThreshold)));
    h += factRow(QStringLiteral("Evidence threshold"), esc(scoreText(r.run.evidenceThreshold)));
    h += factRow(QStringLiteral("Config digest"),
                 QStringLiteral("<span class=\"mono\">%1</span>").arg(esc(r.run.configDigest)));
    h += factRow(QStringLiteral("Configuration"),
                 esc(r.run.configOrigin == "<default>" ? std::string("built-in default")
                                                       : r.run.configOrigin));
    h += factRow(QStringLiteral("Analysis ran"),
                 esc(utcText(r.run.startedAtUs) + " to " + utcText(r.run.finishedAtUs) +
                     (r.run.cancelled ? " (stopped early)" : "")));
    h += QStringLiteral("</table>\n");

    h += QStringLiteral(
        "<h2 id=\"inputs\">8. Inputs</h2>\n<table id=\"inputs-table\" width=\"100%\">\n");
    h += row({QStringLiteral("File"), QStringLiteral("Format"), QStringLiteral("Lines"),
              QStringLiteral("Valid"), QStringLiteral("Rejected"), QStringLiteral("Skipped"),
              QStringLiteral("Rejected, by reason")},
             true);
    for (const auto& s : r.sources) {
        QString reasons;
        for (const auto& rc : s.rejects)
            reasons += esc(rc.reason) + QStringLiteral(": ") + esc(countText(rc.count)) +
                       QStringLiteral("<br/>");
        h += row({esc(s.summary.path), esc(s.summary.format), esc(countText(s.summary.linesTotal)),
                  esc(countText(s.summary.linesValid)), esc(countText(s.summary.linesRejected)),
                  esc(countText(s.summary.linesSkipped)),
                  reasons.isEmpty() ? QStringLiteral("-") : reasons});
    }
    h += QStringLiteral("</table>\n");

    h += QStringLiteral("<h2 id=\"glossary\">9. Glossary</h2>\n<dl>\n");
    for (const auto& g : r.glossary)
        h += QStringLiteral("<dt><i>%1</i></dt><dd>%2</dd>\n").arg(esc(g.term), esc(g.meaning));
    h += QStringLiteral("</dl>\n</body>\n</html>\n");
    return h;
}

}  // namespace dnshound::ui::report
