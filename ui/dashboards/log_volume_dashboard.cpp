#include "ui/dashboards/log_volume_dashboard.h"

#include <QEvent>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>
#include <exception>
#include <map>

#include "ui/dashboards/latest_read.h"
#include "ui/display/display_text.h"
#include "ui/plot/custom_plot.h"
#include "ui/plot/plot_interaction.h"
#include "ui/plot/plot_style.h"

namespace dnshound::ui::dashboards {

namespace {

constexpr int kMaxBuckets = 150;

LogVolumeData readVolumes(const QString& dbPath) {
    LogVolumeData data;
    try {
        data.series = core::store::LogVolumeQuery(dbPath.toStdString()).series(kMaxBuckets);
    } catch (const std::exception& error) {
        data.error = QString::fromStdString(error.what());
    }
    return data;
}

const core::store::StageVolumeSeries* findStage(const core::store::LogVolumeSeries& series,
                                                const char* name) {
    for (const auto& stage : series.stages) {
        if (stage.stage == name) return &stage;
    }
    return nullptr;
}

void setUpPlot(QCustomPlot* plot, const QString& yLabel) {
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->axisRect()->setRangeDrag(Qt::Horizontal);
    plot->axisRect()->setRangeZoom(Qt::Horizontal);
    plot::setRunTimeAxis(plot->xAxis);
    plot->yAxis->setLabel(yLabel);
    plot->legend->setFont(plot->font());
    plot::placeLegendBelow(plot);
    new plot::PlotInteraction(plot, false);
}

}  // namespace

LogVolumeDashboard::LogVolumeDashboard(QWidget* parent)
    : QWidget(parent),
      m_totals(new QLabel(this)),
      m_fillPlot(new QCustomPlot(this)),
      m_flowPlot(new QCustomPlot(this)),
      m_read(std::make_unique<LatestRead<LogVolumeData>>(this, [this](const LogVolumeData& data) {
          if (!data.error.isEmpty()) {
              Q_EMIT loadFailed(data.error);
              return;
          }
          applyData(data);
          Q_EMIT loaded();
      })) {
    m_totals->setWordWrap(true);
    m_totals->setTextFormat(Qt::RichText);
    m_totals->setText(tr("Open an analysis to see the volumes each stage handled."));
    setUpPlot(m_fillPlot, tr("Input queue fill (%)"));
    setUpPlot(m_flowPlot, tr("Events / s"));
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_flowPlot);
    splitter->addWidget(m_fillPlot);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_totals);
    layout->addWidget(splitter, 1);
    applyPalette();
}

LogVolumeDashboard::~LogVolumeDashboard() = default;

void LogVolumeDashboard::load(const QString& dbPath) {
    m_read->request([dbPath] { return readVolumes(dbPath); });
}

void LogVolumeDashboard::clear() {
    m_data = {};
    std::fill(std::begin(m_flowTotals), std::end(m_flowTotals), 0);
    m_fillPlot->clearPlottables();
    m_flowPlot->clearPlottables();
    m_fillPlot->replot(QCustomPlot::rpQueuedReplot);
    m_flowPlot->replot(QCustomPlot::rpQueuedReplot);
}

