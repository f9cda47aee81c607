#include "ui/client/client_view.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <exception>
#include <string>

#include "core/store/analysis_reader.h"
#include "core/store/drilldown_reader.h"
#include "ui/alerts/alert_table_model.h"
#include "ui/client/client_domain_model.h"
#include "ui/client/client_query_model.h"
#include "ui/client/client_timeline_plot.h"
#include "ui/client/tunnel_bytes_plot.h"
#include "ui/display/display_text.h"

namespace dnshound::ui::client {

namespace {

constexpr double kDefaultThreshold = 0.5;  // used when the analysis file does not record one
constexpr int kFilterDelayMs = 250;        // one query per pause in typing, not per key

ClientDetails readDetails(const QString& dbPath, const QString& ip) {
    ClientDetails details;
    try {
        const core::store::AnalysisReader reader(dbPath.toStdString());
        const std::string address = ip.toStdString();
        details.summary = reader.client(address);
        details.queryCount = reader.clientQueryCount(address);
        details.tunnelSeries = reader.tunnelSeries(address);
        for (core::store::AlertRecord& alert : reader.alerts()) {
            if (alert.client == address) details.alerts.push_back(std::move(alert));
        }
        for (const core::store::SourceSummary& source : reader.sources()) {
            details.sourceNames.push_back(
                QFileInfo(QString::fromStdString(source.path)).fileName());
        }
        details.threshold = kDefaultThreshold;
        if (const auto stored = reader.meta("dga_evidence_threshold")) {
            try {
                details.threshold = std::stod(*stored);
            } catch (const std::exception&) {
                // An unreadable value keeps the default; the scores themselves are still shown.
            }
        }
    } catch (const std::exception& error) {
        details.error = QString::fromStdString(error.what());
    }
    return details;
}

ClientActivity readActivity(const QString& dbPath, const QString& ip) {
    ClientActivity activity;
    try {
        const std::string path = dbPath.toStdString();
        const std::string address = ip.toStdString();
        const core::store::AnalysisReader reader(path);
        if (const auto stored = reader.meta("dga_evidence_threshold")) {
            try {
                activity.threshold = std::stod(*stored);
            } catch (const std::exception&) {
            }
        }
        const core::store::DrilldownReader drill(path);
        if (const auto summary = reader.client(address)) {
            activity.bucketUs = core::store::DrilldownReader::timelineBucketUs(
                summary->lastSeenUs - summary->firstSeenUs, ClientView::kTimelineBuckets);
            activity.timeline =
                drill.clientTimeline(address, activity.bucketUs, activity.threshold);
        }
        activity.domains = drill.clientDomains(address, ClientView::kDomainRows);
        activity.related =
            drill.relatedClients(address, activity.threshold, ClientView::kRelatedRows);
    } catch (const std::exception& error) {
        activity.error = QString::fromStdString(error.what());
    }
    return activity;
}

void setUpTable(QTableView* table) {
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->setVisible(false);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
}

}  // namespace

ClientView::ClientView(const QString& dbPath, const QString& ip, QWidget* parent)
    : QWidget(parent),
      m_ip(ip),
      m_title(new QLabel(this)),
      m_summary(new QLabel(this)),
      m_queryCaption(new QLabel(this)),
      m_alertModel(new alerts::AlertTableModel(this)),
      m_queryModel(new ClientQueryModel(dbPath, ip, kDefaultThreshold, this)),
      m_alertTable(new QTableView(this)),
      m_queryTable(new QTableView(this)),
      m_filter(new QLineEdit(this)),
      m_filterError(new QLabel(this)),
      m_filterDelay(new QTimer(this)),
      m_timeline(new ClientTimelinePlot(this)),
      m_tunnelBytes(new TunnelBytesPlot(this)),
      m_domainModel(new ClientDomainModel(this)),
      m_domainProxy(new QSortFilterProxyModel(this)),
      m_domainTable(new QTableView(this)),
      m_relatedModel(new RelatedClientModel(this)),
      m_relatedProxy(new QSortFilterProxyModel(this)),
      m_relatedTable(new QTableView(this)) {
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setText(tr("Client %1").arg(ip));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setText(tr("Loading…"));
    m_summary->setTextFormat(Qt::RichText);

    setUpTable(m_alertTable);
    m_alertTable->setModel(m_alertModel);
    m_alertTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_alertTable->horizontalHeader()->setSectionResizeMode(alerts::AlertTableModel::Domain,
                                                           QHeaderView::Stretch);
    // A client has one alert per kind: room for a few rows, the rest goes to the queries.
    m_alertTable->setMaximumHeight(m_alertTable->horizontalHeader()->sizeHint().height() +
                                   3 * m_alertTable->verticalHeader()->defaultSectionSize() + 4);

    setUpTable(m_queryTable);
    m_queryTable->setModel(m_queryModel);
    QHeaderView* header = m_queryTable->horizontalHeader();
    const QFontMetrics metrics = m_queryTable->fontMetrics();
    const auto width = [&metrics](const char* sample) {
        return metrics.horizontalAdvance(QLatin1String(sample)) + 3 * metrics.averageCharWidth();
    };
    header->resizeSection(ClientQueryModel::Time, width("2026-11-27 00:00:00"));
    header->resizeSection(ClientQueryModel::Type, width("HTTPS"));
    header->resizeSection(ClientQueryModel::Rcode, width("NXDOMAIN"));
    header->resizeSection(ClientQueryModel::Size, width("Bytes"));
    header->resizeSection(ClientQueryModel::DgaScore, width("DGA score"));
    header->resizeSection(ClientQueryModel::Source, width("dns-sample.log:1000000"));
    header->setSectionResizeMode(ClientQueryModel::Domain, QHeaderView::Stretch);

    m_queryTable->setSortingEnabled(true);
    header->setSortIndicator(ClientQueryModel::Time, Qt::AscendingOrder);

    m_domainProxy->setSourceModel(m_domainModel);
    m_domainProxy->setSortRole(ClientDomainModel::RawValueRole);
    setUpTable(m_domainTable);
    m_domainTable->setModel(m_domainProxy);
    m_domainTable->setSortingEnabled(true);
    m_domainTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_domainTable->horizontalHeader()->setSectionResizeMode(ClientDomainModel::Domain,
                                                            QHeaderView::Stretch);
    m_domainTable->horizontalHeader()->setSortIndicator(ClientDomainModel::Score,
                                                        Qt::DescendingOrder);
    m_domainTable->setToolTip(tr("Double-click a name to open its domain view"));
    m_relatedProxy->setSourceModel(m_relatedModel);
    m_relatedProxy->setSortRole(RelatedClientModel::RawValueRole);
    setUpTable(m_relatedTable);
    m_relatedTable->setModel(m_relatedProxy);
    m_relatedTable->setSortingEnabled(true);
    m_relatedTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_relatedTable->horizontalHeader()->setSortIndicator(RelatedClientModel::SharedNames,
                                                         Qt::DescendingOrder);
    m_relatedTable->setToolTip(tr("Double-click a client to open its view"));

    auto* middle = new QSplitter(Qt::Horizontal, this);
    middle->addWidget(
        boxed(tr("Names it asked for (most suspicious first)"), m_domainTable, &m_activityCaption));
    middle->addWidget(
        boxed(tr("Related clients: who else asked for its DGA-scored names"), m_relatedTable));
    middle->setStretchFactor(0, 3);
    middle->setStretchFactor(1, 2);
    m_filter->setPlaceholderText(
        tr("Search: domain:*.example.com rcode:NXDOMAIN score:>0.9 qtype:TXT, or words"));
    m_filter->setClearButtonEnabled(true);
    QPalette errorColours = m_filterError->palette();
    errorColours.setColor(QPalette::WindowText, QColor(0xd6, 0x3b, 0x3b));  // red on light and dark
    m_filterError->setPalette(errorColours);
    m_filterError->setVisible(false);
    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(kFilterDelayMs);
    auto* queriesBox = new QWidget(this);
    auto* queriesLayout = new QVBoxLayout(queriesBox);
    queriesLayout->setContentsMargins(0, 0, 0, 0);
    queriesLayout->addWidget(m_queryCaption);
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filter, 1);
    filterRow->addWidget(m_filterError);
    queriesLayout->addLayout(filterRow);
    queriesLayout->addWidget(m_queryTable, 1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_timeline);
    splitter->addWidget(m_tunnelBytes);
    splitter->addWidget(middle);
    splitter->addWidget(boxed(tr("Alerts for this client"), m_alertTable));
    splitter->addWidget(queriesBox);
    splitter->setStretchFactor(0, 2);  // timeline
    splitter->setStretchFactor(1, 2);  // tunnel bytes (hidden without tunnel series)
    splitter->setStretchFactor(2, 3);
    splitter->setStretchFactor(3, 0);
    splitter->setStretchFactor(4, 3);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);

    connect(m_domainTable, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const QString name = index.data(ClientDomainModel::DomainRole).toString();
        if (!name.isEmpty()) Q_EMIT domainRequested(name);
    });
    connect(m_queryTable, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const QString name =
            index.siblingAtColumn(ClientQueryModel::Domain).data(Qt::DisplayRole).toString();
        if (!name.isEmpty()) Q_EMIT domainRequested(name);
    });
    connect(m_relatedTable, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const QString related = index.data(RelatedClientModel::ClientRole).toString();
        if (!related.isEmpty()) Q_EMIT clientRequested(related);
    });
    connect(&m_activityWatcher, &QFutureWatcher<ClientActivity>::finished, this,
            [this] { applyActivity(m_activityWatcher.result()); });
    m_activityWatcher.setFuture(QtConcurrent::run(readActivity, dbPath, ip));
    connect(m_queryModel, &ClientQueryModel::pageLoaded, this, &ClientView::updateQueryCaption);
    // A new sort or filter starts from no rows: say that it is being read.
    // Queued: the model marks its read pending after the reset.
    connect(m_queryModel, &QAbstractItemModel::modelReset, this, &ClientView::updateQueryCaption,
            Qt::QueuedConnection);
    connect(m_filter, &QLineEdit::textChanged, m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_filterDelay, &QTimer::timeout, this, [this] {
        const QString error = m_queryModel->setFilterText(m_filter->text());
        m_filterError->setText(error);
        m_filterError->setVisible(!error.isEmpty());
        updateQueryCaption();
    });
    connect(m_queryModel, &ClientQueryModel::loadFailed, this, [this](const QString& message) {
        m_queryCaption->setText(tr("Queries could not be read: %1").arg(message));
    });
    connect(&m_watcher, &QFutureWatcher<ClientDetails>::finished, this,
            [this] { applyDetails(m_watcher.result()); });
    m_watcher.setFuture(QtConcurrent::run(readDetails, dbPath, ip));
    updateQueryCaption();
}

