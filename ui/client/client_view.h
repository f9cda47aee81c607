#pragma once

#include <QFutureWatcher>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/store/store_records.h"

class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace dnshound::ui::alerts {
class AlertTableModel;
}

namespace dnshound::ui::client {

class ClientQueryModel;

// What the drill-down shows above the query list, read on a worker thread.
struct ClientDetails {
    std::optional<core::store::ClientSummary> summary;
    std::vector<core::store::AlertRecord> alerts;  // this client's alerts only
    std::int64_t queryCount = 0;
    double threshold = 0.5;
    QStringList sourceNames;  // file name of each source, by source id
    QString error;
};

// Drill-down for one client: its totals, its alerts and every query it sent, with scores.
class ClientView final : public QWidget {
    Q_OBJECT

public:
    ClientView(const QString& dbPath, const QString& ip, QWidget* parent = nullptr);
    ~ClientView() override;

    QString ip() const { return m_ip; }
    ClientQueryModel* queryModel() const { return m_queryModel; }
    alerts::AlertTableModel* alertModel() const { return m_alertModel; }
    QTableView* queryTable() const { return m_queryTable; }
    QLineEdit* filterEdit() const { return m_filter; }
    QLabel* filterError() const { return m_filterError; }
    // The shared event-time range: only queries in [fromUs, toUs) are listed; (0, 0) all.
    void setTimeWindow(std::int64_t fromUs, std::int64_t toUs);
    // Queries the store holds for this client; -1 until the details are read.
    std::int64_t queryCount() const { return m_queryCount; }

Q_SIGNALS:
    void detailsLoaded();

private:
    void applyDetails(const ClientDetails& details);
    void updateQueryCaption();

    QString m_ip;
    std::int64_t m_queryCount = -1;
    bool m_windowed = false;
    QLabel* m_title;
    QLabel* m_summary;
    QLabel* m_queryCaption;
    alerts::AlertTableModel* m_alertModel;
    ClientQueryModel* m_queryModel;
    QTableView* m_alertTable;
    QTableView* m_queryTable;
    QLineEdit* m_filter;
    QLabel* m_filterError;
    QTimer* m_filterDelay;
    QFutureWatcher<ClientDetails> m_watcher;
};

}  // namespace dnshound::ui::client
