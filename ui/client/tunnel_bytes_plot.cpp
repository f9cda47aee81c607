#include "ui/client/tunnel_bytes_plot.h"

#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <array>
#include <map>
#include <string>

#include "ui/plot/custom_plot.h"

namespace dnshound::ui::client {

namespace {

constexpr std::array<QRgb, 6> kLineColours{0xd62728, 0x9467bd, 0xff7f0e,
                                           0x1f77b4, 0x8c564b, 0x2ca02c};
constexpr double kSecsPerUs = 1e-6;

}  // namespace

TunnelBytesPlot::TunnelBytesPlot(QWidget* parent)
    : QWidget(parent), m_caption(new QLabel(this)), m_plot(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_caption);
    layout->addWidget(m_plot, 1);
    QSharedPointer<QCPAxisTickerDateTime> ticker(new QCPAxisTickerDateTime);
    ticker->setTimeZone(QTimeZone::utc());
    ticker->setDateTimeFormat(QStringLiteral("MM-dd\nHH:mm"));
    m_plot->xAxis->setTicker(ticker);
    m_plot->yAxis->setLabel(tr("bytes sent (cumulative)"));
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    m_plot->setMinimumHeight(160);
    hide();
}

void TunnelBytesPlot::setSeries(const std::vector<core::store::TunnelSeriesPoint>& points) {
    m_plot->clearGraphs();
    m_totalBytes = 0.0;
    // Points come ordered by domain, then minute (AnalysisReader::tunnelSeries).
    std::map<std::string, std::vector<const core::store::TunnelSeriesPoint*>> byDomain;
    for (const auto& p : points) byDomain[p.domain].push_back(&p);
    std::size_t colour = 0;
    double minX = 0, maxX = 0, maxY = 0;
    bool first = true;
    for (const auto& [domain, series] : byDomain) {
        QCPGraph* graph = m_plot->addGraph();
        graph->setName(QString::fromStdString(domain));
        graph->setLineStyle(QCPGraph::lsStepLeft);
        graph->setPen(QPen(QColor(kLineColours[colour++ % kLineColours.size()]), 2));
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
        double sum = 0;
        for (const auto* p : series) {
            sum += p->bytes;
            const double x = static_cast<double>(p->minuteUs) * kSecsPerUs;
            graph->addData(x, sum);
            minX = first ? x : std::min(minX, x);
            maxX = first ? x : std::max(maxX, x);
            first = false;
        }
        // The last minute's total holds through the end of that minute (visible even for a
        // one-minute session).
        const double end = static_cast<double>(series.back()->minuteUs) * kSecsPerUs + 60;
        graph->addData(end, sum);
        maxX = std::max(maxX, end);
        maxY = std::max(maxY, sum);
        m_totalBytes += sum;
    }
    setVisible(!byDomain.empty());
    m_caption->setText(
        tr("Estimated payload sent through DNS names, per registered domain: %1 bytes in all")
            .arg(QLocale().toString(m_totalBytes, 'f', 0)));
    m_plot->xAxis->setRange(minX - 30, maxX + 30);
    m_plot->yAxis->setRange(0, maxY > 0 ? maxY * 1.1 : 1);
    m_plot->replot();
}

}  // namespace dnshound::ui::client
