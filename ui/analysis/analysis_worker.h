#pragma once

#include <QObject>
#include <QString>
#include <atomic>
#include <mutex>

#include "ui/analysis/analysis_types.h"

namespace dnshound::ui::analysis {

// Runs one analysis through core::pipeline::runAnalysis. Threading contract: the worker is moved
// to its own QThread and run() executes there (it blocks that thread until the pipeline is
// done); requestCancel() may be called from any thread. Every signal carries values only and is
// meant for queued connections; progress and alert batches are emitted from pipeline threads at
// most every ~100 ms, never per event.
class AnalysisWorker final : public QObject {
    Q_OBJECT

public:
    explicit AnalysisWorker(QObject* parent = nullptr);
    ~AnalysisWorker() override;

    void requestCancel() noexcept;
    bool cancelRequested() const noexcept;

public Q_SLOTS:
    void run(const dnshound::ui::analysis::AnalysisJob& job);

Q_SIGNALS:
    void progress(const dnshound::core::pipeline::AnalysisProgress& progress);
    void alertsRaised(const dnshound::ui::analysis::AlertBatch& alerts);
    void finished(const dnshound::ui::analysis::AnalysisSummary& summary);
    void failed(const QString& message);

private:
    void queueAlert(const core::store::AlertRecord& alert);
    void flushAlerts();

    std::atomic<bool> m_cancel{false};
    std::mutex m_pendingMutex;
    AlertBatch m_pending;
};

}  // namespace dnshound::ui::analysis
