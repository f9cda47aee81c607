#include "ui/dashboards/overview_dashboard.h"

#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <exception>

#include "core/store/alert_stats_query.h"
#include "ui/dashboards/latest_read.h"
#include "ui/display/display_text.h"
#include "ui/plot/custom_plot.h"
#include "ui/plot/plot_interaction.h"
#include "ui/plot/plot_style.h"

namespace dnshound::ui::dashboards {

namespace {

constexpr int kReplotDelayMs = 40;  // at most one replot per frame-ish, however many updates
constexpr int kPixelsPerBucket = 6;
constexpr int kMinBuckets = 60;

OverviewData readOverview(const QString& dbPath, core::store::TimeWindow window, int buckets) {
    OverviewData overview;
    overview.window = window;
    try {
        const std::string path = dbPath.toStdString();
        core::store::OverviewQuery query(path);
        overview.span = query.span();
        overview.volumes = query.volumes(window, buckets);
        overview.topClients = query.topClients(window, OverviewDashboard::kTopItems);
        overview.topDomains = query.topDomains(window, OverviewDashboard::kTopItems);
        overview.health = query.health();
        core::store::AlertStatsQuery alerts(path);
        const auto [count, clients] = alerts.counts(window);
        overview.alerts = count;
        overview.alertedClients = clients;
    } catch (const std::exception& error) {
        overview.error = QString::fromStdString(error.what());
    }
    return overview;
}

QLabel* addTotal(QHBoxLayout* row, const QString& caption, QWidget* parent) {
    auto* box = new QFrame(parent);
    box->setFrameShape(QFrame::StyledPanel);
    auto* layout = new QVBoxLayout(box);
    auto* value = new QLabel(QStringLiteral("–"), box);
    QFont big = value->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    value->setFont(big);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* text = new QLabel(caption, box);
    text->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(value);
    layout->addWidget(text);
    row->addWidget(box, 1);
    return value;
}

QString countText(std::int64_t value) {
    return display::count(static_cast<std::uint64_t>(std::max<std::int64_t>(value, 0)));
}

QCPAxisRect* addTitledRect(QCustomPlot* plot, int row, const QString& title) {
    auto* text = new QCPTextElement(plot, title, QFont(plot->font().family(), -1, QFont::Bold));
    plot->plotLayout()->addElement(row * 2, 0, text);
    auto* rect = new QCPAxisRect(plot);
    plot->plotLayout()->addElement(row * 2 + 1, 0, rect);
    rect->setRangeDrag(Qt::Horizontal);
    rect->setRangeZoom(Qt::Horizontal);
    return rect;
}

}  // namespace

OverviewDashboard::OverviewDashboard(QWidget* parent)
    : QWidget(parent),
      m_stack(new QStackedWidget(this)),
      m_emptyHint(new QLabel(this)),
      m_plot(new QCustomPlot(this)),
      m_topPlot(new QCustomPlot(this)),
      m_healthTable(new QTableView(this)),
      m_health(new QStandardItemModel(this)),
      m_interaction(new plot::PlotInteraction(m_plot, true)),
      m_replotTimer(new QTimer(this)),
      m_read(std::make_unique<LatestRead<OverviewData>>(this, [this](const OverviewData& data) {
          if (!data.error.isEmpty()) {
              Q_EMIT loadFailed(data.error);
              return;
          }
          applyData(data);
          Q_EMIT loaded();
      })) {
    auto* totals = new QHBoxLayout;
    m_lines = addTotal(totals, tr("Lines read"), this);
    m_rejected = addTotal(totals, tr("Rejected lines"), this);
    m_queriesTotal = addTotal(totals, tr("Queries in range"), this);
    m_nxShare = addTotal(totals, tr("NXDOMAIN share"), this);
    m_alerts = addTotal(totals, tr("Alerts raised in range"), this);
    m_clients = addTotal(totals, tr("Clients with alerts"), this);

    m_emptyHint->setAlignment(Qt::AlignCenter);
    m_emptyHint->setWordWrap(true);
    m_emptyHint->setForegroundRole(QPalette::PlaceholderText);
    m_emptyHint->setText(
        tr("Open a DNS log with File ▸ Open (Ctrl+O) or drop files here.\n"
           "Query volume, NXDOMAIN share and alerts over time appear here."));

    // Time plots: three rows over one shared time axis.
    m_plot->plotLayout()->clear();
    m_plot->setInteractions(QCP::iRangeZoom);
    auto* margins = new QCPMarginGroup(m_plot);
    const QString labels[SeriesCount] = {tr("Queries / bucket"), tr("NXDOMAIN %"),
                                         tr("Alerts raised")};
    for (int row = 0; row < SeriesCount; ++row) {
        QCPAxisRect* rect = addPlotRow(row, labels[row]);
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
        m_rects.push_back(rect);
    }
    for (QCPAxisRect* rect : m_rects) {
        connect(rect->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::rangeChanged),
                this, [this, rect](const QCPRange& range) {
                    for (QCPAxisRect* other : m_rects) {
                        if (other != rect) other->axis(QCPAxis::atBottom)->setRange(range);
                    }
                    scheduleReplot();
                });
    }
    m_queries = m_plot->addGraph(m_rects[Queries]->axis(QCPAxis::atBottom),
                                 m_rects[Queries]->axis(QCPAxis::atLeft));
    m_queries->setName(tr("Queries"));
    m_queries->setLineStyle(QCPGraph::lsStepLeft);
    m_queries->setPen(QPen(plot::seriesColour(0), 1.5));
    m_queries->setBrush(plot::withAlpha(plot::seriesColour(0), 50));
    m_nxRate = m_plot->addGraph(m_rects[NxdomainRate]->axis(QCPAxis::atBottom),
                                m_rects[NxdomainRate]->axis(QCPAxis::atLeft));
    m_nxRate->setName(tr("NXDOMAIN %"));
    m_nxRate->setLineStyle(QCPGraph::lsStepLeft);
    m_nxRate->setPen(QPen(plot::seriesColour(1), 1.5));
    m_alertBars = new QCPBars(m_rects[Alerts]->axis(QCPAxis::atBottom),
                              m_rects[Alerts]->axis(QCPAxis::atLeft));
    m_alertBars->setName(tr("Alerts raised"));
    m_alertBars->setPen(Qt::NoPen);
    m_alertBars->setBrush(plot::seriesColour(2));
    plot::setCountTicks(m_rects[Alerts]->axis(QCPAxis::atLeft));

