#include "ui/explain/global_importance_view.h"

#include <QFontMetricsF>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "core/features/domain_features.h"
#include "ui/plot/custom_plot.h"

namespace dnshound::ui::explain {

GlobalImportanceView::GlobalImportanceView(const QString& dbPath, QWidget* parent)
    : QWidget(parent),
      m_source(new ExplanationSource(this)),
      m_header(new QLabel(this)),
      m_plot(new QCustomPlot(this)) {
    m_header->setWordWrap(true);
    m_header->setTextFormat(Qt::RichText);
    m_header->setText(tr("Computing the model's feature importance…"));
    m_plot->xAxis->setLabel(tr("mean |SHAP contribution| (log-odds)"));
    m_plot->yAxis->setTickLength(0, 0);
    m_plot->yAxis->setSubTicks(false);
    m_plot->yAxis->grid()->setVisible(false);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_header);
    layout->addWidget(m_plot, 1);
    connect(m_source, &ExplanationSource::globalImportanceReady, this,
            &GlobalImportanceView::apply);
    // The descriptions' room depends on the plot's width: refit after every layout (a resize),
    // and draw again when that moved the range.
    connect(m_plot, &QCustomPlot::afterLayout, this, [this] {
        if (fitValueRange()) m_plot->replot(QCustomPlot::rpQueuedReplot);
    });
    m_source->setAnalysis(dbPath);
    m_source->requestGlobalImportance();
}

void GlobalImportanceView::apply(const GlobalImportanceResult& result) {
    m_result = result;
    m_bars.clear();
    m_descriptions.clear();
    if (!result.error.isEmpty()) {
        m_header->setText(
            tr("Feature importance unavailable: %1").arg(result.error.toHtmlEscaped()));
        Q_EMIT loaded();
        return;
    }
    const auto& imp = result.importance;
    std::vector<std::size_t> order(imp.names.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&imp](std::size_t a, std::size_t b) {
        return imp.meanAbsContribution[a] > imp.meanAbsContribution[b];
    });
    if (order.size() > static_cast<std::size_t>(kTopFeatures)) order.resize(kTopFeatures);
    const auto& descriptions = core::features::DomainFeatures::descriptions();
    auto* bars = new QCPBars(m_plot->yAxis, m_plot->xAxis);
    const QColor color = palette().color(QPalette::Highlight);
    bars->setBrush(color);
    bars->setPen(QPen(color.darker(130)));
    bars->setWidth(0.7);
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    const auto n = static_cast<int>(order.size());
    double top = 0;
    for (int i = 0; i < n; ++i) {
        const std::size_t f = order[static_cast<std::size_t>(i)];
        const QString name = QString::fromStdString(imp.names[f]);
        m_bars.emplace_back(name, imp.meanAbsContribution[f]);
        bars->addData(n - i, imp.meanAbsContribution[f]);
        ticker->addTick(n - i, name);
        top = std::max(top, imp.meanAbsContribution[f]);
        if (f < descriptions.size()) {
            auto* text = new QCPItemText(m_plot);
            text->position->setCoords(imp.meanAbsContribution[f], n - i);
            text->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
            const QString whole =
                QStringLiteral("  %1").arg(QString::fromStdString(descriptions[f]));
            text->setText(whole);
            text->setColor(palette().color(QPalette::WindowText));
            m_descriptions.push_back({imp.meanAbsContribution[f], text, whole});
        }
    }
    m_plot->yAxis->setTicker(ticker);
    m_plot->yAxis->setRange(0.3, n + 0.7);
    m_plot->xAxis->setRange(0, top * 1.9 + 1e-6);
    fitValueRange();
    m_plot->replot();
    m_header->setText(tr("<b>Global feature importance of the shipped model</b> %1: %2. "
                         "The larger the bar, the more the feature moves scores on average.")
                          .arg(result.modelDescription.toHtmlEscaped(),
                               result.sampleDescription.toHtmlEscaped()));
    Q_EMIT loaded();
}

bool GlobalImportanceView::fitValueRange() {
    double top = 0;
    for (const Description& d : m_descriptions) top = std::max(top, d.value);
    const double width = m_plot->axisRect()->width();
    if (top <= 0 || width < 100) return false;
    // A bar of value v ends at v / upper * width pixels; its text (w pixels) fits when
    // v / upper * width + w <= width, i.e. upper >= v * width / (width - w). Texts count at
    // most 70 % of the width, so the bars keep room; longer ones are elided below.
    constexpr double kTextShare = 0.7, kPad = 4;
    double upper = top * 1.05;
    for (const Description& d : m_descriptions) {
        const double w = QFontMetricsF(d.item->font()).horizontalAdvance(d.text) + kPad;
        upper = std::max(upper, d.value * width / (width - std::min(w, kTextShare * width)));
    }
    for (const Description& d : m_descriptions) {
        const double room = width * (1 - d.value / upper) - kPad;
        d.item->setText(QFontMetricsF(d.item->font()).elidedText(d.text, Qt::ElideRight, room));
    }
    if (std::abs(m_plot->xAxis->range().upper - upper) <= 1e-9 * upper) return false;
    m_plot->xAxis->setRange(0, upper);
    return true;
}

}  // namespace dnshound::ui::explain
