#pragma once

#include <QFutureWatcher>
#include <QString>
#include <QWidget>
#include <cstdint>
#include <vector>

#include "core/pipeline/analysis_runner.h"
#include "core/store/store_records.h"

class QCPAxisRect;
class QCPBars;
class QCPGraph;
class QCustomPlot;
class QLabel;
class QStackedWidget;
class QTimer;

namespace dnshound::ui::dashboards {

// Everything the overview shows, read from an analysis file on a worker thread.
struct OverviewData {
    std::vector<core::store::VolumeBucket> volumes;
    std::int64_t linesTotal = 0;
    std::int64_t linesValid = 0;
    std::int64_t linesRejected = 0;
    std::int64_t alerts = 0;
    std::int64_t alertedClients = 0;
    QString error;  // non-empty when the file could not be read
};

// The Overview tab: run totals on top, then three stacked plots over one shared time axis:
// queries per minute, NXDOMAIN share, alerts per minute.
class OverviewDashboard final : public QWidget {
    Q_OBJECT

public:
    enum Series { Queries, NxdomainRate, Alerts, SeriesCount };

    explicit OverviewDashboard(QWidget* parent = nullptr);
    ~OverviewDashboard() override;

    // Reads the analysis file in the background; emits loaded() or loadFailed() when done.
    void load(const QString& dbPath);
    // Live totals while an analysis runs (the plots follow once the file is complete).
    void showProgress(const core::pipeline::AnalysisProgress& progress);
    void clear();

    int pointCount(Series series) const;
    QCustomPlot* plot() const { return m_plot; }

Q_SIGNALS:
    void loaded();
    void loadFailed(const QString& message);

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyData(const OverviewData& overview);
    void applyPalette();
    void scheduleReplot();
    QCPAxisRect* addPlotRow(int row, const QString& label);

    QLabel* m_lines;
    QLabel* m_valid;
    QLabel* m_rejected;
    QLabel* m_alerts;
    QLabel* m_clients;
    QStackedWidget* m_stack;
    QLabel* m_emptyHint;
    QCustomPlot* m_plot;
    QCPGraph* m_queries = nullptr;
    QCPGraph* m_nxRate = nullptr;
    QCPBars* m_alertBars = nullptr;
    std::vector<QCPAxisRect*> m_rects;
    QTimer* m_replotTimer;
    QFutureWatcher<OverviewData> m_watcher;
    QString m_pendingPath;
};

}  // namespace dnshound::ui::dashboards
