#pragma once

#include <QAbstractTableModel>
#include <QFutureWatcher>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <vector>

#include "core/search/sql_filter.h"
#include "core/store/store_records.h"

namespace dnshound::ui::client {

// One page of a client's queries, read on a worker thread.
struct QueryPage {
    std::vector<core::store::QueryRow> rows;
    int generation = 0;  // pages of an older filter are dropped
    QString error;
};

// Every query of one client in time order, paged from the analysis file with keyset pagination:
// the view asks for more (canFetchMore/fetchMore) as the user scrolls, each page is read on a
// worker thread and appended with one insert signal.
class ClientQueryModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Time, Domain, Type, Rcode, Size, DgaScore, Source, ColumnCount };
    enum Role { RawValueRole = Qt::UserRole };
    static constexpr std::size_t kPageRows = 1000;

    // Starts reading the first page at once.
    ClientQueryModel(const QString& dbPath, const QString& ip, double threshold,
                     QObject* parent = nullptr);
    ~ClientQueryModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    // Rows scoring at or above this are emphasised.
    void setThreshold(double threshold);
    double threshold() const { return m_threshold; }
    // File names by source id, for the Source column ("dns.log:1234").
    void setSourceNames(const QStringList& names);
    // A search query over the rows (core/search: `domain:*.example.com rcode:NXDOMAIN
    // score:>0.9 qtype:TXT` and bare words); restarts the listing. Returns the parse error
    // (empty when applied); an invalid query leaves the current rows.
    QString setFilterText(const QString& text);
    QString filterText() const { return m_filterText; }
    // Only queries in [fromUs, toUs) of event time; (0, 0) shows all.
    void setTimeWindow(std::int64_t fromUs, std::int64_t toUs);
    bool isLoading() const { return m_watcher.isRunning(); }
    bool atEnd() const { return m_atEnd; }

Q_SIGNALS:
    void pageLoaded(int rowsAdded);
    void loadFailed(const QString& message);

private:
    void appendPage(const QueryPage& page);
    void restart();

    QString m_dbPath;
    QString m_ip;
    double m_threshold;
    QStringList m_sourceNames;
    std::vector<core::store::QueryRow> m_rows;
    bool m_atEnd = false;
    QString m_filterText;
    core::search::SqlFilter m_search;
    std::int64_t m_fromUs = 0;
    std::int64_t m_toUs = 0;
    int m_generation = 0;
    QFutureWatcher<QueryPage> m_watcher;
};

}  // namespace dnshound::ui::client
