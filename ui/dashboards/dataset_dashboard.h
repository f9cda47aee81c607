#pragma once

#include <QFutureWatcher>
#include <QString>
#include <QWidget>
#include <cstdint>
#include <vector>

#include "core/store/store_records.h"

class QCPAxisRect;
class QCPColorMap;
class QCustomPlot;
class QLabel;

namespace dnshound::ui::dashboards {

// The confusion matrices of a datatest run, read from an analysis file on a worker thread.
struct DatasetData {
    std::vector<core::store::ConfusionCell> cells;
    QString nameThreshold;  // the per-name verdict threshold, as stored
    QString error;
};

// The Dataset tab (heiDGAF's Dataset dashboard): one heat map per level (query names, clients)
// with truth in rows and the pipeline's verdict in columns; each cell shows its count and its
// share of the truth row, and is coloured by that share.
class DatasetDashboard final : public QWidget {
    Q_OBJECT

public:
    enum Level { Queries, Clients, LevelCount };

    explicit DatasetDashboard(QWidget* parent = nullptr);
    ~DatasetDashboard() override;

    // Reads the analysis file in the background; emits loaded() when done.
    void load(const QString& dbPath);
    void clear();
    bool hasData() const { return m_hasData; }

    // Count in one cell; -1 when the level has no data.
    std::int64_t count(Level level, bool truthMalicious, bool predictedMalicious) const;
    // The text written in a cell ("4\n100.0 %").
    QString cellText(Level level, bool truthMalicious, bool predictedMalicious) const;
    QCustomPlot* plot() const { return m_plot; }

Q_SIGNALS:
    void loaded(bool hasData);

private:
    void applyData(const DatasetData& dataset);
    QCPAxisRect* addMatrix(int column, const QString& title);

    QLabel* m_summary;
    QCustomPlot* m_plot;
    QCPColorMap* m_maps[LevelCount] = {};
    std::int64_t m_counts[LevelCount][2][2] = {};  // [level][truth malicious][predicted mal.]
    bool m_levelHasData[LevelCount] = {};
    bool m_hasData = false;
    QFutureWatcher<DatasetData> m_watcher;
};

}  // namespace dnshound::ui::dashboards
