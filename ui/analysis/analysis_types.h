#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <vector>

#include "core/formats/event_source.h"
#include "core/pipeline/analysis_runner.h"
#include "core/store/store_records.h"

namespace dnshound::ui::analysis {

// What the GUI asks the worker to analyse.
struct AnalysisJob {
    QStringList inputs;
    core::formats::InputFormat format = core::formats::InputFormat::Auto;
    QString configPath;  // empty: the compiled-in default configuration
    QString dbPath;      // the analysis file to write
    // Live capture on this interface instead of `inputs` when set, through `bpf` (empty: the
    // default DNS filter), until cancelled.
    QString captureInterface;
    QString bpf;
    QString allowlistPath;  // applied when the file exists
    // Datatest mode (the CLI's --truth / --datatest) when either is set: ground truth from these
    // truth files (labelled domain CSV or the sample's truth JSON) and/or from the inputs' label
    // column (config datatest.label_field); the Dataset tab then shows the confusion matrices.
    QStringList truthFiles;
    bool labelColumn = false;
};

// The aggregates the GUI shows once a run is over (no per-event data crosses threads).
struct AnalysisSummary {
    bool cancelled = false;
    QString dbPath;
    quint64 linesTotal = 0;
    quint64 linesValid = 0;
    quint64 linesRejected = 0;
    quint64 events = 0;
    quint64 distinctNames = 0;
    quint64 namesScored = 0;
    double elapsedSecs = 0.0;
    std::vector<core::store::AlertRecord> alerts;  // final state of every alert
};

using AlertBatch = std::vector<core::store::AlertRecord>;

// Registers the value types above for queued connections; call once before connecting.
void registerAnalysisMetaTypes();

}  // namespace dnshound::ui::analysis

Q_DECLARE_METATYPE(dnshound::ui::analysis::AnalysisJob)
Q_DECLARE_METATYPE(dnshound::ui::analysis::AnalysisSummary)
Q_DECLARE_METATYPE(dnshound::core::pipeline::AnalysisProgress)
Q_DECLARE_METATYPE(dnshound::core::store::AlertRecord)
Q_DECLARE_METATYPE(dnshound::ui::analysis::AlertBatch)
