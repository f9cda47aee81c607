#include "ui/plot/plot_interaction.h"

#include <QLocale>
#include <QToolTip>
#include <cmath>

#include "ui/plot/custom_plot.h"
#include "ui/plot/plot_style.h"

namespace dnshound::ui::plot {

namespace {

constexpr int kMinSelectionPx = 6;  // narrower drags are clicks
constexpr double kGraphSnapPx = 24;

QString valueText(double value) {
    if (std::abs(value - std::round(value)) < 1e-9 && std::abs(value) < 1e15) {
        return QLocale().toString(static_cast<qlonglong>(std::llround(value)));
    }
    return QLocale().toString(value, 'g', 4);
}

QString keyText(QCPAxis* keyAxis, double key) {
    if (keyAxis->ticker().dynamicCast<QCPAxisTickerDateTime>()) return eventTimeText(key);
    if (auto text = keyAxis->ticker().dynamicCast<QCPAxisTickerText>()) {
        // Grouped bars sit beside their category's tick: the nearest tick names them.
        const auto& ticks = text->ticks();
        auto best = ticks.constEnd();
        for (auto it = ticks.constBegin(); it != ticks.constEnd(); ++it) {
            if (std::abs(it.key() - key) <= 0.5 &&
                (best == ticks.constEnd() ||
                 std::abs(it.key() - key) < std::abs(best.key() - key))) {
                best = it;
            }
        }
        if (best != ticks.constEnd()) return best.value();
    }
    return keyAxis->label().isEmpty()
               ? valueText(key)
               : QStringLiteral("%1: %2").arg(keyAxis->label(), valueText(key));
}

// The data point of `container` nearest to `key`, when within `tolerance` key units.
template <typename Container>
bool nearest(const Container& container, double key, double tolerance, double& foundKey,
             double& foundValue) {
    if (container.isEmpty()) return false;
    auto it = container.findBegin(key, false);
    double best = tolerance;
    bool found = false;
    for (int step = 0; step < 2 && it != container.constEnd(); ++step, ++it) {
        const double distance = std::abs(it->key - key);
        if (distance <= best) {
            best = distance;
            foundKey = it->key;
            foundValue = it->value;
            found = true;
        }
    }
    return found;
}

}  // namespace

PlotInteraction::PlotInteraction(QCustomPlot* plot, bool selectsTimeRange)
    : QObject(plot), m_plot(plot) {
    plot->setMouseTracking(true);
    connect(plot, &QCustomPlot::mouseMove, this, &PlotInteraction::onMouseMove);
    if (selectsTimeRange) {
        plot->setSelectionRectMode(QCP::srmCustom);
        connect(plot->selectionRect(), &QCPSelectionRect::accepted, this,
                [this](const QRect& rect, QMouseEvent*) { onSelection(rect); });
    }
}

QString PlotInteraction::textAt(const QPoint& pos) const {
    QCPAxisRect* rect = m_plot->axisRectAt(pos);
    if (rect == nullptr || !rect->rect().contains(pos)) return {};
    QStringList lines;
    QString heading;
    for (QCPAbstractPlottable* plottable : rect->plottables()) {
        if (!plottable->visible()) continue;
        QCPAxis* keyAxis = plottable->keyAxis();
        const bool horizontal = keyAxis->orientation() == Qt::Horizontal;
        const double key = keyAxis->pixelToCoord(horizontal ? pos.x() : pos.y());
        double foundKey = 0;
        double foundValue = 0;
        bool found = false;
        if (auto* bars = qobject_cast<QCPBars*>(plottable)) {
            // Over the bar itself (half its width either side of its key).
            found = nearest(*bars->data(), key, bars->width() / 2, foundKey, foundValue);
        } else if (auto* graph = qobject_cast<QCPGraph*>(plottable)) {
            const double tolerance =
                std::abs(keyAxis->pixelToCoord(kGraphSnapPx) - keyAxis->pixelToCoord(0));
            found = nearest(*graph->data(), key, tolerance, foundKey, foundValue);
        }
        if (!found) continue;
        if (heading.isEmpty()) heading = keyText(keyAxis, foundKey);
        const QString name =
            plottable->name().isEmpty() ? rect->axis(QCPAxis::atLeft)->label() : plottable->name();
        lines.push_back(QStringLiteral("%1: %2").arg(name, valueText(foundValue)));
    }
    if (lines.isEmpty()) return {};
    return heading + QLatin1Char('\n') + lines.join(QLatin1Char('\n'));
}

void PlotInteraction::onMouseMove(QMouseEvent* event) {
    const QPoint pos = event->position().toPoint();
    const QString text = textAt(pos);
    if (text.isEmpty()) {
        QToolTip::hideText();
    } else {
        QToolTip::showText(m_plot->mapToGlobal(pos), text, m_plot);
    }
}

void PlotInteraction::onSelection(const QRect& rect) {
    if (rect.width() < kMinSelectionPx) return;
    QCPAxisRect* axisRect = m_plot->axisRectAt(rect.center());
    if (axisRect == nullptr) return;
    QCPAxis* time = axisRect->axis(QCPAxis::atBottom);
    if (!time->ticker().dynamicCast<QCPAxisTickerDateTime>()) return;
    double from = time->pixelToCoord(rect.left());
    double to = time->pixelToCoord(rect.right());
    if (from > to) std::swap(from, to);
    Q_EMIT rangeSelected(from, to);
}

}  // namespace dnshound::ui::plot
