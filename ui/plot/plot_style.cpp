#include "ui/plot/plot_style.h"

#include <QDateTime>
#include <QTimeZone>
#include <algorithm>
#include <array>

#include "ui/plot/custom_plot.h"

namespace dnshound::ui::plot {

namespace {
constexpr double kDaySecs = 86400.0;
constexpr int kMaxLabelChars = 28;  // long names are elided in the middle
}  // namespace

QColor seriesColour(int index) {
    static const std::array<QColor, 8> colours{QColor(0x2f, 0x7e, 0xd8), QColor(0xe0, 0x8a, 0x1e),
                                               QColor(0xd6, 0x3b, 0x3b), QColor(0x3b, 0xa5, 0x5c),
                                               QColor(0x9b, 0x59, 0xd0), QColor(0x1f, 0xa8, 0xb8),
                                               QColor(0xc9, 0x4f, 0x9a), QColor(0x8c, 0x8c, 0x3a)};
    return colours[static_cast<std::size_t>(index) % colours.size()];
}

QColor withAlpha(QColor colour, int alpha) {
    colour.setAlpha(alpha);
    return colour;
}

void applyPalette(QCustomPlot* plot, const QPalette& palette) {
    plot->setBackground(palette.base());
    const QColor text = palette.color(QPalette::Text);
    QColor grid = palette.color(QPalette::Mid);
    grid.setAlpha(90);
    for (QCPAxisRect* rect : plot->axisRects()) {
        rect->setBackground(Qt::NoBrush);
        for (QCPAxis* axis : rect->axes()) {
            axis->setBasePen(QPen(text, 1));
            axis->setTickPen(QPen(text, 1));
            axis->setSubTickPen(QPen(text, 1));
            axis->setTickLabelColor(text);
            axis->setLabelColor(text);
            axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
            axis->grid()->setSubGridPen(Qt::NoPen);
        }
    }
    for (int i = 0; i < plot->plotLayout()->elementCount(); ++i) {
        if (auto* title = qobject_cast<QCPTextElement*>(plot->plotLayout()->elementAt(i))) {
            title->setTextColor(text);
        }
    }
    for (QCPAxisRect* rect : plot->axisRects()) {
        for (int i = 0; i < rect->insetLayout()->elementCount(); ++i) {
            if (auto* legend = qobject_cast<QCPLegend*>(rect->insetLayout()->elementAt(i))) {
                legend->setBrush(withAlpha(palette.color(QPalette::Base), 220));
                legend->setBorderPen(QPen(grid));
                legend->setTextColor(text);
            }
        }
    }
    if (plot->legend != nullptr) {
        plot->legend->setBrush(withAlpha(palette.color(QPalette::Base), 220));
        plot->legend->setBorderPen(QPen(grid));
        plot->legend->setTextColor(text);
    }
    QColor highlight = palette.color(QPalette::Highlight);
    plot->selectionRect()->setPen(QPen(highlight, 1, Qt::DashLine));
    plot->selectionRect()->setBrush(withAlpha(highlight, 50));
}

void setEventTimeAxis(QCPAxis* axis, double firstSecs, double lastSecs) {
    auto ticker = axis->ticker().dynamicCast<QCPAxisTickerDateTime>();
    if (!ticker) {
        ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
        ticker->setTimeZone(QTimeZone::utc());
        ticker->setTickCount(6);
        axis->setTicker(ticker);
    }
    const QDateTime start =
        QDateTime::fromSecsSinceEpoch(static_cast<qint64>(firstSecs), QTimeZone::utc());
    const QDateTime end =
        QDateTime::fromSecsSinceEpoch(static_cast<qint64>(lastSecs), QTimeZone::utc());
    const bool oneDay = start.date() == end.date();
    const bool shortSpan = lastSecs - firstSecs < 600;
    ticker->setDateTimeFormat(
        oneDay ? (shortSpan ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm"))
               : (lastSecs - firstSecs > 4 * kDaySecs ? QStringLiteral("d MMM")
                                                      : QStringLiteral("d MMM HH:mm")));
    axis->setLabel(oneDay
                       ? QObject::tr("Event time (UTC), %1").arg(start.date().toString(Qt::ISODate))
                       : QObject::tr("Event time (UTC)"));
}

void setRunTimeAxis(QCPAxis* axis) {
    axis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    axis->setLabel(QObject::tr("Run time (s since the first sample)"));
}

void setCountTicks(QCPAxis* axis) {
    auto whole = QSharedPointer<QCPAxisTickerFixed>::create();
    whole->setTickStep(1.0);
    whole->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    whole->setTickCount(5);
    axis->setTicker(whole);
    axis->setNumberFormat(QStringLiteral("f"));
    axis->setNumberPrecision(0);
}

void placeLegendBelow(QCustomPlot* plot) {
    plot->legend->setVisible(true);
    QCPLayoutGrid* layout = plot->plotLayout();
    QCPAxisRect* rect = plot->axisRect();
    rect->insetLayout()->take(plot->legend);
    // One line of entries under the axis rect, as tall as the entries need.
    int row = 0;
    for (int r = 0; r < layout->rowCount(); ++r) {
        if (layout->element(r, 0) == rect) row = r;
    }
    layout->insertRow(row + 1);
    layout->addElement(row + 1, 0, plot->legend);
    layout->setRowStretchFactor(row + 1, 0.001);
    plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot->legend->setWrap(0);
    plot->legend->setMargins(QMargins(6, 2, 6, 2));
}

void setRankedBars(QCPBars* bars, const std::vector<core::store::RankedCount>& items) {
    auto labels = QSharedPointer<QCPAxisTickerText>::create();
    QVector<double> keys;
    QVector<double> values;
    const auto n = static_cast<int>(items.size());
    for (int i = 0; i < n; ++i) {
        // Largest on top: the first item gets the highest key.
        const double key = n - i;
        keys.push_back(key);
        values.push_back(static_cast<double>(items[static_cast<std::size_t>(i)].count));
        QString name = QString::fromStdString(items[static_cast<std::size_t>(i)].name);
        if (name.size() > kMaxLabelChars) {
            name = name.left(kMaxLabelChars / 2 - 1) + QChar(0x2026) +
                   name.right(kMaxLabelChars / 2 - 1);
        }
        labels->addTick(key, name);
    }
    bars->setData(keys, values, true);
    QCPAxis* keyAxis = bars->keyAxis();
    keyAxis->setTicker(labels);
    keyAxis->setSubTicks(false);
    keyAxis->setTickLength(0, 3);
    keyAxis->setRange(0.4, std::max(n, 1) + 0.6);
    QCPAxis* valueAxis = bars->valueAxis();
    double top = 1;
    for (const double v : values) top = std::max(top, v);
    valueAxis->setRange(0, top * 1.1);
}

QString bucketText(double secs) {
    const auto whole = static_cast<qint64>(std::llround(secs));
    if (secs < 1.0) return QObject::tr("%1 ms").arg(std::llround(secs * 1000.0));
    if (whole % 86400 == 0)
        return QObject::tr("%n day(s)", nullptr, static_cast<int>(whole / 86400));
    if (whole % 3600 == 0) return QObject::tr("%1 h").arg(whole / 3600);
    if (whole % 60 == 0) return QObject::tr("%1 min").arg(whole / 60);
    return QObject::tr("%1 s").arg(whole);
}

QString eventTimeText(double secs) {
    return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(secs * 1000.0), QTimeZone::utc())
               .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) +
           QStringLiteral(" UTC");
}

}  // namespace dnshound::ui::plot
