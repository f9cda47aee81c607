#include "ui/dashboards/overview_dashboard.h"

#include <QDateTime>
#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QStackedWidget>
#include <QTimeZone>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <algorithm>
#include <exception>
#include <set>
#include <utility>

#include "core/store/analysis_reader.h"
#include "ui/display/display_text.h"
#include "ui/plot/custom_plot.h"

namespace dnshound::ui::dashboards {

namespace {

constexpr int kReplotDelayMs = 40;  // at most one replot per frame-ish, however many updates
constexpr double kMinuteSecs = 60.0;

// Plot series colours: the only hard-coded colours in the UI, readable on light and dark bases.
const QColor kQueriesColour(0x2f, 0x7e, 0xd8);
const QColor kNxdomainColour(0xe0, 0x8a, 0x1e);
const QColor kAlertsColour(0xd6, 0x3b, 0x3b);

OverviewData readOverview(const QString& dbPath) {
    OverviewData overview;
    try {
        const core::store::AnalysisReader reader(dbPath.toStdString());
        overview.volumes = reader.volumes();
        for (const core::store::SourceSummary& source : reader.sources()) {
            overview.linesTotal += source.linesTotal;
            overview.linesValid += source.linesValid;
            overview.linesRejected += source.linesRejected;
        }
        const std::vector<core::store::AlertRecord> alerts = reader.alerts();
        std::set<std::string> clients;
        for (const core::store::AlertRecord& alert : alerts) clients.insert(alert.client);
        overview.alerts = static_cast<std::int64_t>(alerts.size());
        overview.alertedClients = static_cast<std::int64_t>(clients.size());
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
    big.setPointSizeF(big.pointSizeF() * 1.6);
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

}  // namespace

OverviewDashboard::OverviewDashboard(QWidget* parent)
    : QWidget(parent),
      m_stack(new QStackedWidget(this)),
      m_emptyHint(new QLabel(this)),
      m_plot(new QCustomPlot(this)),
      m_replotTimer(new QTimer(this)) {
    auto* totals = new QHBoxLayout;
    m_lines = addTotal(totals, tr("Lines read"), this);
    m_valid = addTotal(totals, tr("Valid lines"), this);
    m_rejected = addTotal(totals, tr("Rejected lines"), this);
    m_alerts = addTotal(totals, tr("Alerts"), this);
    m_clients = addTotal(totals, tr("Clients with alerts"), this);

    m_emptyHint->setAlignment(Qt::AlignCenter);
    m_emptyHint->setWordWrap(true);
    m_emptyHint->setForegroundRole(QPalette::PlaceholderText);
    m_emptyHint->setText(
        tr("Open a DNS log with File ▸ Open (Ctrl+O) or drop files here.\n"
           "Query volume, NXDOMAIN share and alerts over time appear here."));
    m_stack->addWidget(m_emptyHint);
    m_stack->addWidget(m_plot);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(totals);
    layout->addWidget(m_stack, 1);

    m_plot->plotLayout()->clear();
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    auto* margins = new QCPMarginGroup(m_plot);
    const QString labels[SeriesCount] = {tr("Queries / min"), tr("NXDOMAIN %"), tr("Alerts / min")};
    for (int row = 0; row < SeriesCount; ++row) {
        QCPAxisRect* rect = addPlotRow(row, labels[row]);
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
        m_rects.push_back(rect);
    }
    // One time axis for all three: panning or zooming any plot moves the others.
    for (QCPAxisRect* rect : m_rects) {
        connect(rect->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::rangeChanged),
                this, [this, rect](const QCPRange& range) {
                    for (QCPAxisRect* other : m_rects) {
                        if (other != rect) other->axis(QCPAxis::atBottom)->setRange(range);
                    }
                    scheduleReplot();
                });
    }
    m_rects.back()->axis(QCPAxis::atBottom)->setLabel(tr("Event time (UTC)"));

    m_queries = m_plot->addGraph(m_rects[Queries]->axis(QCPAxis::atBottom),
                                 m_rects[Queries]->axis(QCPAxis::atLeft));
    m_queries->setPen(QPen(kQueriesColour, 1.5));
    m_queries->setBrush(
        QColor(kQueriesColour.red(), kQueriesColour.green(), kQueriesColour.blue(), 50));
    m_nxRate = m_plot->addGraph(m_rects[NxdomainRate]->axis(QCPAxis::atBottom),
                                m_rects[NxdomainRate]->axis(QCPAxis::atLeft));
    m_nxRate->setPen(QPen(kNxdomainColour, 1.5));
    m_alertBars = new QCPBars(m_rects[Alerts]->axis(QCPAxis::atBottom),
                              m_rects[Alerts]->axis(QCPAxis::atLeft));
    m_alertBars->setWidth(kMinuteSecs * 0.8);
    m_alertBars->setPen(Qt::NoPen);
    m_alertBars->setBrush(kAlertsColour);

    m_replotTimer->setSingleShot(true);
    m_replotTimer->setInterval(kReplotDelayMs);
    connect(m_replotTimer, &QTimer::timeout, this,
            [this] { m_plot->replot(QCustomPlot::rpQueuedRefresh); });
    connect(&m_watcher, &QFutureWatcher<OverviewData>::finished, this, [this] {
        if (!m_pendingPath.isEmpty()) {  // a newer file was asked for meanwhile
            load(std::exchange(m_pendingPath, QString()));
            return;
        }
        const OverviewData overview = m_watcher.result();
        if (!overview.error.isEmpty()) {
            Q_EMIT loadFailed(overview.error);
            return;
        }
        applyData(overview);
        Q_EMIT loaded();
    });
    applyPalette();
}

// A read still running holds only the file path, so nothing waits for it here.
OverviewDashboard::~OverviewDashboard() = default;

QCPAxisRect* OverviewDashboard::addPlotRow(int row, const QString& label) {
    auto* rect = new QCPAxisRect(m_plot);
    m_plot->plotLayout()->addElement(row, 0, rect);
    rect->setRangeDrag(Qt::Horizontal);
    rect->setRangeZoom(Qt::Horizontal);
    QCPAxis* x = rect->axis(QCPAxis::atBottom);
    QCPAxis* y = rect->axis(QCPAxis::atLeft);
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setTimeZone(QTimeZone::utc());
    ticker->setDateTimeFormat(QStringLiteral("HH:mm\nyyyy-MM-dd"));
    ticker->setTickCount(8);
    x->setTicker(ticker);
    y->setLabel(label);
    y->setPadding(8);
    y->ticker()->setTickCount(4);
    if (row < SeriesCount - 1) x->setTickLabels(false);  // dates once, under the last plot
    if (row == Alerts) {
        // Alert counts are whole numbers: no 0.25 ticks.
        auto whole = QSharedPointer<QCPAxisTickerFixed>::create();
        whole->setTickStep(1.0);
        whole->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
        whole->setTickCount(4);
        y->setTicker(whole);
    }
    return rect;
}

void OverviewDashboard::load(const QString& dbPath) {
    if (m_watcher.isRunning()) {
        m_pendingPath = dbPath;  // read it once the current read is done; never stack reads
        return;
    }
    m_pendingPath.clear();
    m_watcher.setFuture(QtConcurrent::run(readOverview, dbPath));
}

void OverviewDashboard::applyData(const OverviewData& overview) {
    m_lines->setText(countText(overview.linesTotal));
    m_valid->setText(countText(overview.linesValid));
    m_rejected->setText(countText(overview.linesRejected));
    m_alerts->setText(countText(overview.alerts));
    m_clients->setText(countText(overview.alertedClients));

    QVector<double> keys;
    QVector<double> queries;
    QVector<double> rate;
    QVector<double> alerts;
    keys.reserve(static_cast<qsizetype>(overview.volumes.size()));
    double maxRate = 0;
    for (const core::store::VolumeBucket& bucket : overview.volumes) {
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

    if (!keys.isEmpty()) {
        // One day: times on the ticks and the date once in the label; several days: both.
        const QDateTime start =
            QDateTime::fromSecsSinceEpoch(static_cast<qint64>(keys.front()), QTimeZone::utc());
        const QDateTime end =
            QDateTime::fromSecsSinceEpoch(static_cast<qint64>(keys.back()), QTimeZone::utc());
        const bool oneDay = start.date() == end.date();
        for (QCPAxisRect* rect : m_rects) {
            auto ticker =
                rect->axis(QCPAxis::atBottom)->ticker().dynamicCast<QCPAxisTickerDateTime>();
            if (ticker) {
                ticker->setDateTimeFormat(oneDay ? QStringLiteral("HH:mm")
                                                 : QStringLiteral("HH:mm\nd MMM yyyy"));
            }
        }
        m_rects.back()
            ->axis(QCPAxis::atBottom)
            ->setLabel(oneDay ? tr("Event time (UTC), %1").arg(start.date().toString(Qt::ISODate))
                              : tr("Event time (UTC)"));
        const double first = keys.front() - kMinuteSecs / 2;
        const double last = std::max(keys.back() + kMinuteSecs / 2, first + 10 * kMinuteSecs);
        for (QCPAxisRect* rect : m_rects) rect->axis(QCPAxis::atBottom)->setRange(first, last);
        m_queries->rescaleValueAxis(false, true);
        m_rects[Queries]->axis(QCPAxis::atLeft)->setRangeLower(0);
        m_rects[NxdomainRate]->axis(QCPAxis::atLeft)->setRange(0, std::max(5.0, maxRate * 1.1));
        m_alertBars->rescaleValueAxis(false, true);
        QCPAxis* alertAxis = m_rects[Alerts]->axis(QCPAxis::atLeft);
        alertAxis->setRange(0, std::max(1.0, alertAxis->range().upper * 1.15));
        m_stack->setCurrentWidget(m_plot);
    }
    scheduleReplot();
}

void OverviewDashboard::showProgress(const core::pipeline::AnalysisProgress& progress) {
    m_lines->setText(display::count(progress.lines));
    m_valid->setText(display::count(progress.events));
    m_alerts->setText(display::count(progress.alerts));
}

void OverviewDashboard::clear() {
    for (QLabel* label : {m_lines, m_valid, m_rejected, m_alerts, m_clients}) {
        label->setText(QStringLiteral("–"));
    }
    m_queries->data()->clear();
    m_nxRate->data()->clear();
    m_alertBars->data()->clear();
    m_stack->setCurrentWidget(m_emptyHint);
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

void OverviewDashboard::scheduleReplot() {
    if (!m_replotTimer->isActive()) m_replotTimer->start();
}

void OverviewDashboard::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) applyPalette();
    QWidget::changeEvent(event);
}

void OverviewDashboard::applyPalette() {
    const QPalette& colours = palette();
    m_plot->setBackground(colours.base());
    const QColor text = colours.color(QPalette::Text);
    QColor grid = colours.color(QPalette::Mid);
    grid.setAlpha(90);
    for (QCPAxisRect* rect : m_rects) {
        for (QCPAxis* axis : rect->axes()) {
            axis->setBasePen(QPen(text, 1));
            axis->setTickPen(QPen(text, 1));
            axis->setSubTickPen(QPen(text, 1));
            axis->setTickLabelColor(text);
            axis->setLabelColor(text);
            axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
        }
    }
    scheduleReplot();
}

}  // namespace dnshound::ui::dashboards