void LogVolumeDashboard::applyData(const LogVolumeData& data) {
    m_data = data;
    m_fillPlot->clearPlottables();
    m_flowPlot->clearPlottables();
    const auto& series = data.series;
    const double bucketSecs = std::max(static_cast<double>(series.bucketUs) / 1e6, 1e-3);
    const double runSecs = static_cast<double>(series.runUs) / 1e6 + bucketSecs / 2;

    // Queue fill per stage (the collector reads files: it has no input queue).
    int colour = 0;
    for (const auto& stage : series.stages) {
        ++colour;
        if (stage.stage == "collector") continue;
        QVector<double> keys;
        QVector<double> fill;
        for (const auto& point : stage.points) {
            keys.push_back(static_cast<double>(point.startUs) / 1e6);
            fill.push_back(point.maxQueueFill * 100.0);
        }
        QCPGraph* graph = m_fillPlot->addGraph();
        graph->setName(QString::fromStdString(stage.stage));
        graph->setLineStyle(QCPGraph::lsStepLeft);
        graph->setPen(QPen(plot::seriesColour(colour - 1), 1.5));
        graph->setData(keys, fill, true);
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 4));
    }
    m_fillPlot->xAxis->setRange(-bucketSecs / 2, runSecs);
    m_fillPlot->yAxis->setRange(0, 105);

    // Flows: entering = events the collector parsed, filtered = dropped by the prefilter,
    // processed = events the store wrote.
    std::map<std::int64_t, double> flows[FlowCount];
    std::fill(std::begin(m_flowTotals), std::end(m_flowTotals), 0);
    const auto add = [&](Flow flow, const core::store::StageVolumeSeries* stage, bool dropped) {
        if (stage == nullptr) return;
        for (const auto& point : stage->points) {
            const std::int64_t n = dropped ? point.eventsIn - point.eventsOut : point.eventsIn;
            flows[flow][point.startUs] += static_cast<double>(n);
            m_flowTotals[flow] += n;
        }
    };
    add(Entering, findStage(series, "collector"), false);
    add(Filtered, findStage(series, "prefilter"), true);
    add(Processed, findStage(series, "store"), false);
    const QString names[FlowCount] = {tr("entering"), tr("filtered out"), tr("processed")};
    const int colours[FlowCount] = {0, 1, 3};
    double top = 1;
    for (int f = 0; f < FlowCount; ++f) {
        QVector<double> keys;
        QVector<double> rate;
        for (const auto& [start, n] : flows[f]) {
            keys.push_back(static_cast<double>(start) / 1e6);
            rate.push_back(n / bucketSecs);
            top = std::max(top, n / bucketSecs);
        }
        QCPGraph* graph = m_flowPlot->addGraph();
        graph->setName(names[f]);
        graph->setLineStyle(QCPGraph::lsStepLeft);
        graph->setPen(QPen(plot::seriesColour(colours[f]), f == Entering ? 2.0 : 1.5));
        graph->setData(keys, rate, true);
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 4));
    }
    m_flowPlot->xAxis->setRange(-bucketSecs / 2, runSecs);
    m_flowPlot->yAxis->setRange(0, top * 1.15);

    const auto item = [](const QString& caption, std::int64_t value) {
        return QStringLiteral("%1&nbsp;<b>%2</b>")
            .arg(caption.toHtmlEscaped(),
                 display::count(static_cast<std::uint64_t>(std::max<std::int64_t>(value, 0))));
    };
    const QString gap = QStringLiteral("&nbsp;&nbsp;&nbsp;&nbsp;");
    m_totals->setText(QStringList{item(tr("Lines read"), series.linesTotal),
                                  item(tr("rejected"), series.linesRejected),
                                  item(tr("skipped"), series.linesSkipped),
                                  item(tr("events entering"), m_flowTotals[Entering]),
                                  item(tr("filtered out"), m_flowTotals[Filtered]),
                                  item(tr("processed"), m_flowTotals[Processed])}
                          .join(gap) +
                      QStringLiteral("<br>") +
                      tr("Per %1 of run time (not event time: the range selection does not "
                         "apply here).")
                          .arg(plot::bucketText(bucketSecs))
                          .toHtmlEscaped());
    applyPalette();
}

void LogVolumeDashboard::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) applyPalette();
    QWidget::changeEvent(event);
}

void LogVolumeDashboard::applyPalette() {
    plot::applyPalette(m_fillPlot, palette());
    plot::applyPalette(m_flowPlot, palette());
    m_fillPlot->replot(QCustomPlot::rpQueuedReplot);
    m_flowPlot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace dnshound::ui::dashboards
