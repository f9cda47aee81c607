#pragma once

#include <QString>
#include <QWidget>
#include <memory>
#include <vector>

#include "core/store/latency_query.h"

class QCPBars;
class QCustomPlot;
class QLabel;
class QTimer;

namespace dnshound::ui::dashboards {

template <typename T>
class LatestRead;

struct LatencyData {
    core::store::LatencySeries series;
    std::vector<core::store::StageLatencySeries> comparison;
    QString error;
};

// The Latencies tab: per stage median and p95 batch latency over the run (log scale, so a 5 µs
// stage and a 50 ms one share the plot) and the stages side by side over the whole run.
// Latencies are wall-clock run time, not event time: the shared event-time range does not apply.
class LatencyDashboard final : public QWidget {
    Q_OBJECT

public:
    explicit LatencyDashboard(QWidget* parent = nullptr);
    ~LatencyDashboard() override;

    void load(const QString& dbPath);
    void clear();

    const LatencyData& data() const { return m_data; }
    QCustomPlot* timePlot() const { return m_timePlot; }
    QCustomPlot* comparisonPlot() const { return m_comparePlot; }

Q_SIGNALS:
    void loaded();
    void loadFailed(const QString& message);

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyData(const LatencyData& data);
    void applyPalette();

    QLabel* m_caption;
    QCustomPlot* m_timePlot;
    QCustomPlot* m_comparePlot;
    std::unique_ptr<LatestRead<LatencyData>> m_read;
    LatencyData m_data;
};

}  // namespace dnshound::ui::dashboards
