#pragma once

#include <QString>
#include <QWidget>

#include "ui/explain/explanation_source.h"

class QLabel;

namespace dnshound::ui::explain {

class BenignStripWidget;
class ShapBarPlot;

// "Why was this name scored so?": the SHAP bars of a name and its feature values against the
// benign reference distribution. Computes on a worker; shows the latest request only.
class ExplanationView final : public QWidget {
    Q_OBJECT

public:
    explicit ExplanationView(QWidget* parent = nullptr);

    void setAnalysis(const QString& dbPath);
    void showDomain(const QString& domain);
    void clear();

    QString domain() const { return m_domain; }
    const DomainExplanationResult& result() const { return m_result; }
    QString headerText() const;  // the summary above the bars (rich text)
    ShapBarPlot* shapPlot() const { return m_shap; }
    BenignStripWidget* strips() const { return m_strips; }

    static constexpr int kTopBars = 12;
    static constexpr int kStrips = 8;

Q_SIGNALS:
    // After every answer, including failures (result().error says).
    void explained(const QString& domain);

private:
    void apply(const DomainExplanationResult& result);
    void showPlots(bool shown);

    ExplanationSource* m_source;
    QLabel* m_header;
    ShapBarPlot* m_shap;
    BenignStripWidget* m_strips;
    QString m_domain;
    DomainExplanationResult m_result;
};

}  // namespace dnshound::ui::explain
