#include "ui/explain/explanation_source.h"

#include <QFileInfo>
#include <QtConcurrent>
#include <exception>
#include <mutex>

#include "core/model/dga_model.h"
#include "core/store/analysis_reader.h"
#include "core/store/drilldown_reader.h"

namespace dnshound::ui::explain {

namespace {
// Names scored below this make up the benign reference: clearly benign, not borderline.
constexpr double kBenignBelow = 0.5;
}  // namespace

// Loaded once per source on first use; the mutex serialises the (thread-compatible) explainer.
struct ExplainerState {
    std::mutex mutex;
    QString dbPath;
    std::unique_ptr<core::explain::DomainExplainer> explainer;
    QString benignSource;
    QString warning;
    QString modelDescription;

    // Caller holds the mutex.
    void ensureLoaded() {
        if (explainer) return;
        const std::string modelPath = core::model::DgaModel::defaultModelPath();
        auto model = core::model::DgaModel::load(modelPath);
        modelDescription = QStringLiteral("%1 (sha256 %2…)")
                               .arg(QFileInfo(QString::fromStdString(modelPath)).fileName(),
                                    QString::fromStdString(model->manifest().sha256.substr(0, 12)));
        core::explain::FeatureQuantiles benign;
        if (!dbPath.isEmpty()) {
            const std::string path = dbPath.toStdString();
            const core::store::DrilldownReader reader(path);
            const auto names =
                reader.benignSampleNames(kBenignBelow, ExplanationSource::kBenignSample);
            benign = core::explain::FeatureQuantiles::fromNames(names);
            benignSource = QObject::tr("%1 names of this analysis scored below %2")
                               .arg(names.size())
                               .arg(kBenignBelow);
            const auto scoredBy = core::store::AnalysisReader(path).meta("model_sha256");
            if (scoredBy && !scoredBy->empty() && *scoredBy != model->manifest().sha256) {
                warning =
                    QObject::tr(
                        "This analysis was scored by another model (sha256 %1…); the explanation "
                        "uses the shipped one.")
                        .arg(QString::fromStdString(scoredBy->substr(0, 12)));
            }
        } else {
            benignSource = QObject::tr("no analysis open: no benign reference");
        }
        explainer =
            std::make_unique<core::explain::DomainExplainer>(std::move(model), std::move(benign));
    }
};

namespace {

DomainExplanationResult explainTask(std::shared_ptr<ExplainerState> state, QString domain) {
    DomainExplanationResult result;
    result.domain = domain;
    try {
        const std::lock_guard lock(state->mutex);
        state->ensureLoaded();
        result.explanation = state->explainer->explain(domain.toLower().toStdString());
        result.benignSource = state->benignSource;
        result.warning = state->warning;
    } catch (const std::exception& error) {
        result.error = QString::fromStdString(error.what());
    }
    return result;
}

GlobalImportanceResult importanceTask(std::shared_ptr<ExplainerState> state) {
    GlobalImportanceResult result;
    try {
        const std::lock_guard lock(state->mutex);
        state->ensureLoaded();
        std::vector<std::string> names;
        std::size_t dga = 0;
        if (!state->dbPath.isEmpty()) {
            const core::store::DrilldownReader reader(state->dbPath.toStdString());
            const double threshold = state->explainer->model().threshold();
            names = reader.benignSampleNames(threshold, ExplanationSource::kImportanceSample / 2);
            // DGA-scored names: the complement of the benign sample at the model threshold.
            for (std::string& name :
                 reader.benignSampleNames(2.0, ExplanationSource::kBenignSample)) {
                if (names.size() >= ExplanationSource::kImportanceSample) break;
                float score = 0;
                const std::string_view view(name);
                state->explainer->model().scoreNames({&view, 1}, {&score, 1});
                if (score >= threshold) {
                    names.push_back(std::move(name));
                    ++dga;
                }
            }
        }
        result.importance = state->explainer->globalImportance(names);
        result.modelDescription = state->modelDescription;
        result.sampleDescription =
            names.empty()
                ? QObject::tr("no analysis open: no names to average over")
                : QObject::tr("mean |SHAP| over %1 names of this analysis (%2 scored DGA)")
                      .arg(names.size())
                      .arg(dga);
    } catch (const std::exception& error) {
        result.error = QString::fromStdString(error.what());
    }
    return result;
}

}  // namespace

ExplanationSource::ExplanationSource(QObject* parent)
    : QObject(parent), m_state(std::make_shared<ExplainerState>()) {
    connect(&m_domainWatcher, &QFutureWatcher<DomainExplanationResult>::finished, this,
            [this] { Q_EMIT domainExplained(m_domainWatcher.result()); });
    connect(&m_globalWatcher, &QFutureWatcher<GlobalImportanceResult>::finished, this,
            [this] { Q_EMIT globalImportanceReady(m_globalWatcher.result()); });
}

// Running tasks hold their own reference to the state; nothing waits for them.
ExplanationSource::~ExplanationSource() = default;

void ExplanationSource::setAnalysis(const QString& dbPath) {
    if (dbPath == m_dbPath) return;
    m_dbPath = dbPath;
    m_state = std::make_shared<ExplainerState>();
    m_state->dbPath = dbPath;
}

void ExplanationSource::requestDomain(const QString& domain) {
    m_domainWatcher.setFuture(QtConcurrent::run(explainTask, m_state, domain));
}

void ExplanationSource::requestGlobalImportance() {
    m_globalWatcher.setFuture(QtConcurrent::run(importanceTask, m_state));
}

}  // namespace dnshound::ui::explain
