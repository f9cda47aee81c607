#include "ui/client/client_timeline_plot.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>

#include "ui/plot/custom_plot.h"

namespace dnshound::ui::client {

namespace {

struct SeriesStyle {
    const char* name;
    QColor color;
};

// Bottom of the stack first.
const SeriesStyle kRcodeSeries[core::store::kRcodeGroupCount] = {
    {QT_TRANSLATE_NOOP("ClientTimelinePlot", "NOERROR"), QColor(44, 160, 44)},
    {QT_TRANSLATE_NOOP("ClientTimelinePlot", "NXDOMAIN"), QColor(214, 39, 40)},
    {QT_TRANSLATE_NOOP("ClientTimelinePlot", "SERVFAIL"), QColor(255, 127, 14)},
    {QT_TRANSLATE_NOOP("ClientTimelinePlot", "other rcode"), QColor(148, 103, 189)},
    {QT_TRANSLATE_NOOP("ClientTimelinePlot", "no response"), QColor(127, 127, 127)},
};
const SeriesStyle kVerdictSeries[core::store::kVerdictCount] = {
    {QT_TRANSLATE_NOOP("ClientTimelinePlot", "scored benign"), QColor(31, 119, 180)},
    {QT_TRANSLATE_NOOP("ClientTimelinePlot", "scored DGA"), QColor(214, 39, 40)},
    {QT_TRANSLATE_NOOP("ClientTimelinePlot", "not scored"), QColor(170, 170, 170)},
};

}  // namespace

ClientTimelinePlot::ClientTimelinePlot(QWidget* parent)
    : QWidget(parent), m_stackingBox(new QComboBox(this)), m_plot(new QCustomPlot(this)) {
    m_stackingBox->addItem(tr("by verdict"));
    m_stackingBox->addItem(tr("by response code"));
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Queries over time, stacked"), this));
    top->addWidget(m_stackingBox);
    top->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_plot, 1);

    QSharedPointer<QCPAxisTickerDateTime> ticker(new QCPAxisTickerDateTime);
    ticker->setTimeZone(QTimeZone::utc());
    ticker->setDateTimeFormat(QStringLiteral("MM-dd\nHH:mm:ss"));
    m_plot->xAxis->setTicker(ticker);
    m_plot->yAxis->setLabel(tr("queries"));
    m_plot->legend->setVisible(true);
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    m_plot->setMinimumHeight(180);
    connect(m_stackingBox, &QComboBox::currentIndexChanged, this, [this](int index) {
        setStacking(index == 0 ? Stacking::ByVerdict : Stacking::ByRcode);
    });
    rebuild();
}

void ClientTimelinePlot::setBuckets(std::vector<core::store::TimelineBucket> buckets,
                                    std::int64_t bucketUs) {
    m_buckets = std::move(buckets);
    m_bucketUs = std::max<std::int64_t>(1, bucketUs);
    rebuild();
}

void ClientTimelinePlot::setStacking(Stacking stacking) {
    if (stacking == m_stacking) return;
    m_stacking = stacking;
    m_stackingBox->setCurrentIndex(stacking == Stacking::ByVerdict ? 0 : 1);
    rebuild();
}

std::int64_t ClientTimelinePlot::totalQueries() const {
    std::int64_t total = 0;
    for (const auto& b : m_buckets) {
        for (const std::int64_t n : b.byVerdict) total += n;
    }
    return total;
}

void ClientTimelinePlot::rebuild() {
    m_plot->clearPlottables();
    m_series.clear();
    const bool byVerdict = m_stacking == Stacking::ByVerdict;
    const int count = byVerdict ? core::store::kVerdictCount : core::store::kRcodeGroupCount;
    const double width = static_cast<double>(m_bucketUs) / 1e6 * 0.9;
    double peak = 0;
    for (const auto& b : m_buckets) {
        double sum = 0;
        for (const std::int64_t n : b.byVerdict) sum += static_cast<double>(n);
        peak = std::max(peak, sum);
    }
    QCPBars* below = nullptr;
    for (int s = 0; s < count; ++s) {
        const SeriesStyle& style = byVerdict ? kVerdictSeries[s] : kRcodeSeries[s];
        bool any = false;
        for (const auto& b : m_buckets)
            any = any || (byVerdict ? b.byVerdict[s] : b.byRcode[s]) > 0;
        if (!any) continue;  // no empty legend entries
        auto* bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
        bars->setName(tr(style.name));
        bars->setBrush(style.color);
        bars->setPen(Qt::NoPen);
        bars->setWidth(width);
        bars->setStackingGap(0);
        for (const auto& b : m_buckets) {
            const std::int64_t n = byVerdict ? b.byVerdict[s] : b.byRcode[s];
            bars->addData(static_cast<double>(b.startUs) / 1e6 + width / 1.8,
                          static_cast<double>(n));
        }
        if (below) bars->moveAbove(below);
        below = bars;
        m_series.push_back(bars);
    }
    if (!m_buckets.empty()) {
        const double first = static_cast<double>(m_buckets.front().startUs) / 1e6;
        const double last = static_cast<double>(m_buckets.back().startUs + m_bucketUs) / 1e6;
        m_plot->xAxis->setRange(first, std::max(last, first + 1));
    }
    m_plot->yAxis->setRange(0, std::max(1.0, peak * 1.15));
    m_plot->replot();
}

}  // namespace dnshound::ui::client
