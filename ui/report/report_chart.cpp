#include "ui/report/report_chart.h"

#include <QDateTime>
#include <QFontMetricsF>
#include <QPainter>
#include <QTimeZone>
#include <algorithm>
#include <cmath>

#include "core/report/report_text.h"

namespace dnshound::ui::report {

namespace {

const QColor kInk(0x20, 0x20, 0x20);
const QColor kGrid(0xd8, 0xd8, 0xd8);
const QColor kQueries(0x9e, 0xb4, 0xc8);
const QColor kNxdomain(0xe6, 0x9f, 0x3c);
const QColor kFlagged(0xc0, 0x39, 0x2b);
const QColor kBenign(0x4f, 0x8a, 0x5b);
constexpr qreal kPad = 8.0;

QString timeLabel(std::int64_t us, bool withDate) {
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(us / 1000, QTimeZone::utc());
    return t.toString(withDate ? QStringLiteral("yyyy-MM-dd HH:mm") : QStringLiteral("HH:mm"));
}

void drawLegend(QPainter& p, QPointF at, const std::vector<std::pair<QColor, QString>>& items) {
    const QFontMetricsF fm(p.font());
    for (const auto& [colour, text] : items) {
        p.fillRect(QRectF(at.x(), at.y() - fm.ascent() + 2, 10, 10), colour);
        p.setPen(kInk);
        p.drawText(QPointF(at.x() + 14, at.y()), text);
        at.rx() += 14 + fm.horizontalAdvance(text) + 16;
    }
}

// A y axis from 0 to a round maximum; returns the maximum.
double niceMax(double value) {
    if (value <= 0) return 1.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (const double step : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (step * magnitude >= value) return step * magnitude;
    return 10.0 * magnitude;
}

}  // namespace

void paintTimeline(QPainter& p, const QRectF& area, const core::report::ReportTimeline& t) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(area, Qt::white);
    const QFontMetricsF fm(p.font());
    const qreal line = fm.height();
    std::vector<std::pair<QColor, QString>> legend{{kQueries, QStringLiteral("queries")},
                                                   {kNxdomain, QStringLiteral("NXDOMAIN")}};
    legend.emplace_back(kFlagged, t.perClient ? QStringLiteral("DGA-flagged")
                                              : QStringLiteral("alerts raised (markers)"));
    drawLegend(p, QPointF(area.left() + kPad, area.top() + line), legend);

    std::int64_t peak = 0;
    for (const auto& b : t.buckets) peak = std::max(peak, b.queries);
    const double yMax = niceMax(static_cast<double>(peak));
    const QString yMaxText = QString::number(yMax, 'g', 6);
    const qreal left = area.left() + kPad + fm.horizontalAdvance(yMaxText) + 6;
    const QRectF plot(QPointF(left, area.top() + 2 * line),
                      QPointF(area.right() - kPad, area.bottom() - 2 * line - kPad));

