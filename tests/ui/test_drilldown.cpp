// Drill-down, explanations and triage over the sample analysis (generated and analysed by
// dnshound-cli, as a user would): client view, domain view, SHAP bars that equal the model's
// contributions, global importance, state changes and notes that survive reopening the file.
#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFontMetricsF>
#include <QHeaderView>
#include <QPlainTextEdit>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <cmath>

#include "core/event/ip_address.h"
#include "core/model/dga_model.h"
#include "core/store/triage_store.h"
#include "ui/alerts/alert_table_model.h"
#include "ui/alerts/alerts_view.h"
#include "ui/client/client_domain_model.h"
#include "ui/client/client_query_model.h"
#include "ui/client/client_timeline_plot.h"
#include "ui/client/client_view.h"
#include "ui/domain/domain_answer_model.h"
#include "ui/domain/domain_client_model.h"
#include "ui/domain/domain_view.h"
#include "ui/explain/explanation_view.h"
#include "ui/explain/global_importance_view.h"
#include "ui/explain/shap_bar_plot.h"
#include "ui/main_window.h"
#include "ui/plot/custom_plot.h"
#include "ui/triage/alert_triage.h"
#include "ui/triage/alert_triage_panel.h"
#include "ui/ui_test_support.h"

using namespace dnshound;
using ui::MainWindow;
using ui::alerts::AlertTableModel;

using dnshound::test::artifact;

namespace test = dnshound::test;

namespace {

constexpr int kTimeoutMs = 60'000;
const QString kNote = QStringLiteral("Checked with the helpdesk: laptop reimaged.\nSecond line.");

bool runCli(const QStringList& args) {
    return test::runCli(args, kTimeoutMs);
}

bool openAndWait(MainWindow& window, const QString& path) {
    QSignalSpy shown(&window, &MainWindow::analysisShown);
    window.openAnalysisFile(path);
    return shown.wait(kTimeoutMs) || shown.count() > 0;
}

// The view row of the DGA alert with the most evidence.
int busiestDgaRow(const AlertTableModel& model) {
    int best = -1;
    for (int row = 0; row < model.rowCount(); ++row) {
        const auto& alert = model.alertAt(row);
        if (alert.kind == "dga" && (best < 0 || alert.count > model.alertAt(best).count))
            best = row;
    }
    return best;
}

void doubleClick(QTableView* table, const QModelIndex& index) {
    table->scrollTo(index);
    const QPoint center = table->visualRect(index).center();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, center);
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, center);
}

// The bars must be the model's own contributions: each named bar equals that feature's SHAP
// value, the "other features" bar their remainder, and bars + bias the margin.
void checkShapBars(const ui::explain::ShapBarPlot& plot, const std::string& domain) {
    const auto model = core::model::DgaModel::load(core::model::DgaModel::defaultModelPath());
    const auto expected = model->explain(domain);
    const auto& values = plot.barValues();
    const auto& features = plot.barFeatures();
    QVERIFY(!values.empty());
    QCOMPARE(values.size(), features.size());
    double sum = 0;
    double shownContributions = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        sum += values[i];
        if (features[i] >= 0) {
            QCOMPARE(values[i], static_cast<double>(
                                    expected.contributions[static_cast<std::size_t>(features[i])]));
            shownContributions += values[i];
        }
    }
    double all = 0;
    for (const float c : expected.contributions) all += c;
    if (features.back() < 0) QVERIFY(std::fabs(values.back() - (all - shownContributions)) < 1e-4);
    QVERIFY2(std::fabs(sum + expected.bias - expected.margin) < 1e-3,
             qPrintable(QStringLiteral("bars %1 + bias %2 != margin %3")
                            .arg(sum)
                            .arg(expected.bias)
                            .arg(expected.margin)));
    // Largest |value| on top, and the plotted bars carry exactly these values.
    for (std::size_t i = 1; i + 1 < values.size(); ++i) {
        QVERIFY(std::fabs(values[i - 1]) >= std::fabs(values[i]));
    }
    double plotted = 0;
    int bars = 0;
    for (int p = 0; p < plot.plot()->plottableCount(); ++p) {
        auto* series = qobject_cast<QCPBars*>(plot.plot()->plottable(p));
        QVERIFY(series != nullptr);
        for (auto it = series->data()->constBegin(); it != series->data()->constEnd(); ++it) {
            plotted += it->value;
            ++bars;
            QVERIFY(p == 0 ? it->value >= 0 : it->value < 0);  // red towards DGA, blue benign
        }
    }
    QCOMPARE(bars, static_cast<int>(values.size()));
    QVERIFY(std::fabs(plotted - sum) < 1e-9);
}

}  // namespace