// A read still running holds copies of the path and address only; nothing waits for it.
ClientView::~ClientView() = default;

QWidget* ClientView::boxed(const QString& caption, QWidget* content, QLabel** captionLabel) {
    auto* box = new QWidget(this);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    QLabel* label = captionLabel && *captionLabel ? *captionLabel : new QLabel(caption, box);
    if (!caption.isEmpty()) label->setText(caption);
    if (captionLabel) *captionLabel = label;
    layout->addWidget(label);
    layout->addWidget(content, 1);
    return box;
}

void ClientView::applyActivity(const ClientActivity& activity) {
    m_activityLoaded = true;
    if (!activity.error.isEmpty()) {
        m_activityCaption->setText(tr("Activity could not be read: %1").arg(activity.error));
        Q_EMIT activityLoaded(activity.error);
        return;
    }
    m_timeline->setBuckets(activity.timeline, activity.bucketUs);
    m_domainModel->setRows(activity.domains);
    m_relatedModel->setRows(activity.related);
    m_activityCaption->setText(
        tr("Names it asked for: %1%2, most suspicious first (DGA evidence at score ≥ %3)")
            .arg(display::count(activity.domains.size()))
            .arg(activity.domains.size() >= kDomainRows ? tr(" (the first)") : QString())
            .arg(activity.threshold, 0, 'g', 4));
    Q_EMIT activityLoaded({});
}

