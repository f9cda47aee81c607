#pragma once

#include <QWidget>
#include <vector>

#include "core/explain/domain_explainer.h"

namespace dnshound::ui::explain {

// Each of a few features as one row: a strip spanning the benign reference distribution
// (0th to 100th percentile, 5-95 % shaded, median ticked) with the name's value marked where
// it falls. Values outside the benign 5-95 % band are marked in red.
class BenignStripWidget final : public QWidget {
    Q_OBJECT

public:
    explicit BenignStripWidget(QWidget* parent = nullptr);

    void setFeatures(std::vector<core::explain::FeatureContribution> features,
                     std::size_t benignSampleSize);
    const std::vector<core::explain::FeatureContribution>& features() const { return m_features; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    int rowHeight() const;

    std::vector<core::explain::FeatureContribution> m_features;
    std::size_t m_sampleSize = 0;
};

}  // namespace dnshound::ui::explain
