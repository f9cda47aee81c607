#pragma once

#include <QString>
#include <QWidget>
#include <memory>

#include "core/store/log_volume_query.h"

class QCPGraph;
class QCustomPlot;
class QLabel;

namespace dnshound::ui::dashboards {

template <typename T>
class LatestRead;

struct LogVolumeData {
    core::store::LogVolumeSeries series;
    QString error;
};

// The Log volumes tab: how full each stage's input queue got over the run, and how many events
// entered the pipeline, were filtered out by the prefilter and were processed (stored) per
// second; rejected lines as a run total (parsers count them per source, not over time).
class LogVolumeDashboard final : public QWidget {
    Q_OBJECT

public:
    enum Flow { Entering, Filtered, Processed, FlowCount };

    explicit LogVolumeDashboard(QWidget* parent = nullptr);
    ~LogVolumeDashboard() override;

    void load(const QString& dbPath);
    void clear();

    const LogVolumeData& data() const { return m_data; }
    // Events summed over the plotted points of one flow (events per bucket, not per second).
    std::int64_t flowTotal(Flow flow) const { return m_flowTotals[flow]; }
    QCustomPlot* fillPlot() const { return m_fillPlot; }
    QCustomPlot* flowPlot() const { return m_flowPlot; }
    QLabel* totals() const { return m_totals; }

Q_SIGNALS:
    void loaded();
    void loadFailed(const QString& message);

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyData(const LogVolumeData& data);
    void applyPalette();

    QLabel* m_totals;
    QCustomPlot* m_fillPlot;
    QCustomPlot* m_flowPlot;
    std::unique_ptr<LatestRead<LogVolumeData>> m_read;
    LogVolumeData m_data;
    std::int64_t m_flowTotals[FlowCount] = {0, 0, 0};
};

}  // namespace dnshound::ui::dashboards