    // Top clients and names: horizontal bars.
    m_topPlot->plotLayout()->clear();
    QCPAxisRect* clientsRect = addTitledRect(m_topPlot, 0, tr("Busiest clients (queries)"));
    QCPAxisRect* domainsRect = addTitledRect(m_topPlot, 1, tr("Most asked names (queries)"));
    m_clientBars =
        new QCPBars(clientsRect->axis(QCPAxis::atLeft), clientsRect->axis(QCPAxis::atBottom));
    m_clientBars->setName(tr("Queries"));
    m_domainBars =
        new QCPBars(domainsRect->axis(QCPAxis::atLeft), domainsRect->axis(QCPAxis::atBottom));
    m_domainBars->setName(tr("Queries"));
    for (QCPBars* bars : {m_clientBars, m_domainBars}) {
        bars->setWidth(0.7);
        bars->setPen(Qt::NoPen);
    }
    m_clientBars->setBrush(plot::seriesColour(0));
    m_domainBars->setBrush(plot::seriesColour(5));
    new plot::PlotInteraction(m_topPlot, false);

    // Pipeline health: what each stage took in and passed on over the run.
    m_health->setHorizontalHeaderLabels({tr("Stage"), tr("Events in"), tr("Events out"),
                                         tr("Passed on"), tr("Busy"), tr("Fullest input queue")});
    m_healthTable->setModel(m_health);
    m_healthTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_healthTable->verticalHeader()->setVisible(false);
    m_healthTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_healthTable->setAlternatingRowColors(true);
    // Room for every stage without scrolling.
    m_healthTable->verticalHeader()->setDefaultSectionSize(m_healthTable->fontMetrics().height() +
                                                           6);
    m_healthTable->setMinimumHeight(m_healthTable->horizontalHeader()->sizeHint().height() +
                                    8 * m_healthTable->verticalHeader()->defaultSectionSize() + 4);

    auto* healthBox = new QWidget(this);
    auto* healthLayout = new QVBoxLayout(healthBox);
    healthLayout->setContentsMargins(0, 0, 0, 0);
    healthLayout->addWidget(new QLabel(tr("Pipeline health over the run"), healthBox));
    healthLayout->addWidget(m_healthTable);

    auto* plots = new QSplitter(Qt::Horizontal, this);
    plots->addWidget(m_plot);
    plots->addWidget(m_topPlot);
    plots->setStretchFactor(0, 3);
    plots->setStretchFactor(1, 2);
    plots->setSizes({800, 500});
    auto* content = new QSplitter(Qt::Vertical, this);
    content->addWidget(plots);
    content->addWidget(healthBox);
    content->setStretchFactor(0, 4);
    content->setStretchFactor(1, 1);
    m_stack->addWidget(m_emptyHint);
    m_stack->addWidget(content);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(totals);
    layout->addWidget(m_stack, 1);

