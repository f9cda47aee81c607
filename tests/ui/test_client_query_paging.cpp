// The client drill-down's raw query table over a big analysis: keyset paging while scrolling and
// sorting on any column stay correct, and their timings are printed (not asserted). The row
// count defaults to a CI-sized 300,000; DNSHOUND_PAGING_ROWS=10000000 reproduces the 10 M-row
// measurement of the closing note.
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

#include "core/config/config.h"
#include "core/event/name_table.h"
#include "core/store/drilldown_reader.h"
#include "core/store/store_writer.h"
#include "ui/client/client_query_model.h"
#include "ui/client/client_view.h"
#include "ui/ui_test_support.h"

using namespace dnshound;
using ui::client::ClientQueryModel;

namespace {

constexpr int kPageTimeoutMs = 60'000;
const QString kBusyClient = QStringLiteral("10.1.0.1");

qint64 rowsWanted() {
    bool ok = false;
    const qint64 env = qEnvironmentVariableIntValue("DNSHOUND_PAGING_ROWS", &ok);
    return ok && env > 0 ? env : 300'000;
}

// One very busy client (a NAT gateway) with most rows, a few quiet ones; 5,000 distinct names,
// a fifth of them scored.
void writeAnalysis(const std::string& path, qint64 rows) {
    core::event::NameTable names;
    std::vector<core::event::NameId> ids;
    for (int i = 0; i < 5000; ++i) {
        ids.push_back(names.intern("host" + std::to_string((i * 7919) % 5000) + ".example" +
                                   std::to_string(i % 13) + ".com"));
    }
    core::config::StoreConfig cfg;
    core::store::StoreWriter writer(path, cfg, names);
    const auto busy = *core::event::IpAddress::parse(kBusyClient.toStdString());
    writer.addClient(0, busy, "10.1.0.0/24");
    for (std::uint32_t c = 1; c < 4; ++c) {
        writer.addClient(c, *core::event::IpAddress::parse("10.1.0." + std::to_string(c + 1)),
                         "10.1.0.0/24");
    }
    for (std::size_t i = 0; i < ids.size(); i += 5) {
        writer.setScore(ids[i], static_cast<float>((i * 37) % 1000) / 1000.0f);
    }
    std::vector<core::event::DnsEvent> batch(10'000);
    std::vector<std::uint32_t> clients(batch.size());
    const std::int64_t start = 1'800'000'000'000'000LL;
    for (qint64 done = 0; done < rows;) {
        const auto n = static_cast<std::size_t>(std::min<qint64>(batch.size(), rows - done));
        for (std::size_t i = 0; i < n; ++i) {
            const auto row = static_cast<std::uint64_t>(done) + i;
            auto& e = batch[i];
            e.timeUs = start + static_cast<std::int64_t>(row) * 1000;
            const bool quiet = row % 100 == 0;
            e.name =
                quiet ? ids[(row / 100) % ids.size()] : ids[(row * 2654435761ULL) % ids.size()];
            e.qtype = row % 7 == 0 ? 28 : 1;
            e.rcode = row % 5 == 0 ? 3 : 0;
            e.responseBytes = static_cast<std::uint32_t>(60 + row % 400);
            e.sourceLine = row + 1;
            clients[i] = quiet ? static_cast<std::uint32_t>(1 + row / 100 % 3) : 0;
        }
        writer.addEvents({batch.data(), n}, {clients.data(), n});
        writer.commitIfDue();
        done += static_cast<qint64>(n);
    }
    core::store::ClientTotals busyTotals{0, kBusyClient.toStdString(), "10.1.0.0/24", rows};
    busyTotals.firstSeenUs = start;
    busyTotals.lastSeenUs = start + rows * 1000;
    writer.finish({}, std::vector<core::store::ClientTotals>{busyTotals}, {});
}

bool waitIdle(ClientQueryModel& model) {
    return QTest::qWaitFor([&model] { return !model.isLoading(); }, kPageTimeoutMs);
}

}  // namespace

class TestClientQueryPaging final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void scrollingPagesInTimeOrder();
    void captionSaysSortingDuringTheFirstSort();  // before any sort index exists
    void sortsOnEveryColumn();

private:
    QTemporaryDir m_dir;
    QString m_path;
    qint64 m_rows = 0;
    qint64 m_busyRows = 0;
};

