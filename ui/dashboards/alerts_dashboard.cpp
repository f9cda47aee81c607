#include "ui/dashboards/alerts_dashboard.h"

#include <QEvent>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>
#include <exception>

#include "ui/dashboards/latest_read.h"
#include "ui/display/display_text.h"
#include "ui/plot/custom_plot.h"
#include "ui/plot/plot_interaction.h"
#include "ui/plot/plot_style.h"

namespace dnshound::ui::dashboards {

namespace {

constexpr int kPixelsPerBucket = 8;
constexpr int kMinBuckets = 40;

AlertStatsData readStats(const QString& dbPath, core::store::TimeWindow window, int buckets) {
    AlertStatsData data;
    data.window = window;
    try {
        core::store::AlertStatsQuery query(dbPath.toStdString());
        data.span = query.span();
        data.overTime = query.overTime(window, buckets);
        data.topClients = query.topClients(window, AlertsDashboard::kTopItems);
        data.topDomains = query.topDomains(window, AlertsDashboard::kTopItems);
        data.scoreHistogram = query.scoreHistogram(window);
    } catch (const std::exception& error) {
        data.error = QString::fromStdString(error.what());
    }
    return data;
}

QCustomPlot* titledPlot(QWidget* parent, const QString& title) {
    auto* plot = new QCustomPlot(parent);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(
        0, 0, new QCPTextElement(plot, title, QFont(plot->font().family(), -1, QFont::Bold)));
    return plot;
}

QCPBars* rankedBars(QCustomPlot* plot, const QString& name, const QColor& colour) {
    auto* bars = new QCPBars(plot->yAxis, plot->xAxis);
    bars->setName(name);
    bars->setWidth(0.7);
    bars->setPen(Qt::NoPen);
    bars->setBrush(colour);
    plot::setCountTicks(plot->xAxis);
    new plot::PlotInteraction(plot, false);
    return bars;
}

QString kindLabel(const std::string& kind) {
    if (kind == "dga") return QStringLiteral("DGA");
    if (kind == "tunnel") return QStringLiteral("Tunnel");
    if (kind == "exfil") return QStringLiteral("Exfiltration");
    return QString::fromStdString(kind);
}

}  // namespace

AlertsDashboard::AlertsDashboard(QWidget* parent)
    : QWidget(parent),
      m_caption(new QLabel(this)),
      m_timePlot(titledPlot(this, tr("Alerts raised over time, by kind"))),
      m_clientPlot(titledPlot(this, tr("Clients with the most alerts"))),
      m_domainPlot(titledPlot(this, tr("Top domains of alerts"))),
      m_scorePlot(titledPlot(this, tr("Alert score distribution"))),
      m_clientBars(rankedBars(m_clientPlot, tr("Alerts"), plot::seriesColour(2))),
      m_domainBars(rankedBars(m_domainPlot, tr("Alerts"), plot::seriesColour(4))),
      m_scoreBars(new QCPBars(m_scorePlot->xAxis, m_scorePlot->yAxis)),
      m_interaction(new plot::PlotInteraction(m_timePlot, true)),
      m_read(std::make_unique<LatestRead<AlertStatsData>>(this, [this](const AlertStatsData& d) {
          if (!d.error.isEmpty()) {
              Q_EMIT loadFailed(d.error);
              return;
          }
          applyData(d);
          Q_EMIT loaded();
      })) {
    m_caption->setWordWrap(true);
    m_caption->setText(tr("Open an analysis to see its alerts over time."));
    m_timePlot->setInteractions(QCP::iRangeZoom);
    m_timePlot->axisRect()->setRangeZoom(Qt::Horizontal);
    plot::setEventTimeAxis(m_timePlot->xAxis, 0, 0);
    m_timePlot->yAxis->setLabel(tr("Alerts raised"));
    plot::setCountTicks(m_timePlot->yAxis);
    m_timePlot->legend->setFont(font());
    plot::placeLegendBelow(m_timePlot);

    m_scoreBars->setName(tr("Alerts"));
    m_scoreBars->setWidth(0.9 / core::store::AlertStatsQuery::kScoreBins);
    m_scoreBars->setPen(Qt::NoPen);
    m_scoreBars->setBrush(plot::seriesColour(1));
    m_scorePlot->xAxis->setLabel(tr("Score"));
    m_scorePlot->xAxis->setRange(0, 1);
    m_scorePlot->yAxis->setLabel(tr("Alerts"));
    plot::setCountTicks(m_scorePlot->yAxis);
    new plot::PlotInteraction(m_scorePlot, false);

    connect(m_clientPlot, &QCustomPlot::plottableDoubleClick, this,
            [this](QCPAbstractPlottable*, int index, QMouseEvent*) {
                const auto n = static_cast<int>(m_data.topClients.size());
                // Bars are keyed n - i (largest on top); the data index counts keys upwards.
                const int item = n - 1 - index;
                if (item >= 0 && item < n) {
                    Q_EMIT clientRequested(QString::fromStdString(
                        m_data.topClients[static_cast<std::size_t>(item)].name));
                }
            });
    connect(m_interaction, &plot::PlotInteraction::rangeSelected, this,
            &AlertsDashboard::rangeSelected);

    auto* lower = new QSplitter(Qt::Horizontal, this);
    lower->addWidget(m_clientPlot);
    lower->addWidget(m_domainPlot);
    lower->addWidget(m_scorePlot);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_timePlot);
    splitter->addWidget(lower);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_caption);
    layout->addWidget(splitter, 1);
    applyPalette();
}