    p.setPen(QPen(kGrid, 1));
    for (int i = 0; i <= 4; ++i) {
        const qreal y = plot.bottom() - plot.height() * i / 4.0;
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        p.setPen(kInk);
        const QString label = QString::number(yMax * i / 4.0, 'g', 6);
        p.drawText(QPointF(plot.left() - 4 - fm.horizontalAdvance(label), y + fm.ascent() / 2 - 1),
                   label);
        p.setPen(QPen(kGrid, 1));
    }
    if (t.buckets.empty()) {
        p.setPen(kInk);
        p.drawText(plot, Qt::AlignCenter, QStringLiteral("no queries in this time"));
        p.restore();
        return;
    }
    const std::int64_t start = t.buckets.front().startUs;
    const std::int64_t end = t.buckets.back().startUs + t.bucketUs;
    const double span = static_cast<double>(std::max<std::int64_t>(end - start, 1));
    const auto xOf = [&](std::int64_t us) {
        return plot.left() + plot.width() * static_cast<double>(us - start) / span;
    };
    const auto yOf = [&](double v) { return plot.bottom() - plot.height() * v / yMax; };
    const qreal barWidth = std::max(1.0, plot.width() * static_cast<double>(t.bucketUs) / span - 1);
    for (const auto& b : t.buckets) {
        const qreal x = xOf(b.startUs);
        const auto bar = [&](std::int64_t v, const QColor& colour) {
            if (v <= 0) return;
            const qreal y = yOf(static_cast<double>(v));
            p.fillRect(QRectF(x, y, barWidth, plot.bottom() - y), colour);
        };
        bar(b.queries, kQueries);
        bar(b.nxdomain, kNxdomain);
        if (t.perClient) bar(b.flagged, kFlagged);
        if (!t.perClient && b.alerts > 0) {
            p.setPen(Qt::NoPen);
            p.setBrush(kFlagged);
            p.drawEllipse(QPointF(x + barWidth / 2, plot.top() + 5), 4, 4);
        }
    }
    p.setPen(QPen(kInk, 1));
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    const bool multiDay = end - start > 86'400'000'000LL;
    for (int i = 0; i <= 4; ++i) {
        const std::int64_t us = start + static_cast<std::int64_t>(span * i / 4.0);
        const QString label = timeLabel(us, i == 0 || multiDay);
        qreal x = xOf(us) - fm.horizontalAdvance(label) / 2;
        x = std::clamp(x, area.left() + kPad, area.right() - kPad - fm.horizontalAdvance(label));
        p.drawLine(QPointF(xOf(us), plot.bottom()), QPointF(xOf(us), plot.bottom() + 3));
        p.drawText(QPointF(x, plot.bottom() + line), label);
    }
    p.drawText(QPointF(plot.left(), plot.bottom() + 2 * line),
               QStringLiteral("event time (UTC); bar = queries per %1")
                   .arg(QString::fromStdString(core::report::durationText(t.bucketUs))));
    p.restore();
}

void paintNameScores(QPainter& p, const QRectF& area,
                     const core::report::AlertExplanation& explanation, double threshold) {
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(area, Qt::white);
    const QFontMetricsF fm(p.font());
    const qreal line = fm.height() + 4;
    qreal labelWidth = 0;
    for (const auto& d : explanation.domains)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(QString::fromStdString(d.domain)));
    labelWidth = std::min(labelWidth, area.width() * 0.45);
    const qreal left = area.left() + kPad + labelWidth + 8;
    const qreal right = area.right() - kPad - fm.horizontalAdvance(QStringLiteral("0.000")) - 6;
    qreal y = area.top() + kPad;
    p.setPen(kInk);
    p.drawText(QPointF(area.left() + kPad, y + fm.ascent()),
               QStringLiteral("DGA score of each evidence name (0 = ordinary, 1 = machine-made)"));
    y += line;
    const qreal top = y;
    for (const auto& d : explanation.domains) {
        const QString name =
            fm.elidedText(QString::fromStdString(d.domain), Qt::ElideMiddle, labelWidth);
        p.setPen(kInk);
        p.drawText(QPointF(area.left() + kPad, y + fm.ascent()), name);
        const double score = std::max(0.0, d.score);
        const QColor colour = d.score >= threshold ? kFlagged : kBenign;
        p.fillRect(QRectF(left, y + 2, (right - left) * score, line - 6), colour);
        p.drawText(QPointF(left + (right - left) * score + 4, y + fm.ascent()),
                   QString::fromStdString(core::report::scoreText(d.score)));
        y += line;
    }
    if (threshold >= 0 && !explanation.domains.empty()) {
        const qreal x = left + (right - left) * threshold;
        p.setPen(QPen(kInk, 1, Qt::DashLine));
        p.drawLine(QPointF(x, top), QPointF(x, y));
    }
    p.restore();
}

std::vector<ReportChart> renderReportCharts(const core::report::IncidentReport& report, QSize size,
                                            qreal scale) {
    std::vector<ReportChart> charts;
    const auto draw = [&](QSize logical, const auto& paint) {
        QImage image(logical * scale, QImage::Format_RGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        painter.scale(scale, scale);
        paint(painter, QRectF(QPointF(0, 0), QSizeF(logical)));
        painter.end();
        return image;
    };
    ReportChart timeline;
    timeline.name = QStringLiteral("timeline.png");
    timeline.caption =
        QString::fromStdString(report.timeline.title) +
        (report.timeline.perClient
             ? QStringLiteral(": grey bars count all queries, orange ones the NXDOMAIN answers, "
                              "red ones the queries for names the DGA model flagged.")
             : QStringLiteral(": grey bars count all queries, orange ones the NXDOMAIN answers; "
                              "red dots mark when alerts were first raised."));
    timeline.image =
        draw(size, [&](QPainter& p, const QRectF& r) { paintTimeline(p, r, report.timeline); });
    charts.push_back(std::move(timeline));

    for (const auto& e : report.explanations) {
        if (e.domains.empty()) continue;
        const QSize logical(size.width(),
                            static_cast<int>(34 + 20 * static_cast<int>(e.domains.size())));
        ReportChart scores;
        scores.name = QStringLiteral("scores-%1.png").arg(e.alertId);
        scores.caption = QStringLiteral(
                             "Alert #%1: the model's score for each evidence name; red bars reach "
                             "the evidence threshold (dashed line), green ones do not.")
                             .arg(e.alertId);
        scores.image = draw(logical, [&](QPainter& p, const QRectF& r) {
            paintNameScores(p, r, e, report.evidenceMinScore);
        });
        charts.push_back(std::move(scores));
    }
    return charts;
}

}  // namespace dnshound::ui::report