class TestDrilldown final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void clientAndDomainViews();
    void domainAnswersMatchTheLog();
    void explainsWithShapBars();
    void globalImportance();
    void triagePersistsAcrossReopen();

private:
    QTemporaryDir m_dir;
    QString m_analysis;
};

void TestDrilldown::initTestCase() {
    QVERIFY(m_dir.isValid());
    const QString log = m_dir.filePath(QStringLiteral("sample.log"));
    m_analysis = m_dir.filePath(QStringLiteral("sample.sqlite"));
    QVERIFY(runCli({QStringLiteral("generate-sample"), QStringLiteral("--out"), log,
                    QStringLiteral("--seed"), QStringLiteral("1")}));
    QVERIFY(runCli({QStringLiteral("analyze"), QStringLiteral("--input"), log,
                    QStringLiteral("--db"), m_analysis, QStringLiteral("--quiet")}));
}

void TestDrilldown::clientAndDomainViews() {
    MainWindow window;
    window.resize(1500, 950);
    window.show();
    QVERIFY(openAndWait(window, m_analysis));
    AlertTableModel* alerts = window.alertModel();
    const int row = busiestDgaRow(*alerts);
    QVERIFY2(row >= 0, "the sample raised no DGA alert");
    const auto alert = alerts->alertAt(row);
    const QString ip = QString::fromStdString(alert.client);

    // Client view from the alerts table (double-click on the client column).
    QTableView* table = window.alertsView()->table();
    doubleClick(table, alerts->index(row, AlertTableModel::Client));
    auto* client = window.clientView(ip);
    QVERIFY(client != nullptr);
    QTRY_VERIFY_WITH_TIMEOUT(client->isActivityLoaded() && client->queryCount() >= 0, kTimeoutMs);
    QCOMPARE(client->timeline()->totalQueries(), client->queryCount());
    QVERIFY(!client->timeline()->series().empty());
    client->timeline()->setStacking(ui::client::ClientTimelinePlot::Stacking::ByRcode);
    QCOMPARE(client->timeline()->totalQueries(), client->queryCount());
    client->timeline()->setStacking(ui::client::ClientTimelinePlot::Stacking::ByVerdict);
    // Its names: the alert's top name is listed, scored, and cited by the DGA alert.
    auto* names = client->domainModel();
    int topRow = -1;
    for (int r = 0; r < names->rowCount(); ++r) {
        if (names->rowAt(r).domain == alert.domain) topRow = r;
    }
    QVERIFY2(topRow >= 0, "the alert's top name is not among the client's names");
    QVERIFY(std::fabs(names->rowAt(topRow).dgaScore - alert.score) < 1e-6);
    QVERIFY(names->index(topRow, ui::client::ClientDomainModel::Alerts)
                .data()
                .toString()
                .contains(QStringLiteral("dga")));
    // Related clients: every other alerted client whose evidence shares a name with this one.
    QSet<QString> related;
    for (int r = 0; r < client->relatedModel()->rowCount(); ++r) {
        related.insert(client->relatedModel()
                           ->index(r, 0)
                           .data(ui::client::RelatedClientModel::ClientRole)
                           .toString());
    }
    for (int r = 0; r < alerts->rowCount(); ++r) {
        const auto& other = alerts->alertAt(r);
        if (other.client == alert.client || other.kind != "dga") continue;
        if (std::find(alert.evidence.begin(), alert.evidence.end(), other.domain) !=
            alert.evidence.end()) {
            QVERIFY2(related.contains(QString::fromStdString(other.client)),
                     qPrintable(QStringLiteral("%1 shares %2 but is not related")
                                    .arg(QString::fromStdString(other.client),
                                         QString::fromStdString(other.domain))));
        }
    }
    QTRY_VERIFY_WITH_TIMEOUT(client->queryModel()->rowCount() > 0, kTimeoutMs);
    QCoreApplication::processEvents();
    QTest::qWait(100);  // posted layout requests
    QVERIFY(window.grab().save(artifact(QStringLiteral("client_view.png"))));

    // Domain view from the client's names table (double-click).
    QTableView* domains = client->domainTable();
    const QModelIndex proxyIndex =
        domains->model()
            ->match(domains->model()->index(0, 0), Qt::DisplayRole,
                    QString::fromStdString(alert.domain), 1, Qt::MatchExactly)
            .value(0);
    QVERIFY(proxyIndex.isValid());
    doubleClick(domains, proxyIndex);
    auto* domain = window.domainView(QString::fromStdString(alert.domain));
    QVERIFY2(domain != nullptr, "double-clicking a name did not open its domain view");
    QTRY_VERIFY_WITH_TIMEOUT(domain->isLoaded(), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!domain->explanation()->shapPlot()->barValues().empty(), kTimeoutMs);
    bool clientListed = false;
    for (int r = 0; r < domain->clientModel()->rowCount(); ++r) {
        const auto& c = domain->clientModel()->rowAt(r);
        QCOMPARE(c.queries, c.noError + c.nxdomain + c.otherRcode);
        if (c.ip == alert.client) clientListed = true;
    }
    QVERIFY(clientListed);
    QTest::qWait(100);  // posted layout requests
    QVERIFY(window.grab().save(artifact(QStringLiteral("domain_view.png"))));

    // And from the alerts table's domain column.
    window.tabs()->setCurrentIndex(1);
    const int other = row == 0 && alerts->rowCount() > 1 ? 1 : 0;
    doubleClick(table, alerts->index(other, AlertTableModel::Domain));
    QVERIFY(window.domainView(QString::fromStdString(alerts->alertAt(other).domain)) != nullptr);
}

