#pragma once

#include <QFutureWatcher>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/store/drilldown_records.h"
#include "core/store/store_records.h"

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace dnshound::ui::alerts {
class AlertTableModel;
}

namespace dnshound::ui::client {

class ClientDomainModel;
class ClientQueryModel;
class ClientTimelinePlot;
class TunnelBytesPlot;
class RelatedClientModel;

// The client's activity: aggregates over all its queries, read on a worker thread (seconds for
// a client with millions of queries, so it arrives after the details).
struct ClientActivity {
    std::vector<core::store::TimelineBucket> timeline;
    std::int64_t bucketUs = 0;
    std::vector<core::store::ClientDomainRow> domains;
    std::vector<core::store::RelatedClient> related;
    double threshold = 0.5;
    QString error;
};

// What the drill-down shows above the query list, read on a worker thread.
struct ClientDetails {
    std::optional<core::store::ClientSummary> summary;
    std::vector<core::store::AlertRecord> alerts;  // this client's alerts only
    std::int64_t queryCount = 0;
    double threshold = 0.5;
    QStringList sourceNames;  // file name of each source, by source id
    std::vector<core::store::TunnelSeriesPoint> tunnelSeries;  // watched (client, domain) minutes
    QString error;
};

// Drill-down for one client: its totals, a timeline of its queries, the names it asked for, the
// clients that share its suspicious names, its alerts and every query it sent, with scores.
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
    // The line above the query table: how many queries are loaded, or that they are being read.
    QLabel* queryCaption() const { return m_queryCaption; }
    // The shared event-time range: only queries in [fromUs, toUs) are listed; (0, 0) all.
    void setTimeWindow(std::int64_t fromUs, std::int64_t toUs);
    // Queries the store holds for this client; -1 until the details are read.
    std::int64_t queryCount() const { return m_queryCount; }
    ClientTimelinePlot* timeline() const { return m_timeline; }
    TunnelBytesPlot* tunnelBytes() const { return m_tunnelBytes; }
    ClientDomainModel* domainModel() const { return m_domainModel; }
    RelatedClientModel* relatedModel() const { return m_relatedModel; }
    QTableView* domainTable() const { return m_domainTable; }
    bool isActivityLoaded() const { return m_activityLoaded; }

    static constexpr std::size_t kDomainRows = 5000;
    static constexpr std::size_t kRelatedRows = 500;
    static constexpr int kTimelineBuckets = 120;

Q_SIGNALS:
    void detailsLoaded();
    void activityLoaded(const QString& error);
    void domainRequested(const QString& domain);
    void clientRequested(const QString& ip);

private:
    void applyDetails(const ClientDetails& details);
    void applyActivity(const ClientActivity& activity);
    void updateQueryCaption();
    QWidget* boxed(const QString& caption, QWidget* content, QLabel** captionLabel = nullptr);

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
    ClientTimelinePlot* m_timeline;
    TunnelBytesPlot* m_tunnelBytes;
    ClientDomainModel* m_domainModel;
    QSortFilterProxyModel* m_domainProxy;
    QTableView* m_domainTable;
    RelatedClientModel* m_relatedModel;
    QSortFilterProxyModel* m_relatedProxy;
    QTableView* m_relatedTable;
    QLabel* m_activityCaption = nullptr;
    bool m_activityLoaded = false;
    QFutureWatcher<ClientDetails> m_watcher;
    QFutureWatcher<ClientActivity> m_activityWatcher;
};

}  // namespace dnshound::ui::client