void ClientView::applyDetails(const ClientDetails& details) {
    if (!details.error.isEmpty()) {
        m_summary->setText(
            tr("This client could not be read: %1").arg(details.error.toHtmlEscaped()));
        Q_EMIT detailsLoaded();
        return;
    }
    m_queryCount = details.queryCount;
    m_queryModel->setThreshold(details.threshold);
    m_queryModel->setSourceNames(details.sourceNames);
    m_alertModel->setAlerts(details.alerts);
    m_tunnelBytes->setSeries(details.tunnelSeries);
    if (details.summary) {
        const core::store::ClientSummary& s = *details.summary;
        const auto item = [](const QString& caption, const QString& value) {
            return QStringLiteral("%1&nbsp;<b>%2</b>").arg(caption.toHtmlEscaped(), value);
        };
        const QString gap = QStringLiteral("&nbsp;&nbsp;&nbsp;&nbsp;");
        const QStringList items = {
            item(tr("Subnet"), QString::fromStdString(s.subnet).toHtmlEscaped()),
            item(tr("Queries"), display::count(static_cast<quint64>(s.queries))),
            item(tr("NXDOMAIN"), display::count(static_cast<quint64>(s.nxdomain))),
            item(tr("Distinct names"), display::count(static_cast<quint64>(s.distinctNames))),
            item(tr("DGA names"), display::count(static_cast<quint64>(s.dgaNames))),
            item(tr("First seen"), display::eventTime(s.firstSeenUs)),
            item(tr("Last seen"), display::eventTime(s.lastSeenUs) + tr(" UTC")),
        };
        m_summary->setText(items.join(gap));
    } else {
        m_summary->setText(tr("No queries from this client in the analysis."));
    }
    updateQueryCaption();
    Q_EMIT detailsLoaded();
}

