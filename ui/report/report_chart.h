#pragma once

#include <QImage>
#include <QRectF>
#include <QSize>
#include <QString>
#include <vector>

#include "core/report/incident_report.h"

class QPainter;

namespace dnshound::ui::report {

// One chart of a report, drawn once and embedded by every renderer.
struct ReportChart {
    QString name;     // file-like name: "timeline.png"
    QString caption;  // one sentence saying what the chart shows, with its units
    QImage image;
};

// Charts are drawn with QPainter on a white page whatever the screen palette: reports are
// printed and mailed, and must read the same everywhere. `scale` multiplies the pixel size for
// sharp print (the logical size stays `size`).
void paintTimeline(QPainter& painter, const QRectF& area, const core::report::ReportTimeline& t);
void paintNameScores(QPainter& painter, const QRectF& area,
                     const core::report::AlertExplanation& explanation, double threshold);

// Every chart the report has data for: the timeline, then per alert the scores of its names.
std::vector<ReportChart> renderReportCharts(const core::report::IncidentReport& report,
                                            QSize size = QSize(720, 260), qreal scale = 2.0);

}  // namespace dnshound::ui::report
