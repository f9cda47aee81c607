#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <memory>

#include "core/explain/domain_explainer.h"

namespace dnshound::ui::explain {

struct DomainExplanationResult {
    QString domain;
    core::explain::DomainExplanation explanation;
    QString benignSource;  // where the benign reference distribution came from, for captions
    QString warning;       // e.g. the analysis was scored by another model
    QString error;
};

struct GlobalImportanceResult {
    core::explain::GlobalImportance importance;
    QString modelDescription;  // file name and sha256 prefix
    QString sampleDescription;
    QString error;
};

struct ExplainerState;

// The views' way to the model's explanations: loads the shipped model and a benign reference
// sample (from the analysis file) once, on a worker thread, and answers requests there.
// Results arrive as signals on the owner's thread; a newer request supersedes an older one.
class ExplanationSource final : public QObject {
    Q_OBJECT

public:
    explicit ExplanationSource(QObject* parent = nullptr);
    ~ExplanationSource() override;

    // The analysis whose benign names serve as the reference distribution ("" for none).
    void setAnalysis(const QString& dbPath);
    void requestDomain(const QString& domain);
    // Mean |SHAP| over a sample of the analysis' names (half scored DGA, half benign).
    void requestGlobalImportance();

    // How many benign names the reference sample holds at most, and how many names the global
    // importance averages over.
    static constexpr std::size_t kBenignSample = 5000;
    static constexpr std::size_t kImportanceSample = 200;

Q_SIGNALS:
    void domainExplained(const dnshound::ui::explain::DomainExplanationResult& result);
    void globalImportanceReady(const dnshound::ui::explain::GlobalImportanceResult& result);

private:
    QString m_dbPath;
    std::shared_ptr<ExplainerState> m_state;
    QFutureWatcher<DomainExplanationResult> m_domainWatcher;
    QFutureWatcher<GlobalImportanceResult> m_globalWatcher;
};

}  // namespace dnshound::ui::explain
