#pragma once

#include <QWidget>
#include <vector>

#include "core/store/store_records.h"

class QCustomPlot;
class QLabel;

namespace dnshound::ui::client {

// The estimated payload a client moved through DNS names over time, one cumulative line per
// watched registered domain (the tunnel detector's per-minute series). Empty series: hidden.
class TunnelBytesPlot final : public QWidget {
    Q_OBJECT

public:
    explicit TunnelBytesPlot(QWidget* parent = nullptr);

    void setSeries(const std::vector<core::store::TunnelSeriesPoint>& points);
    QCustomPlot* plot() const { return m_plot; }
    // Estimated bytes summed over every domain drawn (the lines' end values), for tests.
    double totalBytes() const { return m_totalBytes; }

private:
    QLabel* m_caption;
    QCustomPlot* m_plot;
    double m_totalBytes = 0.0;
};

}  // namespace dnshound::ui::client
