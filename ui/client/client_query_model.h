#pragma once

#include <QAbstractTableModel>
#include <QFutureWatcher>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/search/sql_filter.h"
#include "core/store/sorted_query_pager.h"
#include "core/store/store_records.h"

namespace dnshound::ui::client {

// One page of a client's queries, read on a worker thread.
struct QueryPage {
    std::vector<core::store::QueryRow> rows;
    core::store::QueryCursor cursor;  // where the next page starts
    QString error;
    int generation = 0;  // the ordering it was read for; pages of an older one are dropped
};

// The client's distinct name ids in name or score order, built on a worker thread for a sort
// by name or DGA score (the pages then walk them one name at a time).
struct QueryOrderIds {
    std::shared_ptr<const std::vector<std::int64_t>> rowIds;
    QString error;
    int generation = 0;
    qint64 elapsedMs = 0;
};

// Every query of one client in time order, paged from the analysis file with keyset pagination:
// the view asks for more (canFetchMore/fetchMore) as the user scrolls, each page is read on a
// worker thread and appended with one insert signal. Every sort is keyset paged on
// (column, rowid) (core/store/SortedQueryPager): a busy client's over an index that its first
// sort of that kind builds on the worker, a small client's from its rows sorted in memory; the
// name and score sorts first rank the client's distinct names on a worker (once per sort). A
// search query or a time window filters in SQL within the chosen order.
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
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

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
    // A search query or a time window applies.
    bool isFiltered() const { return !m_filterText.isEmpty() || m_fromUs != 0 || m_toUs != 0; }
    // A page or a sort order is being read (until its result has been applied).
    bool isLoading() const { return m_pagePending || m_orderPending; }
    bool atEnd() const { return m_atEnd; }
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

Q_SIGNALS:
    void pageLoaded(int rowsAdded);
    void loadFailed(const QString& message);
    // A sort by name or DGA score has its name order (built in `elapsedMs`).
    void orderBuilt(qint64 elapsedMs);

private:
    void appendPage(const QueryPage& page);
    void applyOrder(const QueryOrderIds& order);
    void restart();

    QString m_dbPath;
    QString m_ip;
    double m_threshold;
    QStringList m_sourceNames;
    std::vector<core::store::QueryRow> m_rows;
    bool m_atEnd = false;
    bool m_pagePending = false;
    bool m_orderPending = false;
    int m_sortColumn = Time;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    int m_generation = 0;
    QString m_filterText;
    core::search::SqlFilter m_search;
    std::int64_t m_fromUs = 0;
    std::int64_t m_toUs = 0;
    // The name order of a Domain/DgaScore sort; null for the other columns.
    std::shared_ptr<const std::vector<std::int64_t>> m_order;
    core::store::QueryCursor m_cursor;
    QFutureWatcher<QueryPage> m_watcher;
    QFutureWatcher<QueryOrderIds> m_orderWatcher;
};

}  // namespace dnshound::ui::client
