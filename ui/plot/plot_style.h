#pragma once

#include <QColor>
#include <QPalette>
#include <QString>
#include <vector>

#include "core/store/dashboard_series.h"

class QCPAxis;
class QCPAxisRect;
class QCPBars;
class QCustomPlot;

namespace dnshound::ui::plot {

// The dashboards' series colours: the only hard-coded colours in the UI, chosen to read on both
// light and dark bases. Index wraps.
QColor seriesColour(int index);
QColor withAlpha(QColor colour, int alpha);

// Axes, grids, legend and background from the palette, for every axis rect of `plot`.
void applyPalette(QCustomPlot* plot, const QPalette& palette);

// An event-time (UTC, seconds since the epoch) ticker on `axis`, labelled for the span shown:
// times within one day (with the date in the label), dates and times across days.
void setEventTimeAxis(QCPAxis* axis, double firstSecs, double lastSecs);
// Run time in seconds since the first sample.
void setRunTimeAxis(QCPAxis* axis);
// Whole-number ticks (counts never get 0.25 ticks).
void setCountTicks(QCPAxis* axis);

// Shows the plot's legend as one row under its (only) axis rect, where it covers no data.
void placeLegendBelow(QCustomPlot* plot);

// Horizontal bars, one per item, largest on top, labelled with the names on the left axis.
void setRankedBars(QCPBars* bars, const std::vector<core::store::RankedCount>& items);

// A bucket width for captions: "250 ms", "5 s", "15 min", "2 h", "1 day".
QString bucketText(double secs);

// Tooltip text for an event time in seconds: "2026-11-27 10:05:00 UTC".
QString eventTimeText(double secs);

}  // namespace dnshound::ui::plot
