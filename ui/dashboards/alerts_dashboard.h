#pragma once

#include <QString>
#include <QWidget>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "core/store/alert_stats_query.h"

class QCPBars;
class QCustomPlot;
class QLabel;

namespace dnshound::ui::plot {
class PlotInteraction;
}

namespace dnshound::ui::dashboards {

template <typename T>
class LatestRead;

struct AlertStatsData {
    core::store::AlertTimeSeries overTime;
    core::store::TimeSpan span;
    std::vector<core::store::RankedCount> topClients;
    std::vector<core::store::RankedCount> topDomains;
    std::vector<std::int64_t> scoreHistogram;
    core::store::TimeWindow window;
    QString error;
};

// The Alerts dashboard: alerts raised over event time stacked by kind, the clients and names
// with the most alerts, and how the alert scores are distributed. Follows the time range.
class AlertsDashboard final : public QWidget {
    Q_OBJECT

public:
    static constexpr int kTopItems = 10;

    explicit AlertsDashboard(QWidget* parent = nullptr);
    ~AlertsDashboard() override;

    void load(const QString& dbPath);
    void setTimeWindow(std::int64_t fromUs, std::int64_t toUs);
    void clear();

    const AlertStatsData& data() const { return m_data; }
    // Alerts summed over the plotted bars of every kind.
    double plottedAlerts() const;
    double plottedHistogram() const;
    QCustomPlot* timePlot() const { return m_timePlot; }
    plot::PlotInteraction* interaction() const { return m_interaction; }

Q_SIGNALS:
    void loaded();
    void loadFailed(const QString& message);
    void rangeSelected(double fromSecs, double toSecs);
    // Double-click on a client's bar.
    void clientRequested(const QString& ip);

protected:
    void changeEvent(QEvent* event) override;

private:
    void reload();
    void applyData(const AlertStatsData& data);
    void applyPalette();

    QLabel* m_caption;
    QCustomPlot* m_timePlot;
    QCustomPlot* m_clientPlot;
    QCustomPlot* m_domainPlot;
    QCustomPlot* m_scorePlot;
    QCPBars* m_clientBars;
    QCPBars* m_domainBars;
    QCPBars* m_scoreBars;
    std::map<std::string, QCPBars*> m_kindBars;
    plot::PlotInteraction* m_interaction;
    std::unique_ptr<LatestRead<AlertStatsData>> m_read;
    QString m_path;
    core::store::TimeWindow m_window;
    AlertStatsData m_data;
};

}  // namespace dnshound::ui::dashboards