void TestClientQueryPaging::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_rows = rowsWanted();
    m_path = m_dir.filePath(QStringLiteral("big.sqlite"));
    QElapsedTimer timer;
    timer.start();
    writeAnalysis(m_path.toStdString(), m_rows);
    m_busyRows = m_rows - (m_rows + 99) / 100;
    qInfo("wrote %lld query rows in %.1f s", m_rows, timer.elapsed() / 1000.0);
    timer.restart();
    const core::store::DrilldownReader reader(m_path.toStdString());
    const auto bucket = core::store::DrilldownReader::timelineBucketUs(m_rows * 1000, 120);
    const auto timeline = reader.clientTimeline(kBusyClient.toStdString(), bucket, 0.5);
    const qint64 timelineMs = timer.restart();
    const auto domains = reader.clientDomains(kBusyClient.toStdString(), 5000);
    const qint64 domainsMs = timer.restart();
    const auto related = reader.relatedClients(kBusyClient.toStdString(), 0.5, 500);
    const qint64 relatedMs = timer.restart();
    qInfo(
        "busy client aggregates: timeline %lld ms (%zu buckets), names %lld ms (%zu), related "
        "clients %lld ms (%zu)",
        timelineMs, timeline.size(), domainsMs, domains.size(), relatedMs, related.size());
    std::int64_t total = 0;
    for (const auto& b : timeline) {
        std::int64_t byRcode = 0;
        for (const auto n : b.byRcode) byRcode += n;
        std::int64_t byVerdict = 0;
        for (const auto n : b.byVerdict) byVerdict += n;
        QCOMPARE(byRcode, byVerdict);
        total += byVerdict;
    }
    QCOMPARE(total, m_busyRows);
    QCOMPARE(related.size(), std::size_t(3));  // the quiet clients ask for the same names
}

void TestClientQueryPaging::scrollingPagesInTimeOrder() {
    ClientQueryModel model(m_path, kBusyClient, 0.5);
    QTableView view;
    view.resize(900, 600);
    view.setModel(&model);
    view.show();
    QVERIFY(waitIdle(model));
    QCOMPARE(model.rowCount(), static_cast<int>(ClientQueryModel::kPageRows));
    // Scroll to the bottom repeatedly: every scroll asks for one more page.
    constexpr int kScrolls = 100;
    QElapsedTimer timer;
    qint64 worstMs = 0;
    timer.start();
    for (int i = 0; i < kScrolls && !model.atEnd(); ++i) {
        QElapsedTimer one;
        one.start();
        const int before = model.rowCount();
        view.scrollToBottom();
        QCoreApplication::processEvents();
        QVERIFY(QTest::qWaitFor([&] { return model.rowCount() > before || model.atEnd(); },
                                kPageTimeoutMs));
        worstMs = std::max(worstMs, one.elapsed());
    }
    qInfo("scrolling: %d rows loaded in %lld ms (%d pages, worst page %lld ms)", model.rowCount(),
          timer.elapsed(), model.rowCount() / 1000, worstMs);
    std::int64_t previous = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        const auto time =
            model.data(model.index(row, ClientQueryModel::Time), ClientQueryModel::RawValueRole)
                .toLongLong();
        QVERIFY(time > previous);
        previous = time;
    }
}

