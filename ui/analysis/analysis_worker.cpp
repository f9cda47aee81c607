#include "ui/analysis/analysis_worker.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QThread>
#include <exception>
#include <utility>

#include "core/config/allowlist.h"
#include "core/config/config.h"
#include "core/datatest/truth_sources.h"

namespace dnshound::ui::analysis {

void registerAnalysisMetaTypes() {
    qRegisterMetaType<AnalysisJob>();
    qRegisterMetaType<AnalysisSummary>();
    qRegisterMetaType<core::pipeline::AnalysisProgress>();
    qRegisterMetaType<core::store::AlertRecord>();
    qRegisterMetaType<AlertBatch>();
}

AnalysisWorker::AnalysisWorker(QObject* parent) : QObject(parent) {
    registerAnalysisMetaTypes();
}

AnalysisWorker::~AnalysisWorker() = default;

void AnalysisWorker::requestCancel() noexcept {
    m_cancel.store(true);
}

bool AnalysisWorker::cancelRequested() const noexcept {
    return m_cancel.load();
}

void AnalysisWorker::queueAlert(const core::store::AlertRecord& alert) {
    const std::lock_guard lock(m_pendingMutex);
    m_pending.push_back(alert);
}

void AnalysisWorker::flushAlerts() {
    AlertBatch batch;
    {
        const std::lock_guard lock(m_pendingMutex);
        batch.swap(m_pending);
    }
    if (!batch.empty()) Q_EMIT alertsRaised(batch);
}

void AnalysisWorker::run(const AnalysisJob& job) {
    // The pipeline blocks its caller: running it on the GUI thread would freeze the window.
    Q_ASSERT(QThread::currentThread() == thread());
    Q_ASSERT(QCoreApplication::instance() == nullptr ||
             QThread::currentThread() != QCoreApplication::instance()->thread());

    core::pipeline::AnalysisRequest request;
    for (const QString& input : job.inputs) request.inputs.push_back(input.toStdString());
    request.format = job.format;
    request.dbPath = job.dbPath.toStdString();
    request.captureInterface = job.captureInterface.toStdString();
    request.bpf = job.bpf.toStdString();

    core::pipeline::AnalysisObserver observer;
    observer.onProgress = [this](const core::pipeline::AnalysisProgress& p) {
        flushAlerts();
        Q_EMIT progress(p);
    };
    observer.onAlert = [this](const core::store::AlertRecord& alert) { queueAlert(alert); };

    try {
        request.config = job.configPath.isEmpty()
                             ? core::config::defaultConfig()
                             : core::config::loadConfigFile(job.configPath.toStdString());
        if (!job.allowlistPath.isEmpty() && QFileInfo::exists(job.allowlistPath))
            request.allowlist =
                std::make_shared<const core::config::Allowlist>(core::config::loadAllowlistFile(
                    job.allowlistPath.toStdString(), QDateTime::currentMSecsSinceEpoch() * 1000));
        core::datatest::TruthSources truth;
        for (const QString& path : job.truthFiles) truth.truthFiles.push_back(path.toStdString());
        truth.labelColumns = job.labelColumn;
        request.truth = core::datatest::buildTruthTable(truth, request.inputs, request.config);
        core::pipeline::AnalysisResult result = runAnalysis(request, observer, m_cancel);
        flushAlerts();

        AnalysisSummary summary;
        summary.cancelled = result.cancelled;
        summary.dbPath = job.dbPath;
        summary.linesTotal = result.linesTotal;
        summary.linesValid = result.linesValid;
        summary.linesRejected = result.linesRejected;
        summary.events = result.events;
        summary.distinctNames = result.distinctNames;
        summary.namesScored = result.namesScored;
        summary.elapsedSecs = result.elapsedSecs;
        summary.alerts = std::move(result.alerts);
        Q_EMIT finished(summary);
    } catch (const std::exception& error) {
        flushAlerts();
        Q_EMIT failed(QString::fromStdString(error.what()));
    }
}

}  // namespace dnshound::ui::analysis
