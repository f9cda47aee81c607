#include "ui/explain/benign_strip_widget.h"

#include <QPainter>
#include <cmath>

#include "ui/explain/shap_bar_plot.h"

namespace dnshound::ui::explain {

namespace {
const QColor kUnusual(214, 39, 40);
}

BenignStripWidget::BenignStripWidget(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void BenignStripWidget::setFeatures(std::vector<core::explain::FeatureContribution> features,
                                    std::size_t benignSampleSize) {
    m_features = std::move(features);
    m_sampleSize = benignSampleSize;
    setMinimumHeight(sizeHint().height());  // every strip stays readable; the bars give way
    updateGeometry();
    update();
}

int BenignStripWidget::rowHeight() const {
    return fontMetrics().height() + 10;
}

QSize BenignStripWidget::sizeHint() const {
    const int rows = static_cast<int>(m_features.size()) + 1;
    return {600, rows * rowHeight() + 8};
}

QSize BenignStripWidget::minimumSizeHint() const {
    return {300, sizeHint().height()};
}

void BenignStripWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QFontMetrics fm = fontMetrics();
    const int rh = rowHeight();
    const int labelWidth = std::min(
        width() / 3, fm.horizontalAdvance(QLatin1String("sld_longest_consonant_run = 0.000")) + 8);
    const int noteWidth = fm.horizontalAdvance(QLatin1String("p100 · median 0.000")) + 12;
    const int stripLeft = labelWidth + 8;
    const int stripWidth = std::max(40, width() - stripLeft - noteWidth);
    p.setPen(pal.color(QPalette::WindowText));
    if (m_sampleSize == 0) {
        p.drawText(rect().adjusted(4, 4, -4, -4), Qt::AlignLeft | Qt::AlignTop,
                   tr("No benign reference sample: open an analysis with benign names."));
        return;
    }
    p.drawText(QRect(0, 0, width(), rh), Qt::AlignLeft | Qt::AlignVCenter,
               tr("Value against %1 benign names (strip: benign percentiles 0–100, shaded "
                  "5–95 %, tick at the median)")
                   .arg(m_sampleSize));
    QColor band = pal.color(QPalette::Highlight);
    band.setAlpha(70);
    QColor track = pal.color(QPalette::Mid);
    for (std::size_t i = 0; i < m_features.size(); ++i) {
        const auto& f = m_features[i];
        const int y = static_cast<int>(i + 1) * rh;
        const QRect label(0, y, labelWidth, rh);
        p.setPen(pal.color(QPalette::WindowText));
        p.drawText(label, Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(QStringLiteral("%1 = %2").arg(QString::fromStdString(f.name),
                                                               featureValueText(f.value)),
                                 Qt::ElideMiddle, labelWidth));
        const int cy = y + rh / 2;
        const auto xAt = [&](double fraction) {
            return stripLeft + static_cast<int>(std::lround(fraction * stripWidth));
        };
        p.setPen(Qt::NoPen);
        p.setBrush(track);
        p.drawRect(QRect(stripLeft, cy - 2, stripWidth, 4));
        p.setBrush(band);
        p.drawRect(QRect(xAt(0.05), cy - 6, xAt(0.95) - xAt(0.05), 12));
        p.setPen(QPen(pal.color(QPalette::WindowText), 1));
        p.drawLine(xAt(0.5), cy - 6, xAt(0.5), cy + 6);
        if (f.benignPercentile >= 0) {
            const bool unusual = f.benignPercentile < 0.05 || f.benignPercentile > 0.95;
            const QColor marker = unusual ? kUnusual : pal.color(QPalette::Text);
            p.setPen(QPen(marker.darker(120), 1));
            p.setBrush(marker);
            const int x = xAt(f.benignPercentile);
            p.drawPolygon(QPolygon(
                {QPoint(x, cy - 7), QPoint(x + 6, cy), QPoint(x, cy + 7), QPoint(x - 6, cy)}));
            p.setPen(unusual ? kUnusual : pal.color(QPalette::WindowText));
            p.drawText(QRect(stripLeft + stripWidth + 12, y, noteWidth, rh),
                       Qt::AlignLeft | Qt::AlignVCenter,
                       tr("p%1 · median %2")
                           .arg(std::lround(f.benignPercentile * 100))
                           .arg(featureValueText(f.benignMedian)));
        }
    }
}

}  // namespace dnshound::ui::explain
