#include "ui/explain/shap_bar_plot.h"

#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "ui/plot/custom_plot.h"

namespace dnshound::ui::explain {

namespace {
const QColor kDgaColor(214, 39, 40);
const QColor kBenignColor(31, 119, 180);
}  // namespace

QString featureValueText(float value) {
    if (std::isnan(value)) return QStringLiteral("–");
    if (value == std::round(value) && std::fabs(value) < 1e6) {
        return QString::number(static_cast<qint64>(value));
    }
    return QString::number(static_cast<double>(value), 'g', 3);
}

ShapBarPlot::ShapBarPlot(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
    m_towardsDga = new QCPBars(m_plot->yAxis, m_plot->xAxis);
    m_towardsBenign = new QCPBars(m_plot->yAxis, m_plot->xAxis);
    m_towardsDga->setName(tr("towards DGA"));
    m_towardsBenign->setName(tr("towards benign"));
    for (auto [bars, color] :
         {std::pair{m_towardsDga, kDgaColor}, {m_towardsBenign, kBenignColor}}) {
        bars->setBrush(color);
        bars->setPen(QPen(color.darker(130)));
        bars->setWidth(0.7);
    }
    m_plot->xAxis->setLabel(tr("SHAP contribution (log-odds)"));
    m_plot->yAxis->setTickLength(0, 0);
    m_plot->yAxis->setSubTicks(false);
    m_plot->yAxis->grid()->setVisible(false);
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignLeft);
    m_plot->setMinimumHeight(260);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
}

void ShapBarPlot::clear() {
    m_values.clear();
    m_labels.clear();
    m_features.clear();
    m_towardsDga->data()->clear();
    m_towardsBenign->data()->clear();
    m_plot->clearItems();
    m_plot->replot();
}

void ShapBarPlot::setExplanation(const core::explain::DomainExplanation& explanation,
                                 int topCount) {
    clear();
    const auto top = core::explain::DomainExplainer::topContributions(
        explanation, static_cast<std::size_t>(std::max(1, topCount)));
    double rest = 0;
    std::size_t restCount = 0;
    for (const auto& f : explanation.features) {
        const bool shown =
            std::any_of(top.begin(), top.end(), [&f](const auto& t) { return t.index == f.index; });
        if (!shown) {
            rest += f.contribution;
            ++restCount;
        }
    }
    for (const auto& f : top) {
        m_values.push_back(f.contribution);
        m_features.push_back(static_cast<int>(f.index));
        m_labels.push_back(QStringLiteral("%1 = %2").arg(QString::fromStdString(f.name),
                                                         featureValueText(f.value)));
    }
    if (restCount > 0) {
        m_values.push_back(rest);
        m_features.push_back(-1);
        m_labels.push_back(tr("%1 other features").arg(restCount));
    }
    // Bar i of n sits at key n - i, so the first (largest) is drawn on top.
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    const auto n = static_cast<int>(m_values.size());
    double extent = 0;
    for (int i = 0; i < n; ++i) {
        const double key = n - i;
        const double value = m_values[static_cast<std::size_t>(i)];
        (value >= 0 ? m_towardsDga : m_towardsBenign)->addData(key, value);
        ticker->addTick(key, m_labels[i]);
        extent = std::max(extent, std::fabs(value));
        auto* text = new QCPItemText(m_plot);
        text->position->setCoords(value, key);
        text->setPositionAlignment((value >= 0 ? Qt::AlignLeft : Qt::AlignRight) |
                                   Qt::AlignVCenter);
        text->setText(QStringLiteral(" %1%2 ")
                          .arg(value >= 0 ? QStringLiteral("+") : QString())
                          .arg(value, 0, 'f', 2));
        text->setClipToAxisRect(false);
    }
    m_plot->yAxis->setTicker(ticker);
    m_plot->yAxis->setRange(0.3, n + 0.7);
    const double pad = extent * 0.35 + 0.1;
    m_plot->xAxis->setRange(-extent - pad, extent + pad);
    auto* zero = new QCPItemStraightLine(m_plot);
    zero->point1->setCoords(0, 0);
    zero->point2->setCoords(0, 1);
    zero->setPen(QPen(palette().color(QPalette::WindowText), 1));
    m_plot->replot();
}

}  // namespace dnshound::ui::explain