void ClientView::setTimeWindow(std::int64_t fromUs, std::int64_t toUs) {
    m_windowed = toUs > fromUs;
    m_queryModel->setTimeWindow(fromUs, toUs);
    updateQueryCaption();
}

void ClientView::updateQueryCaption() {
    const auto shown = static_cast<quint64>(m_queryModel->rowCount());
    if (shown == 0 && m_queryModel->isLoading()) {
        // A busy client's first sort by a column builds that column's index once (seconds on
        // millions of queries); the table fills when it is done.
        m_queryCaption->setText(m_queryModel->sortColumn() == ClientQueryModel::Time
                                    ? tr("Reading queries…")
                                    : tr("Sorting queries… (the first sort of a busy client by "
                                         "this column prepares an index, once per file)"));
        return;
    }
    if (m_windowed || !m_queryModel->filterText().isEmpty()) {
        m_queryCaption->setText((m_queryModel->atEnd()
                                     ? tr("Matching queries: all %1")
                                     : tr("Matching queries: %1 loaded (more load as you scroll)"))
                                    .arg(display::count(shown)) +
                                (m_windowed ? tr(", in the selected time range") : QString()));
        return;
    }
    if (m_queryCount < 0) {
        m_queryCaption->setText(
            tr("Queries (%1 loaded; scroll for more)").arg(display::count(shown)));
        return;
    }
    const QString loaded =
        m_queryModel->atEnd()
            ? tr("Queries: all %1").arg(display::count(shown))
            : tr("Queries: %1 of %2 loaded (more load as you scroll)")
                  .arg(display::count(shown), display::count(static_cast<quint64>(m_queryCount)));
    m_queryCaption->setText(
        tr("%1. Highlighted rows score at or above %2, where a name counts as DGA evidence.")
            .arg(loaded, QString::number(m_queryModel->threshold(), 'g', 4)));
}

}  // namespace dnshound::ui::client