// The busy client's first sort by size builds that column's index (about half a second at
// 300,000 rows): meanwhile the table is empty and its caption says why, then it says how many
// queries are loaded.
void TestClientQueryPaging::captionSaysSortingDuringTheFirstSort() {
    ui::client::ClientView view(m_path, kBusyClient);
    view.resize(1200, 800);
    view.show();
    QSignalSpy details(&view, &ui::client::ClientView::detailsLoaded);
    QVERIFY(details.wait(kPageTimeoutMs));
    QVERIFY(QTest::qWaitFor([&] { return view.isActivityLoaded(); }, kPageTimeoutMs));
    auto& model = *view.queryModel();
    QVERIFY(waitIdle(model));
    QVERIFY(view.queryCaption()->text().startsWith(QStringLiteral("Queries: ")));

    view.queryTable()->sortByColumn(ClientQueryModel::Size, Qt::DescendingOrder);
    const auto sortingShown = [&] {
        return view.queryCaption()->text().startsWith(QStringLiteral("Sorting queries"));
    };
    QVERIFY(QTest::qWaitFor([&] { return sortingShown() || !model.isLoading(); }, kPageTimeoutMs));
    QVERIFY2(sortingShown(), qPrintable(view.queryCaption()->text()));
    QCOMPARE(model.rowCount(), 0);
    view.grab().save(test::artifact(QStringLiteral("client_view_sorting.png")));

    QVERIFY(waitIdle(model));
    QCOMPARE(model.rowCount(), static_cast<int>(ClientQueryModel::kPageRows));
    QVERIFY2(view.queryCaption()->text().startsWith(QStringLiteral("Queries: ")),
             qPrintable(view.queryCaption()->text()));
    const auto first =
        model.data(model.index(0, ClientQueryModel::Size), ClientQueryModel::RawValueRole);
    const auto last = model.data(model.index(model.rowCount() - 1, ClientQueryModel::Size),
                                 ClientQueryModel::RawValueRole);
    QVERIFY(first.toLongLong() >= last.toLongLong());
}

void TestClientQueryPaging::sortsOnEveryColumn() {
    ClientQueryModel model(m_path, kBusyClient, 0.5);
    QVERIFY(waitIdle(model));
    QSignalSpy built(&model, &ClientQueryModel::orderBuilt);
    const int columns[] = {ClientQueryModel::DgaScore, ClientQueryModel::Domain,
                           ClientQueryModel::Size, ClientQueryModel::Time};
    for (const int column : columns) {
        for (const Qt::SortOrder order : {Qt::DescendingOrder, Qt::AscendingOrder}) {
            QElapsedTimer timer;
            timer.start();
            model.sort(column, order);
            QVERIFY(waitIdle(model));
            const qint64 firstPageMs = timer.elapsed();
            // Two more pages, as a user scrolling on.
            for (int page = 0; page < 2; ++page) {
                model.fetchMore({});
                QVERIFY(waitIdle(model));
            }
            const qint64 threePagesMs = timer.elapsed();
            QCOMPARE(model.rowCount(), static_cast<int>(3 * ClientQueryModel::kPageRows));
            const bool descending = order == Qt::DescendingOrder;
            for (int row = 1; row < model.rowCount(); ++row) {
                const QVariant a =
                    model.data(model.index(row - 1, column), ClientQueryModel::RawValueRole);
                const QVariant b =
                    model.data(model.index(row, column), ClientQueryModel::RawValueRole);
                const auto cmp = QVariant::compare(a, b);
                QVERIFY2(descending ? cmp >= 0 : cmp <= 0,
                         qPrintable(QStringLiteral("column %1 row %2: %3 then %4")
                                        .arg(column)
                                        .arg(row)
                                        .arg(a.toString(), b.toString())));
            }
            qInfo("sort column %d %s: first page after %lld ms, three pages after %lld ms", column,
                  descending ? "desc" : "asc", firstPageMs, threePagesMs);
        }
    }
    QCOMPARE(built.count(), 4);  // the name and score sorts rank the names first
}

QTEST_MAIN(TestClientQueryPaging)
#include "test_client_query_paging.moc"
