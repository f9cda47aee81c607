#include "ui/dashboards/dataset_dashboard.h"

#include <QLabel>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <exception>

#include "core/store/analysis_reader.h"
#include "ui/display/display_text.h"
#include "ui/plot/custom_plot.h"

namespace dnshound::ui::dashboards {

namespace {

DatasetData readDataset(const QString& dbPath) {
    DatasetData data;
    try {
        const core::store::AnalysisReader reader(dbPath.toStdString());
        data.cells = reader.confusion();
        data.nameThreshold =
            QString::fromStdString(reader.meta("datatest_name_threshold").value_or(""));
    } catch (const std::exception& error) {
        data.error = QString::fromStdString(error.what());
    }
    return data;
}

double share(std::int64_t part, std::int64_t whole) {
    return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

QString percent(double value) {
    return QStringLiteral("%1 %").arg(value * 100.0, 0, 'f', 1);
}

// Row 1 = truth malicious (drawn on top), column 0 = predicted malicious (left): the layout of
// a textbook confusion matrix with true positives top left.
constexpr int kTruthRow[2] = {0, 1};    // [truth malicious] -> y cell
constexpr int kVerdictCol[2] = {1, 0};  // [predicted malicious] -> x cell

}  // namespace

DatasetDashboard::DatasetDashboard(QWidget* parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_plot(new QCustomPlot(this)) {
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_plot, 1);

    m_plot->plotLayout()->clear();
    m_plot->plotLayout()->setColumnSpacing(24);
    addMatrix(Queries, tr("Query names: truth vs. per-name verdict"));
    addMatrix(Clients, tr("Clients: truth vs. DGA alert"));
    connect(&m_watcher, &QFutureWatcher<DatasetData>::finished, this,
            [this] { applyData(m_watcher.result()); });
}

DatasetDashboard::~DatasetDashboard() {
    m_watcher.waitForFinished();
}

QCPAxisRect* DatasetDashboard::addMatrix(int column, const QString& title) {
    auto* titleElement = new QCPTextElement(m_plot, title);
    QFont bold = titleElement->font();
    bold.setBold(true);
    titleElement->setFont(bold);
    m_plot->plotLayout()->addElement(0, column, titleElement);
    auto* rect = new QCPAxisRect(m_plot);
    m_plot->plotLayout()->addElement(1, column, rect);
    QCPAxis* x = rect->axis(QCPAxis::atBottom);
    QCPAxis* y = rect->axis(QCPAxis::atLeft);
    auto xTicks = QSharedPointer<QCPAxisTickerText>::create();
    xTicks->addTick(0, tr("malicious"));
    xTicks->addTick(1, tr("benign"));
    auto yTicks = QSharedPointer<QCPAxisTickerText>::create();
    yTicks->addTick(0, tr("benign"));
    yTicks->addTick(1, tr("malicious"));
    x->setTicker(xTicks);
    y->setTicker(yTicks);
    x->setLabel(tr("Verdict"));
    y->setLabel(tr("Truth"));
    x->setRange(-0.5, 1.5);
    y->setRange(-0.5, 1.5);
    x->grid()->setVisible(false);
    y->grid()->setVisible(false);
    x->setSubTicks(false);
    y->setSubTicks(false);

    auto* map = new QCPColorMap(x, y);
    map->data()->setSize(2, 2);
    map->data()->setRange(QCPRange(0, 1), QCPRange(0, 1));
    // Two stops only: the share of the truth row reads as lightness, with no hue bands.
    QCPColorGradient gradient;
    QMap<double, QColor> stops;
    stops.insert(0.0, QColor(0xf4, 0xf6, 0xfa));
    stops.insert(1.0, QColor(0x1f, 0x4e, 0x9a));
    gradient.setColorStops(stops);
    gradient.setColorInterpolation(QCPColorGradient::ciRGB);
    map->setGradient(gradient);
    map->setDataRange(QCPRange(0.0, 1.0));
    map->setInterpolate(false);
    m_maps[column] = map;
    return rect;
}

void DatasetDashboard::load(const QString& dbPath) {
    m_watcher.waitForFinished();
    m_watcher.setFuture(QtConcurrent::run(readDataset, dbPath));
}

void DatasetDashboard::clear() {
    DatasetData empty;
    applyData(empty);
}

std::int64_t DatasetDashboard::count(Level level, bool truthMalicious,
                                     bool predictedMalicious) const {
    if (!m_levelHasData[level]) return -1;
    return m_counts[level][truthMalicious ? 1 : 0][predictedMalicious ? 1 : 0];
}

QString DatasetDashboard::cellText(Level level, bool truthMalicious,
                                   bool predictedMalicious) const {
    const int t = truthMalicious ? 1 : 0;
    const std::int64_t n = m_counts[level][t][predictedMalicious ? 1 : 0];
    const std::int64_t row = m_counts[level][t][0] + m_counts[level][t][1];
    return QStringLiteral("%1\n%2").arg(display::count(static_cast<std::uint64_t>(n)),
                                        percent(share(n, row)));
}

void DatasetDashboard::applyData(const DatasetData& dataset) {
    for (auto& level : m_counts)
        for (auto& row : level) row[0] = row[1] = 0;
    for (bool& has : m_levelHasData) has = false;
    for (const core::store::ConfusionCell& c : dataset.cells) {
        const int level = c.level == "query" ? Queries : (c.level == "client" ? Clients : -1);
        if (level < 0) continue;
        m_counts[level][c.truth == "malicious" ? 1 : 0][c.predicted == "malicious" ? 1 : 0] =
            c.count;
        if (c.count > 0) m_levelHasData[level] = true;
    }
    m_hasData = m_levelHasData[Queries] || m_levelHasData[Clients];

    m_plot->clearItems();
    QStringList summary;
    const QString levelNames[LevelCount] = {tr("Query names"), tr("Clients")};
    for (int level = 0; level < LevelCount; ++level) {
        QCPColorMap* map = m_maps[level];
        const auto& n = m_counts[level];
        for (int t = 0; t < 2; ++t) {
            const std::int64_t row = n[t][0] + n[t][1];
            for (int p = 0; p < 2; ++p) {
                const double rate = share(n[t][p], row);
                map->data()->setCell(kVerdictCol[p], kTruthRow[t], rate);
                if (!m_levelHasData[level]) continue;
                auto* text = new QCPItemText(m_plot);
                text->setClipAxisRect(map->keyAxis()->axisRect());
                text->position->setAxes(map->keyAxis(), map->valueAxis());
                text->position->setCoords(kVerdictCol[p], kTruthRow[t]);
                text->setText(cellText(static_cast<Level>(level), t == 1, p == 1));
                text->setTextAlignment(Qt::AlignCenter);
                QFont font = text->font();
                font.setPointSizeF(font.pointSizeF() * 1.4);
                font.setBold(true);
                text->setFont(font);
                text->setColor(rate > 0.5 ? Qt::white : QColor(0x20, 0x20, 0x20));
            }
        }
        if (!m_levelHasData[level]) {
            summary << tr("%1: no labelled data").arg(levelNames[level]);
            continue;
        }
        const std::int64_t tp = n[1][1], fn = n[1][0], fp = n[0][1], tn = n[0][0];
        summary << tr("%1: %2 labelled · precision %3 · recall %4 · false-positive rate %5")
                       .arg(levelNames[level],
                            display::count(static_cast<std::uint64_t>(tp + fn + fp + tn)),
                            percent(share(tp, tp + fp)), percent(share(tp, tp + fn)),
                            percent(share(fp, fp + tn)));
    }
    if (!dataset.error.isEmpty()) {
        m_summary->setText(tr("Cannot read the datatest results: %1").arg(dataset.error));
    } else if (!m_hasData) {
        m_summary->setText(
            tr("This analysis has no ground truth (dnshound-cli analyze --truth "
               "FILE or --datatest)."));
    } else {
        QString text = summary.join(QLatin1Char('\n'));
        if (!dataset.nameThreshold.isEmpty())
            text += tr("\nA query name counts as detected from a DGA score of %1; a client when "
                       "it has a DGA alert.")
                        .arg(dataset.nameThreshold.toDouble(), 0, 'f', 3);
        m_summary->setText(text);
    }
    m_plot->replot();
    Q_EMIT loaded(m_hasData);
}

}  // namespace dnshound::ui::dashboards