AlertsDashboard::~AlertsDashboard() = default;

void AlertsDashboard::load(const QString& dbPath) {
    m_path = dbPath;
    reload();
}

void AlertsDashboard::setTimeWindow(std::int64_t fromUs, std::int64_t toUs) {
    m_window = {fromUs, toUs};
    if (!m_path.isEmpty()) reload();
}

void AlertsDashboard::reload() {
    const int buckets = std::max(kMinBuckets, m_timePlot->width() / kPixelsPerBucket);
    const QString path = m_path;
    const core::store::TimeWindow window = m_window;
    m_read->request([path, window, buckets] { return readStats(path, window, buckets); });
}

void AlertsDashboard::clear() {
    m_path.clear();
    m_window = {};
    m_data = {};
    for (auto& [kind, bars] : m_kindBars) m_timePlot->removePlottable(bars);
    m_kindBars.clear();
    m_clientBars->data()->clear();
    m_domainBars->data()->clear();
    m_scoreBars->data()->clear();
    for (QCustomPlot* p : {m_timePlot, m_clientPlot, m_domainPlot, m_scorePlot}) {
        p->replot(QCustomPlot::rpQueuedReplot);
    }
}

void AlertsDashboard::applyData(const AlertStatsData& data) {
    m_data = data;
    for (auto& [kind, bars] : m_kindBars) m_timePlot->removePlottable(bars);
    m_kindBars.clear();
    const double bucketSecs = static_cast<double>(data.overTime.bucketUs) / 1e6;
    // Stacked: each kind sits on the one before, so a bar's height is all alerts in the bucket.
    std::map<std::int64_t, double> stackTop;
    QCPBars* below = nullptr;
    int colour = 2;
    for (const auto& [kind, points] : data.overTime.byKind) {
        auto* bars = new QCPBars(m_timePlot->xAxis, m_timePlot->yAxis);
        bars->setName(kindLabel(kind));
        bars->setWidth(bucketSecs * 0.85);
        bars->setPen(Qt::NoPen);
        bars->setBrush(plot::seriesColour(colour++));
        QVector<double> keys;
        QVector<double> values;
        for (const auto& [start, count] : points) {
            keys.push_back(static_cast<double>(start) / 1e6);
            values.push_back(static_cast<double>(count));
            stackTop[start] += static_cast<double>(count);
        }
        bars->setData(keys, values, true);
        if (below != nullptr) bars->moveAbove(below);
        below = bars;
        m_kindBars[kind] = bars;
    }
    double top = 1;
    for (const auto& [start, height] : stackTop) top = std::max(top, height);
    const bool bounded = data.window.bounded();
    const double first =
        static_cast<double>(bounded ? data.window.fromUs : data.span.firstUs) / 1e6;
    const double last = static_cast<double>(bounded ? data.window.toUs : data.span.lastUs) / 1e6;
    plot::setEventTimeAxis(m_timePlot->xAxis, first, last);
    m_timePlot->xAxis->setRange(first - bucketSecs, std::max(last, first) + bucketSecs);
    m_timePlot->yAxis->setRange(0, top * 1.15);

    plot::setRankedBars(m_clientBars, data.topClients);
    plot::setRankedBars(m_domainBars, data.topDomains);
    QVector<double> keys;
    QVector<double> counts;
    double topBin = 1;
    const int bins = core::store::AlertStatsQuery::kScoreBins;
    for (int i = 0; i < static_cast<int>(data.scoreHistogram.size()); ++i) {
        keys.push_back((i + 0.5) / bins);
        counts.push_back(static_cast<double>(data.scoreHistogram[static_cast<std::size_t>(i)]));
        topBin = std::max(topBin, counts.back());
    }
    m_scoreBars->setData(keys, counts, true);
    m_scorePlot->yAxis->setRange(0, topBin * 1.15);
    m_caption->setText(
        tr("%1 alerts raised %2, per %3 bucket. Double-click a client's bar to open it.")
            .arg(display::count(static_cast<quint64>(data.overTime.total)),
                 bounded ? tr("in the selected range") : tr("in the analysis"),
                 plot::bucketText(bucketSecs)));
    applyPalette();
}

double AlertsDashboard::plottedAlerts() const {
    double sum = 0;
    for (const auto& [kind, bars] : m_kindBars) {
        for (const auto& point : *bars->data()) sum += point.value;
    }
    return sum;
}

double AlertsDashboard::plottedHistogram() const {
    double sum = 0;
    for (const auto& point : *m_scoreBars->data()) sum += point.value;
    return sum;
}

void AlertsDashboard::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) applyPalette();
    QWidget::changeEvent(event);
}

void AlertsDashboard::applyPalette() {
    for (QCustomPlot* p : {m_timePlot, m_clientPlot, m_domainPlot, m_scorePlot}) {
        plot::applyPalette(p, palette());
        p->replot(QCustomPlot::rpQueuedReplot);
    }
}

}  // namespace dnshound::ui::dashboards
