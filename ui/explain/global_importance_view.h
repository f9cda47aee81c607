#pragma once

#include <QString>
#include <QWidget>
#include <vector>

#include "ui/explain/explanation_source.h"

class QCPItemText;
class QCustomPlot;
class QLabel;

namespace dnshound::ui::explain {

// Which features the shipped model leans on overall: mean |SHAP| per feature over a sample of
// the open analysis' names, the largest on top.
class GlobalImportanceView final : public QWidget {
    Q_OBJECT

public:
    explicit GlobalImportanceView(const QString& dbPath, QWidget* parent = nullptr);

    const GlobalImportanceResult& result() const { return m_result; }
    // Bars from top to bottom: feature name and mean |SHAP|.
    const std::vector<std::pair<QString, double>>& bars() const { return m_bars; }

    static constexpr int kTopFeatures = 20;

Q_SIGNALS:
    void loaded();

private:
    void apply(const GlobalImportanceResult& result);
    // Sets the value axis so that every bar's description ends inside the plot at its current
    // width, eliding descriptions only where the bars would otherwise get less than 30 % of
    // it; true when the range changed.
    bool fitValueRange();

    ExplanationSource* m_source;
    QLabel* m_header;
    QCustomPlot* m_plot;
    GlobalImportanceResult m_result;
    std::vector<std::pair<QString, double>> m_bars;
    // Each bar's value, its description's item (owned by the plot) and whole text.
    struct Description {
        double value;
        QCPItemText* item;
        QString text;
    };
    std::vector<Description> m_descriptions;
};

}  // namespace dnshound::ui::explain
