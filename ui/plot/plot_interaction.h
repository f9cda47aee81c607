#pragma once

#include <QObject>
#include <QPoint>
#include <QString>

class QCustomPlot;
class QMouseEvent;
class QRect;

namespace dnshound::ui::plot {

// What hovering and dragging do on a dashboard plot:
//  - hovering shows the exact values under the cursor (the data of every graph and bar series
//    at that key, from QCustomPlot's own data containers) in a tooltip;
//  - dragging across an event-time plot selects that stretch of time (rangeSelected), which the
//    main window applies to every view; the mouse wheel still zooms the plot itself.
class PlotInteraction final : public QObject {
    Q_OBJECT

public:
    explicit PlotInteraction(QCustomPlot* plot, bool selectsTimeRange);

    // The tooltip text for a point in plot coordinates; empty when nothing is under it.
    QString textAt(const QPoint& pos) const;

Q_SIGNALS:
    // Seconds since the epoch (UTC), from < to.
    void rangeSelected(double fromSecs, double toSecs);

private:
    void onMouseMove(QMouseEvent* event);
    void onSelection(const QRect& rect);

    QCustomPlot* m_plot;
};

}  // namespace dnshound::ui::plot
