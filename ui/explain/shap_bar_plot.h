#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>
#include <vector>

#include "core/explain/domain_explainer.h"

class QCustomPlot;
class QCPBars;

namespace dnshound::ui::explain {

// A name's SHAP contributions as horizontal bars, largest |value| on top: red bars push towards
// DGA, blue ones towards benign; each label carries the feature's value. The features beyond
// the top ones share one "other features" bar, so the bars plus the bias add up to the margin.
class ShapBarPlot final : public QWidget {
    Q_OBJECT

public:
    explicit ShapBarPlot(QWidget* parent = nullptr);

    void setExplanation(const core::explain::DomainExplanation& explanation, int topCount = 12);
    void clear();

    // The bars from top to bottom: their values (log-odds) and labels; for tests and reports.
    const std::vector<double>& barValues() const { return m_values; }
    const QStringList& barLabels() const { return m_labels; }
    // Feature index of each bar (-1 for the "other features" bar).
    const std::vector<int>& barFeatures() const { return m_features; }
    QCustomPlot* plot() const { return m_plot; }

private:
    QCustomPlot* m_plot;
    QCPBars* m_towardsDga;
    QCPBars* m_towardsBenign;
    std::vector<double> m_values;
    std::vector<int> m_features;
    QStringList m_labels;
};

// "0.731", "12", "1.2e-05": short, exact enough for a label.
QString featureValueText(float value);

}  // namespace dnshound::ui::explain
