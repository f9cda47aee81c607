#include "ui/dashboards/latency_dashboard.h"

#include <QEvent>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>
#include <exception>

#include "ui/dashboards/latest_read.h"
#include "ui/plot/custom_plot.h"
#include "ui/plot/plot_interaction.h"
#include "ui/plot/plot_style.h"

namespace dnshound::ui::dashboards {

namespace {

constexpr double kFloorMs = 0.001;  // a log axis cannot show 0: sub-µs latencies sit at 1 µs
constexpr int kMaxBuckets = 150;

LatencyData readLatencies(const QString& dbPath) {
    LatencyData data;
    try {
        core::store::LatencyQuery query(dbPath.toStdString());
        data.series = query.series(kMaxBuckets);
        data.comparison = query.comparison();
    } catch (const std::exception& error) {
        data.error = QString::fromStdString(error.what());
    }
    return data;
}

double ms(double us) {
    return std::max(us / 1000.0, kFloorMs);
}

void setLogAxis(QCPAxis* axis, const QString& label) {
    axis->setScaleType(QCPAxis::stLogarithmic);
    auto ticker = QSharedPointer<QCPAxisTickerLog>::create();
    ticker->setLogBase(10);
    ticker->setSubTickCount(8);
    axis->setTicker(ticker);
    axis->setNumberFormat(QStringLiteral("gb"));
    axis->setNumberPrecision(3);
    axis->setLabel(label);
}

}  // namespace

LatencyDashboard::LatencyDashboard(QWidget* parent)
    : QWidget(parent),
      m_caption(new QLabel(this)),
      m_timePlot(new QCustomPlot(this)),
      m_comparePlot(new QCustomPlot(this)),
      m_read(std::make_unique<LatestRead<LatencyData>>(this, [this](const LatencyData& data) {
          if (!data.error.isEmpty()) {
              Q_EMIT loadFailed(data.error);
              return;
          }
          applyData(data);
          Q_EMIT loaded();
      })) {
    m_caption->setWordWrap(true);
    m_caption->setText(tr("Open an analysis to see how long each pipeline stage takes."));
    m_timePlot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_timePlot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_timePlot->axisRect()->setRangeZoom(Qt::Horizontal);
    plot::setRunTimeAxis(m_timePlot->xAxis);
    setLogAxis(m_timePlot->yAxis, tr("Batch latency (ms, log)"));
    m_timePlot->legend->setFont(font());
    plot::placeLegendBelow(m_timePlot);
    new plot::PlotInteraction(m_timePlot, false);

    setLogAxis(m_comparePlot->yAxis, tr("Whole run (ms, log)"));
    m_comparePlot->legend->setFont(font());
    plot::placeLegendBelow(m_comparePlot);
    new plot::PlotInteraction(m_comparePlot, false);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_timePlot);
    splitter->addWidget(m_comparePlot);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_caption);
    layout->addWidget(splitter, 1);
    applyPalette();
}

LatencyDashboard::~LatencyDashboard() = default;

void LatencyDashboard::load(const QString& dbPath) {
    m_read->request([dbPath] { return readLatencies(dbPath); });
}

void LatencyDashboard::clear() {
    m_data = {};
    m_timePlot->clearPlottables();
    m_comparePlot->clearPlottables();
    m_timePlot->replot(QCustomPlot::rpQueuedReplot);
    m_comparePlot->replot(QCustomPlot::rpQueuedReplot);
}

void LatencyDashboard::applyData(const LatencyData& data) {
    m_data = data;
    m_timePlot->clearPlottables();
    m_comparePlot->clearPlottables();
    const double bucketSecs = static_cast<double>(data.series.bucketUs) / 1e6;
    m_caption->setText(
        tr("Mean batch latency per quarter-second sample, summarised per %1 of run time: median "
           "(solid) and 95th percentile (dashed) over the samples; the lower plot compares the "
           "stages over the whole run. Run time, not event time: the range selection does not "
           "apply here.")
            .arg(plot::bucketText(bucketSecs)));
    double top = kFloorMs;
    int colour = 0;
    for (const auto& stage : data.series.stages) {
        QVector<double> keys;
        QVector<double> median;
        QVector<double> p95;
        for (const auto& point : stage.points) {
            keys.push_back(static_cast<double>(point.startUs) / 1e6);
            median.push_back(ms(point.medianUs));
            p95.push_back(ms(point.p95Us));
            top = std::max(top, ms(point.p95Us));
        }
        const QString name = QString::fromStdString(stage.stage);
        QCPGraph* m = m_timePlot->addGraph();
        m->setName(tr("%1 median").arg(name));
        m->setPen(QPen(plot::seriesColour(colour), 1.8));
        m->setData(keys, median, true);
        m->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 4));
        QCPGraph* p = m_timePlot->addGraph();
        p->setName(tr("%1 p95").arg(name));
        p->setPen(QPen(plot::seriesColour(colour), 1.2, Qt::DashLine));
        p->setData(keys, p95, true);
        p->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
        p->removeFromLegend();
        ++colour;
    }
    // Half a bucket of margin: a short run's only point does not sit on the axis.
    m_timePlot->xAxis->setRange(-bucketSecs / 2,
                                static_cast<double>(data.series.runUs) / 1e6 + bucketSecs / 2);
    m_timePlot->yAxis->setRange(kFloorMs * 0.8, top * 3);

    // Side by side: one group per stage, bars for median, p95 and the slowest batch.
    auto labels = QSharedPointer<QCPAxisTickerText>::create();
    const QString kinds[] = {tr("median"), tr("p95"), tr("slowest batch")};
    std::vector<QCPBars*> bars;
    for (int k = 0; k < 3; ++k) {
        auto* b = new QCPBars(m_comparePlot->xAxis, m_comparePlot->yAxis);
        b->setName(kinds[k]);
        b->setWidth(0.25);
        b->setPen(Qt::NoPen);
        b->setBrush(plot::seriesColour(k == 0 ? 0 : (k == 1 ? 1 : 2)));
        b->setBaseValue(kFloorMs * 0.8);
        bars.push_back(b);
    }
    double compareTop = kFloorMs;
    for (std::size_t i = 0; i < data.comparison.size(); ++i) {
        const auto& stage = data.comparison[i];
        if (stage.points.empty()) continue;
        const auto& point = stage.points.front();
        const double key = static_cast<double>(i + 1);
        labels->addTick(key, QString::fromStdString(stage.stage));
        bars[0]->addData(key - 0.27, ms(point.medianUs));
        bars[1]->addData(key, ms(point.p95Us));
        bars[2]->addData(key + 0.27, ms(point.maxUs));
        compareTop = std::max(compareTop, ms(point.maxUs));
    }
    m_comparePlot->xAxis->setTicker(labels);
    m_comparePlot->xAxis->setSubTicks(false);
    m_comparePlot->xAxis->setRange(0.4, static_cast<double>(data.comparison.size()) + 0.6);
    m_comparePlot->yAxis->setRange(kFloorMs * 0.8, compareTop * 3);
    applyPalette();
}

void LatencyDashboard::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) applyPalette();
    QWidget::changeEvent(event);
}

void LatencyDashboard::applyPalette() {
    plot::applyPalette(m_timePlot, palette());
    plot::applyPalette(m_comparePlot, palette());
    m_timePlot->replot(QCustomPlot::rpQueuedReplot);
    m_comparePlot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace dnshound::ui::dashboards
