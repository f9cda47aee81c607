#pragma once

#include <QString>
#include <QWidget>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/pipeline/analysis_runner.h"
#include "core/store/overview_query.h"
#include "core/store/store_records.h"

class QCPAxisRect;
class QCPBars;
class QCPGraph;
class QCustomPlot;
class QLabel;
class QStackedWidget;
class QStandardItemModel;
class QTableView;
class QTimer;

namespace dnshound::ui::plot {
class PlotInteraction;
}

namespace dnshound::ui::dashboards {

template <typename T>
class LatestRead;

// Everything the overview shows for one time window, read from an analysis file on a worker
// thread: per-bucket volumes, the busiest clients and names, run totals and stage health.
struct OverviewData {
    core::store::VolumeSeries volumes;
    core::store::TimeSpan span;  // the whole analysis
    std::vector<core::store::RankedCount> topClients;
    std::vector<core::store::RankedCount> topDomains;
    core::store::PipelineHealth health;
    std::int64_t alerts = 0;
    std::int64_t alertedClients = 0;
    core::store::TimeWindow window;
    QString error;  // non-empty when the file could not be read
};

// The Overview tab: totals on top; queries, NXDOMAIN share and alerts over one shared event-time
// axis; the busiest clients and names; each stage's in/out counts (pipeline health).
class OverviewDashboard final : public QWidget {
    Q_OBJECT

public:
    enum Series { Queries, NxdomainRate, Alerts, SeriesCount };
    static constexpr int kTopItems = 10;

    explicit OverviewDashboard(QWidget* parent = nullptr);
    ~OverviewDashboard() override;

    // Reads the analysis file in the background; emits loaded() or loadFailed() when done.
    void load(const QString& dbPath);
    // Re-reads for this stretch of event time (0, 0: everything).
    void setTimeWindow(std::int64_t fromUs, std::int64_t toUs);
    // Live totals while an analysis runs (the plots follow once the file is complete).
    void showProgress(const core::pipeline::AnalysisProgress& progress);
    void clear();

    int pointCount(Series series) const;
    // Sum of the values plotted for a series (queries and alerts: counts).
    double seriesSum(Series series) const;
    const OverviewData& data() const { return m_data; }
    QCustomPlot* plot() const { return m_plot; }
    QCustomPlot* topPlot() const { return m_topPlot; }
    QStandardItemModel* healthModel() const { return m_health; }
    plot::PlotInteraction* interaction() const { return m_interaction; }

Q_SIGNALS:
    void loaded();
    void loadFailed(const QString& message);
    // The user dragged across the time plot: seconds since the epoch.
    void rangeSelected(double fromSecs, double toSecs);

protected:
    void changeEvent(QEvent* event) override;

private:
    void reload();
    void applyData(const OverviewData& overview);
    void applyHealth(const core::store::PipelineHealth& health);
    void applyPalette();
    void scheduleReplot();
    QCPAxisRect* addPlotRow(int row, const QString& label);

    QLabel* m_lines;
    QLabel* m_rejected;
    QLabel* m_queriesTotal;
    QLabel* m_nxShare;
    QLabel* m_alerts;
    QLabel* m_clients;
    QStackedWidget* m_stack;
    QLabel* m_emptyHint;
    QCustomPlot* m_plot;
    QCustomPlot* m_topPlot;
    QTableView* m_healthTable;
    QStandardItemModel* m_health;
    QCPGraph* m_queries = nullptr;
    QCPGraph* m_nxRate = nullptr;
    QCPBars* m_alertBars = nullptr;
    QCPBars* m_clientBars = nullptr;
    QCPBars* m_domainBars = nullptr;
    std::vector<QCPAxisRect*> m_rects;
    plot::PlotInteraction* m_interaction;
    QTimer* m_replotTimer;
    std::unique_ptr<LatestRead<OverviewData>> m_read;
    QString m_path;
    core::store::TimeWindow m_window;
    OverviewData m_data;
};

}  // namespace dnshound::ui::dashboards
