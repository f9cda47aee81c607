#pragma once

#include <QWidget>
#include <cstdint>
#include <vector>

#include "core/store/drilldown_records.h"

class QComboBox;
class QCustomPlot;
class QCPBars;

namespace dnshound::ui::client {

// A client's queries over time as stacked bars per time bucket, stacked either by response code
// group or by the detector's verdict on the name.
class ClientTimelinePlot final : public QWidget {
    Q_OBJECT

public:
    enum class Stacking { ByRcode, ByVerdict };

    explicit ClientTimelinePlot(QWidget* parent = nullptr);

    void setBuckets(std::vector<core::store::TimelineBucket> buckets, std::int64_t bucketUs);
    void setStacking(Stacking stacking);
    Stacking stacking() const { return m_stacking; }

    QCustomPlot* plot() const { return m_plot; }
    // The stacked series currently drawn (bottom first), for tests.
    const std::vector<QCPBars*>& series() const { return m_series; }
    std::int64_t totalQueries() const;

private:
    void rebuild();

    QComboBox* m_stackingBox;
    QCustomPlot* m_plot;
    std::vector<core::store::TimelineBucket> m_buckets;
    std::int64_t m_bucketUs = 60'000'000;
    Stacking m_stacking = Stacking::ByVerdict;
    std::vector<QCPBars*> m_series;
};

}  // namespace dnshound::ui::client