    m_replotTimer->setSingleShot(true);
    m_replotTimer->setInterval(kReplotDelayMs);
    connect(m_replotTimer, &QTimer::timeout, this, [this] {
        m_plot->replot(QCustomPlot::rpQueuedRefresh);
        m_topPlot->replot(QCustomPlot::rpQueuedRefresh);
    });
    connect(m_interaction, &plot::PlotInteraction::rangeSelected, this,
            &OverviewDashboard::rangeSelected);
    applyPalette();
}

// A read still running holds only the file path and window, so nothing waits for it here.
OverviewDashboard::~OverviewDashboard() = default;

QCPAxisRect* OverviewDashboard::addPlotRow(int row, const QString& label) {
    auto* rect = new QCPAxisRect(m_plot);
    m_plot->plotLayout()->addElement(row, 0, rect);
    rect->setRangeZoom(Qt::Horizontal);
    QCPAxis* x = rect->axis(QCPAxis::atBottom);
    QCPAxis* y = rect->axis(QCPAxis::atLeft);
    plot::setEventTimeAxis(x, 0, 0);
    y->setLabel(label);
    y->setPadding(8);
    y->ticker()->setTickCount(4);
    if (row < SeriesCount - 1) x->setTickLabels(false);  // times once, under the last plot
    return rect;
}

void OverviewDashboard::load(const QString& dbPath) {
    m_path = dbPath;
    reload();
}

void OverviewDashboard::setTimeWindow(std::int64_t fromUs, std::int64_t toUs) {
    m_window = {fromUs, toUs};
    if (!m_path.isEmpty()) reload();
}

void OverviewDashboard::reload() {
    const int buckets = std::max(kMinBuckets, m_plot->width() / kPixelsPerBucket);
    const QString path = m_path;
    const core::store::TimeWindow window = m_window;
    m_read->request([path, window, buckets] { return readOverview(path, window, buckets); });
}

void OverviewDashboard::applyData(const OverviewData& overview) {
    m_data = overview;
    m_lines->setText(countText(overview.health.linesTotal));
    m_rejected->setText(countText(overview.health.linesRejected));
    m_queriesTotal->setText(countText(overview.volumes.queries));
    m_nxShare->setText(
        overview.volumes.queries > 0
            ? QStringLiteral("%1 %").arg(100.0 * static_cast<double>(overview.volumes.nxdomain) /
                                             static_cast<double>(overview.volumes.queries),
                                         0, 'f', 1)
            : QStringLiteral("–"));
    m_alerts->setText(countText(overview.alerts));
    m_clients->setText(countText(overview.alertedClients));

    const double bucketSecs = static_cast<double>(overview.volumes.bucketUs) / 1e6;
    QVector<double> keys;
    QVector<double> queries;
    QVector<double> rate;
    QVector<double> alerts;
    double maxRate = 0;
    for (const core::store::VolumeBucket& bucket : overview.volumes.buckets) {
        keys.push_back(static_cast<double>(bucket.minuteUs) / 1e6);
        queries.push_back(static_cast<double>(bucket.queries));
        const double share = bucket.queries > 0 ? 100.0 * static_cast<double>(bucket.nxdomain) /
                                                      static_cast<double>(bucket.queries)
                                                : 0.0;
        maxRate = std::max(maxRate, share);
        rate.push_back(share);
        alerts.push_back(static_cast<double>(bucket.alerts));
    }
    m_queries->setData(keys, queries, true);
    m_nxRate->setData(keys, rate, true);
    m_alertBars->setData(keys, alerts, true);
    m_alertBars->setWidth(bucketSecs * 0.8);
    m_rects[Queries]
        ->axis(QCPAxis::atLeft)
        ->setLabel(tr("Queries / %1").arg(plot::bucketText(bucketSecs)));

    if (overview.span.lastUs > overview.span.firstUs) {
        const double first =
            static_cast<double>(overview.window.bounded() ? overview.window.fromUs
                                                          : overview.span.firstUs) /
            1e6;
        const double last = static_cast<double>(overview.window.bounded() ? overview.window.toUs
                                                                          : overview.span.lastUs) /
                            1e6;
        for (QCPAxisRect* rect : m_rects) {
            plot::setEventTimeAxis(rect->axis(QCPAxis::atBottom), first, last);
            rect->axis(QCPAxis::atBottom)->setRange(first, std::max(last, first + bucketSecs));
        }
        for (int row = 0; row < SeriesCount - 1; ++row) {
            m_rects[static_cast<std::size_t>(row)]->axis(QCPAxis::atBottom)->setLabel({});
        }
        double top = 1;
        for (const double q : queries) top = std::max(top, q);
        m_rects[Queries]->axis(QCPAxis::atLeft)->setRange(0, top * 1.1);
        m_rects[NxdomainRate]->axis(QCPAxis::atLeft)->setRange(0, std::max(5.0, maxRate * 1.1));
        double topAlerts = 1;
        for (const double a : alerts) topAlerts = std::max(topAlerts, a);
        m_rects[Alerts]->axis(QCPAxis::atLeft)->setRange(0, topAlerts * 1.15);
        m_stack->setCurrentIndex(1);
    }
    plot::setRankedBars(m_clientBars, overview.topClients);
    plot::setRankedBars(m_domainBars, overview.topDomains);
    applyHealth(overview.health);
    scheduleReplot();
}