void TestDrilldown::explainsWithShapBars() {
    MainWindow window;
    window.resize(1500, 950);
    window.show();
    QVERIFY(openAndWait(window, m_analysis));
    const int row = busiestDgaRow(*window.alertModel());
    QVERIFY(row >= 0);
    const auto alert = window.alertModel()->alertAt(row);
    // Selecting the alert shows its SHAP bars in the alert details panel.
    auto* panel = window.triagePanel();
    QSignalSpy explained(panel->explanation(), &ui::explain::ExplanationView::explained);
    window.alertsView()->table()->setCurrentIndex(window.alertModel()->index(row, 0));
    QVERIFY(explained.wait(kTimeoutMs) || explained.count() > 0);
    QVERIFY2(panel->explanation()->result().error.isEmpty(),
             qPrintable(panel->explanation()->result().error));
    checkShapBars(*panel->explanation()->shapPlot(), alert.domain);

    // A standalone explanation, large, for the screenshot; strips against the benign sample.
    ui::explain::ExplanationView view;
    view.resize(1100, 820);
    view.setAnalysis(m_analysis);
    view.show();
    QSignalSpy done(&view, &ui::explain::ExplanationView::explained);
    view.showDomain(QString::fromStdString(alert.domain));
    QVERIFY(done.wait(kTimeoutMs) || done.count() > 0);
    checkShapBars(*view.shapPlot(), alert.domain);
    QVERIFY(view.result().explanation.benignSampleSize > 100);
    // A name the model calls DGA is matched to its closest family profile, and the summary
    // says which (attributed or, with a small margin, only the closest).
    const auto& shown = view.result().explanation;
    QVERIFY(shown.score >= shown.threshold);
    QVERIFY(!shown.resemblesFamily.empty());
    QVERIFY(view.headerText().contains(QString::fromStdString(shown.resemblesFamily)));
    qInfo("%s resembles %s (margin %.1f nats, %s)", alert.domain.c_str(),
          shown.resemblesFamily.c_str(), static_cast<double>(shown.familyMargin),
          shown.familyConfident ? "attributed" : "not attributed");
    for (const auto& f : view.result().explanation.features) {
        QVERIFY(f.benignPercentile >= 0 && f.benignPercentile <= 1);
        QVERIFY(f.benignLow <= f.benignMedian && f.benignMedian <= f.benignHigh);
    }
    QTest::qWait(100);  // posted layout requests
    QVERIFY(view.grab().save(artifact(QStringLiteral("shap_explanation.png"))));
}

