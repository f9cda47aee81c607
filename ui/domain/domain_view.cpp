#include "ui/domain/domain_view.h"

#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <exception>

#include "core/event/dns_types.h"
#include "core/store/analysis_reader.h"
#include "core/store/domain_answer_query.h"
#include "core/store/drilldown_reader.h"
#include "ui/display/display_text.h"
#include "ui/domain/domain_answer_model.h"
#include "ui/domain/domain_client_model.h"
#include "ui/explain/explanation_view.h"

namespace dnshound::ui::domain {

namespace {

DomainDetails readDetails(const QString& dbPath, const QString& domain) {
    DomainDetails details;
    try {
        const std::string path = dbPath.toStdString();
        const std::string name = domain.toStdString();
        const core::store::DrilldownReader reader(path);
        details.summary = reader.domainSummary(name);
        details.clients = reader.domainClients(name, DomainView::kClientRows);
        details.answers =
            core::store::DomainAnswerQuery(path).answers(name, DomainView::kAnswerRows);
        if (const auto stored = core::store::AnalysisReader(path).meta("dga_threshold")) {
            try {
                details.dgaThreshold = std::stod(*stored);
            } catch (const std::exception&) {
            }
        }
    } catch (const std::exception& error) {
        details.error = QString::fromStdString(error.what());
    }
    return details;
}

template <typename Name>
QString countsText(const std::vector<std::pair<std::uint16_t, std::int64_t>>& counts, Name name) {
    QStringList parts;
    for (const auto& [code, n] : counts) {
        parts.push_back(QStringLiteral("%1&nbsp;%2")
                            .arg(QString::fromStdString(name(code)).toHtmlEscaped(),
                                 display::count(static_cast<quint64>(n))));
    }
    return parts.join(QStringLiteral(", "));
}

}  // namespace

DomainView::DomainView(const QString& dbPath, const QString& domain, QWidget* parent)
    : QWidget(parent),
      m_domain(domain),
      m_title(new QLabel(this)),
      m_summary(new QLabel(this)),
      m_clientModel(new DomainClientModel(this)),
      m_proxy(new QSortFilterProxyModel(this)),
      m_table(new QTableView(this)),
      m_answerModel(new DomainAnswerModel(this)),
      m_answerProxy(new QSortFilterProxyModel(this)),
      m_answerTable(new QTableView(this)),
      m_explanation(new explain::ExplanationView(this)) {
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setText(tr("Domain %1").arg(domain));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    m_summary->setText(tr("Loading…"));

    m_proxy->setSourceModel(m_clientModel);
    m_proxy->setSortRole(DomainClientModel::RawValueRole);
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setVisible(false);
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSortIndicator(DomainClientModel::Queries, Qt::DescendingOrder);
    m_table->setToolTip(tr("Double-click a client to open its view"));

    m_answerProxy->setSourceModel(m_answerModel);
    m_answerProxy->setSortRole(DomainAnswerModel::RawValueRole);
    m_answerTable->setModel(m_answerProxy);
    m_answerTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_answerTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_answerTable->setAlternatingRowColors(true);
    m_answerTable->setWordWrap(false);
    m_answerTable->verticalHeader()->setVisible(false);
    m_answerTable->setSortingEnabled(true);
    m_answerTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_answerTable->horizontalHeader()->setSortIndicator(DomainAnswerModel::Responses,
                                                        Qt::DescendingOrder);

    auto* answersBox = new QWidget(this);
    auto* answersLayout = new QVBoxLayout(answersBox);
    answersLayout->setContentsMargins(0, 0, 0, 0);
    answersLayout->addWidget(new QLabel(tr("Answers"), answersBox));
    answersLayout->addWidget(m_answerTable, 1);

    auto* clientsBox = new QWidget(this);
    auto* clientsLayout = new QVBoxLayout(clientsBox);
    clientsLayout->setContentsMargins(0, 0, 0, 0);
    clientsLayout->addWidget(new QLabel(tr("Every client that asked for it"), clientsBox));
    clientsLayout->addWidget(m_table, 1);
    auto* tables = new QSplitter(Qt::Vertical, this);
    tables->addWidget(clientsBox);
    tables->addWidget(answersBox);
    tables->setStretchFactor(0, 2);
    tables->setStretchFactor(1, 1);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(tables);
    splitter->addWidget(m_explanation);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);

    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const QString ip = index.data(DomainClientModel::ClientRole).toString();
        if (!ip.isEmpty()) Q_EMIT clientRequested(ip);
    });
    connect(&m_watcher, &QFutureWatcher<DomainDetails>::finished, this,
            [this] { applyDetails(m_watcher.result()); });
    m_watcher.setFuture(QtConcurrent::run(readDetails, dbPath, domain));
    m_explanation->setAnalysis(dbPath);
    m_explanation->showDomain(domain);
}

DomainView::~DomainView() = default;

void DomainView::applyDetails(const DomainDetails& details) {
    m_loaded = true;
    if (!details.error.isEmpty()) {
        m_summary->setText(
            tr("This domain could not be read: %1").arg(details.error.toHtmlEscaped()));
        Q_EMIT detailsLoaded();
        return;
    }
    m_clientModel->setRows(details.clients);
    m_answerModel->setRows(details.answers);
    if (!details.summary) {
        m_summary->setText(tr("No query for this name in the analysis."));
        Q_EMIT detailsLoaded();
        return;
    }
    const auto& s = *details.summary;
    const auto item = [](const QString& caption, const QString& value) {
        return QStringLiteral("%1&nbsp;<b>%2</b>").arg(caption.toHtmlEscaped(), value);
    };
    QString score = s.dgaScore < 0 ? tr("not scored (filtered before the detector)")
                                   : display::score(s.dgaScore);
    if (s.dgaScore >= 0 && details.dgaThreshold >= 0) {
        score += s.dgaScore >= details.dgaThreshold ? tr(" (DGA)") : tr(" (benign)");
    }
    const QString gap = QStringLiteral("&nbsp;&nbsp;&nbsp;&nbsp;");
    const QStringList first = {
        item(tr("DGA score"), score),
        item(tr("Queries"), display::count(static_cast<quint64>(s.queries))),
        item(tr("Clients"), display::count(static_cast<quint64>(s.clients))),
        item(tr("First seen"), display::eventTime(s.firstSeenUs)),
        item(tr("Last seen"), display::eventTime(s.lastSeenUs) + tr(" UTC")),
    };
    const QStringList second = {
        item(tr("Responses"),
             countsText(s.rcodes, [](std::uint16_t c) { return core::event::rcodeName(c); })),
        item(tr("Types"),
             countsText(s.qtypes, [](std::uint16_t c) { return core::event::qtypeName(c); })),
        item(tr("Response bytes"), display::count(static_cast<quint64>(s.responseBytes))),
    };
    QString note;
    if (details.answers.empty()) {
        note = QStringLiteral("<br><small>") +
               tr("No address answer was recorded for this name (NXDOMAIN, non-address answers, "
                  "or a log without answers).") +
               QStringLiteral("</small>");
    }
    m_summary->setText(first.join(gap) + QStringLiteral("<br>") + second.join(gap) + note);
    Q_EMIT detailsLoaded();
}

}  // namespace dnshound::ui::domain