void OverviewDashboard::applyHealth(const core::store::PipelineHealth& health) {
    m_health->removeRows(0, m_health->rowCount());
    for (const auto& stage : health.stages) {
        QList<QStandardItem*> row;
        const auto number = [](std::int64_t value) {
            auto* item = new QStandardItem(countText(value));
            item->setData(static_cast<qint64>(value), Qt::UserRole);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            return item;
        };
        row.push_back(new QStandardItem(QString::fromStdString(stage.stage)));
        row.push_back(number(stage.eventsIn));
        row.push_back(number(stage.eventsOut));
        auto* passed = new QStandardItem(
            stage.eventsIn > 0
                ? QStringLiteral("%1 %").arg(100.0 * static_cast<double>(stage.eventsOut) /
                                                 static_cast<double>(stage.eventsIn),
                                             0, 'f', 1)
                : QStringLiteral("–"));
        passed->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        row.push_back(passed);
        const double busySecs = static_cast<double>(stage.busyUs) / 1e6;
        auto* busy = new QStandardItem(busySecs < 10 ? tr("%1 ms").arg(busySecs * 1000, 0, 'f', 1)
                                                     : display::duration(busySecs));
        busy->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        row.push_back(busy);
        auto* fill =
            new QStandardItem(QStringLiteral("%1 %").arg(stage.maxQueueFill * 100.0, 0, 'f', 0));
        fill->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        row.push_back(fill);
        m_health->appendRow(row);
    }
}

void OverviewDashboard::showProgress(const core::pipeline::AnalysisProgress& progress) {
    m_lines->setText(display::count(progress.lines));
    m_queriesTotal->setText(display::count(progress.events));
    m_alerts->setText(display::count(progress.alerts));
}

void OverviewDashboard::clear() {
    for (QLabel* label : {m_lines, m_rejected, m_queriesTotal, m_nxShare, m_alerts, m_clients}) {
        label->setText(QStringLiteral("–"));
    }
    m_path.clear();
    m_window = {};
    m_data = {};
    m_queries->data()->clear();
    m_nxRate->data()->clear();
    m_alertBars->data()->clear();
    m_clientBars->data()->clear();
    m_domainBars->data()->clear();
    m_health->removeRows(0, m_health->rowCount());
    m_stack->setCurrentIndex(0);
    scheduleReplot();
}

int OverviewDashboard::pointCount(Series series) const {
    switch (series) {
        case Queries:
            return m_queries->dataCount();
        case NxdomainRate:
            return m_nxRate->dataCount();
        case Alerts:
            return m_alertBars->dataCount();
        default:
            return 0;
    }
}

double OverviewDashboard::seriesSum(Series series) const {
    double sum = 0;
    if (series == Queries) {
        for (const auto& point : *m_queries->data()) sum += point.value;
    } else if (series == NxdomainRate) {
        for (const auto& point : *m_nxRate->data()) sum += point.value;
    } else if (series == Alerts) {
        for (const auto& point : *m_alertBars->data()) sum += point.value;
    }
    return sum;
}

void OverviewDashboard::scheduleReplot() {
    if (!m_replotTimer->isActive()) m_replotTimer->start();
}

void OverviewDashboard::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) applyPalette();
    QWidget::changeEvent(event);
}

void OverviewDashboard::applyPalette() {
    plot::applyPalette(m_plot, palette());
    plot::applyPalette(m_topPlot, palette());
    scheduleReplot();
}

}  // namespace dnshound::ui::dashboards