void TestDrilldown::globalImportance() {
    MainWindow window;
    window.resize(1500, 950);
    window.show();
    QVERIFY(openAndWait(window, m_analysis));
    window.showGlobalImportance();
    auto* view = qobject_cast<ui::explain::GlobalImportanceView*>(window.tabs()->currentWidget());
    QVERIFY(view != nullptr);
    QTRY_VERIFY_WITH_TIMEOUT(!view->bars().empty() || !view->result().error.isEmpty(), kTimeoutMs);
    QVERIFY2(view->result().error.isEmpty(), qPrintable(view->result().error));
    QCOMPARE(view->bars().size(), std::size_t(ui::explain::GlobalImportanceView::kTopFeatures));
    QVERIFY(view->bars().front().second > 0);
    for (std::size_t i = 1; i < view->bars().size(); ++i) {
        QVERIFY(view->bars()[i - 1].second >= view->bars()[i].second);
    }
    QVERIFY(view->result().importance.sampleSize > 0);
    QTest::qWait(100);  // posted layout requests
    // Every bar's description ends inside the plot: whole at this size, elided where needed
    // after a resize to a narrow window.
    auto* plot = view->findChild<QCustomPlot*>();
    QVERIFY(plot != nullptr);
    const auto descriptionsFit = [plot](bool whole) {
        int texts = 0;
        for (int i = 0; i < plot->itemCount(); ++i) {
            auto* text = qobject_cast<QCPItemText*>(plot->item(i));
            if (text == nullptr) continue;
            ++texts;
            if (whole && text->text().contains(QChar(0x2026))) {
                qWarning("'%s' is elided", qPrintable(text->text()));
                return false;
            }
            const double end = text->position->pixelPosition().x() +
                               QFontMetricsF(text->font()).horizontalAdvance(text->text());
            if (end > plot->axisRect()->right() + 1) {
                qWarning("'%s' ends at %.0f px, the plot at %d", qPrintable(text->text()), end,
                         plot->axisRect()->right());
                return false;
            }
        }
        return texts > 0;
    };
    QVERIFY(descriptionsFit(true));
    QVERIFY(window.grab().save(artifact(QStringLiteral("global_importance.png"))));
    window.resize(1000, 800);
    QTRY_VERIFY_WITH_TIMEOUT(descriptionsFit(false), kTimeoutMs);
    QVERIFY(window.grab().save(artifact(QStringLiteral("global_importance_narrow.png"))));
}

void TestDrilldown::triagePersistsAcrossReopen() {
    std::int64_t alertId = 0;
    {
        MainWindow window;
        window.resize(1500, 950);
        window.show();
        QVERIFY(openAndWait(window, m_analysis));
        const int row = busiestDgaRow(*window.alertModel());
        alertId = window.alertModel()->alertAt(row).id;
        QTableView* table = window.alertsView()->table();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        table->setFocus();
        table->setCurrentIndex(window.alertModel()->index(row, 0));
        QSignalSpy changed(window.triage(), &ui::triage::AlertTriage::stateChanged);
        // The table's triage actions carry the documented shortcuts; offscreen key events do
        // not reach the shortcut map, so the actions are triggered as the shortcut would.
        const auto actionFor = [table](const QString& key) -> QAction* {
            for (QAction* action : table->actions()) {
                if (action->shortcut() == QKeySequence(key)) return action;
            }
            return nullptr;
        };
        QAction* acknowledge = actionFor(QStringLiteral("A"));
        QAction* escalate = actionFor(QStringLiteral("E"));
        QVERIFY(acknowledge != nullptr && escalate != nullptr);
        QVERIFY(actionFor(QStringLiteral("F")) != nullptr &&
                actionFor(QStringLiteral("U")) != nullptr);
        acknowledge->trigger();
        QVERIFY(changed.wait(kTimeoutMs) || changed.count() > 0);
        escalate->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, kTimeoutMs);
        const int viewRow = [&] {
            for (int r = 0; r < window.alertModel()->rowCount(); ++r) {
                if (window.alertModel()->alertAt(r).id == alertId) return r;
            }
            return -1;
        }();
        QCOMPARE(QString::fromStdString(window.alertModel()->alertAt(viewRow).state),
                 QStringLiteral("escalated"));
        // A note, typed into the panel and added with Ctrl+Return.
        auto* panel = window.triagePanel();
        QSignalSpy historyShown(panel, &ui::triage::AlertTriagePanel::historyShown);
        panel->noteEdit()->setFocus();
        panel->noteEdit()->setPlainText(kNote);
        QTest::keyClick(panel->noteEdit(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(panel->shownHistory().notes.size() == 1, kTimeoutMs);
        QCOMPARE(QString::fromStdString(panel->shownHistory().notes.front().text), kNote);
        QVERIFY(panel->history()->toPlainText().contains(QStringLiteral("reimaged")));
        QVERIFY(panel->history()->toPlainText().contains(QStringLiteral("escalated")));
        QTRY_VERIFY_WITH_TIMEOUT(!panel->explanation()->shapPlot()->barValues().empty(),
                                 kTimeoutMs);
        QTest::qWait(100);  // posted layout requests
        QVERIFY(window.grab().save(artifact(QStringLiteral("triage_notes.png"))));
    }
    // Reopened: the state, the note and the state log are all in the file.
    MainWindow window;
    window.show();
    QVERIFY(openAndWait(window, m_analysis));
    int row = -1;
    for (int r = 0; r < window.alertModel()->rowCount(); ++r) {
        if (window.alertModel()->alertAt(r).id == alertId) row = r;
    }
    QVERIFY(row >= 0);
    QCOMPARE(QString::fromStdString(window.alertModel()->alertAt(row).state),
             QStringLiteral("escalated"));
    window.alertsView()->table()->setCurrentIndex(window.alertModel()->index(row, 0));
    auto* panel = window.triagePanel();
    QTRY_VERIFY_WITH_TIMEOUT(panel->shownHistory().alertId == alertId, kTimeoutMs);
    QCOMPARE(panel->shownHistory().notes.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(panel->shownHistory().notes.front().text), kNote);
    QCOMPARE(QString::fromStdString(panel->shownHistory().notes.front().author),
             ui::triage::AlertTriage::author());
    const auto& changes = panel->shownHistory().changes;
    QCOMPARE(changes.size(), std::size_t(2));
    QCOMPARE(changes[0].fromState, std::string("new"));
    QCOMPARE(changes[0].toState, std::string("acknowledged"));
    QCOMPARE(changes[1].toState, std::string("escalated"));
}

namespace {

struct LogAnswer {
    qint64 count = 0;
    QSet<QString> clients;
    qint64 firstUs = 0;
    qint64 lastUs = 0;
    QString type;
};

// The answers of `domain` read straight from the generated log ("time rcode client server name
// type answer size"), independently of DNS Hound's parser: answer (normalised address) -> tally.
QHash<QString, LogAnswer> logAnswers(const QString& logPath, QString* domain) {
    QHash<QString, LogAnswer> out;
    QFile file(logPath);
    if (!file.open(QIODevice::ReadOnly)) return out;
    while (!file.atEnd()) {
        const QStringList f = QString::fromUtf8(file.readLine()).trimmed().split(QLatin1Char(' '));
        if (f.size() < 8) continue;
        const auto address = core::event::IpAddress::parse(f[6].toStdString());
        // The log writes 0.0.0.0 (or ::) where a response had no address.
        if (!address || address->isUnspecified() || address->toString() == "0.0.0.0") continue;
        QString name = f[4].toLower();
        if (name.endsWith(QLatin1Char('.'))) name.chop(1);
        if (domain->isEmpty()) *domain = name;  // the first name that got an address answer
        if (name != *domain) continue;
        const qint64 us = QDateTime::fromString(f[0], Qt::ISODateWithMs).toMSecsSinceEpoch() * 1000;
        LogAnswer& a = out[QString::fromStdString(address->toString())];
        if (a.count == 0) a.firstUs = a.lastUs = us;
        ++a.count;
        a.clients.insert(f[2]);
        a.firstUs = std::min(a.firstUs, us);
        a.lastUs = std::max(a.lastUs, us);
        a.type = address->isV4() ? QStringLiteral("A") : QStringLiteral("AAAA");
    }
    return out;
}

}  // namespace

// The domain view's Answers table holds exactly the address answers the log carries for that
// name: every distinct answer with its count, distinct clients and first/last time.
void TestDrilldown::domainAnswersMatchTheLog() {
    QString domain;
    const auto expected = logAnswers(m_dir.filePath(QStringLiteral("sample.log")), &domain);
    QVERIFY2(!expected.isEmpty(), "the sample log has no address answer");
    ui::domain::DomainView view(m_analysis, domain);
    view.resize(1400, 800);
    view.show();
    QTRY_VERIFY_WITH_TIMEOUT(view.isLoaded(), kTimeoutMs);
    const auto* model = view.answerModel();
    QCOMPARE(model->rowCount(), static_cast<int>(expected.size()));
    for (int r = 0; r < model->rowCount(); ++r) {
        const auto& row = model->rowAt(r);
        const auto parsed = core::event::IpAddress::parse(row.answer);
        QVERIFY2(parsed.has_value(), row.answer.c_str());
        const QString key = QString::fromStdString(parsed->toString());
        QVERIFY2(expected.contains(key), qPrintable(key));
        const LogAnswer& want = expected[key];
        QCOMPARE(row.count, want.count);
        QCOMPARE(row.clients, static_cast<qint64>(want.clients.size()));
        QCOMPARE(row.firstSeenUs, want.firstUs);
        QCOMPARE(row.lastSeenUs, want.lastUs);
        QCOMPARE(model->index(r, ui::domain::DomainAnswerModel::Type).data().toString(), want.type);
        if (r > 0) QVERIFY(model->rowAt(r - 1).count >= row.count);  // most frequent first
    }
    // The explanation beside the answers comes from a worker: shoot once it has answered.
    QTRY_VERIFY_WITH_TIMEOUT(view.explanation()->result().domain == domain, kTimeoutMs);
    QTest::qWait(100);  // posted layout requests
    QVERIFY(view.grab().save(artifact(QStringLiteral("domain_answers.png"))));
}

QTEST_MAIN(TestDrilldown)
#include "test_drilldown.moc"
