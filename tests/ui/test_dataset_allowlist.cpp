// The Dataset dashboard on a datatest analysis, and allowlisting from the Alerts context menu:
// the dialog writes the allowlist file and the analysis file, and the alert shows as suppressed.
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDateEdit>
#include <QDir>
#include <QLineEdit>
#include <QMenu>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include "core/config/allowlist.h"
#include "core/store/analysis_reader.h"
#include "ui/alerts/alert_table_model.h"
#include "ui/alerts/alerts_view.h"
#include "ui/allowlist/allowlist_actions.h"
#include "ui/allowlist/allowlist_dialog.h"
#include "ui/dashboards/dataset_dashboard.h"
#include "ui/main_window.h"
#include "ui/ui_test_support.h"

using dnshound::ui::MainWindow;
using dnshound::ui::alerts::AlertTableModel;
using dnshound::ui::allowlist::AllowlistDialog;
using dnshound::ui::dashboards::DatasetDashboard;

using dnshound::test::artifact;
using dnshound::test::runCli;

namespace {

QAction* findAction(QMenu* menu, const QString& text) {
    for (QAction* a : menu->actions())
        if (a->text() == text) return a;
    return nullptr;
}

int rowOfClient(const AlertTableModel& model, const QString& client) {
    for (int row = 0; row < model.rowCount(); ++row)
        if (QString::fromStdString(model.alertAt(row).client) == client) return row;
    return -1;
}

}  // namespace

class TestDatasetAllowlist : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const char* name) const { return m_dir.filePath(QString::fromUtf8(name)); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY(runCli({QStringLiteral("generate-sample"), QStringLiteral("--out"),
                        path("sample.log"), QStringLiteral("--labels"), path("labels.csv")}));
        QVERIFY(runCli({QStringLiteral("analyze"), QStringLiteral("--input"), path("sample.log"),
                        QStringLiteral("--truth"), path("labels.csv"), QStringLiteral("--db"),
                        path("dt.sqlite"), QStringLiteral("--quiet")}));
    }

    void datasetTabShowsTheConfusionMatrices() {
        MainWindow window;
        window.resize(1300, 800);
        window.show();
        QSignalSpy shown(&window, &MainWindow::analysisShown);
        window.openAnalysisFile(path("dt.sqlite"));
        QVERIFY(shown.wait(30'000));
        DatasetDashboard* dataset = window.dataset();
        QTRY_VERIFY_WITH_TIMEOUT(window.tabs()->indexOf(dataset) >= 0, 10'000);
        QCOMPARE(window.tabs()->tabText(window.tabs()->indexOf(dataset)),
                 QStringLiteral("Dataset"));
        QVERIFY(dataset->hasData());
        QCOMPARE(dataset->count(DatasetDashboard::Clients, true, true), 4);
        QCOMPARE(dataset->count(DatasetDashboard::Clients, true, false), 0);
        QCOMPARE(dataset->count(DatasetDashboard::Clients, false, true), 0);
        QCOMPARE(dataset->count(DatasetDashboard::Clients, false, false), 20);
        QCOMPARE(dataset->cellText(DatasetDashboard::Clients, true, true),
                 QStringLiteral("4\n100.0 %"));
        // The query-level cells hold what the analysis file holds.
        const dnshound::core::store::AnalysisReader reader(path("dt.sqlite").toStdString());
        for (const auto& c : reader.confusion())
            if (c.level == "query")
                QCOMPARE(dataset->count(DatasetDashboard::Queries, c.truth == "malicious",
                                        c.predicted == "malicious"),
                         c.count);
        window.tabs()->setCurrentWidget(dataset);
        QTest::qWait(50);
        QVERIFY(window.grab().save(artifact(QStringLiteral("dataset_dashboard.png"))));

        // An analysis without truth has no Dataset tab.
        QVERIFY(runCli({QStringLiteral("analyze"), QStringLiteral("--input"), path("sample.log"),
                        QStringLiteral("--db"), path("plain.sqlite"), QStringLiteral("--quiet")}));
        QSignalSpy again(&window, &MainWindow::analysisShown);
        window.openAnalysisFile(path("plain.sqlite"));
        QVERIFY(again.wait(30'000));
        QTRY_VERIFY_WITH_TIMEOUT(!dataset->hasData(), 10'000);
        QCOMPARE(window.tabs()->indexOf(dataset), -1);
    }

    void allowlistFromTheAlertContextMenu() {
        QFile::copy(path("dt.sqlite"), path("edit.sqlite"));
        const QString allowPath = path("conf/allowlist.yaml");
        MainWindow window;
        window.setAllowlistPath(allowPath);
        window.resize(1300, 800);
        window.show();
        QSignalSpy shown(&window, &MainWindow::analysisShown);
        window.openAnalysisFile(path("edit.sqlite"));
        QVERIFY(shown.wait(30'000));
        AlertTableModel* model = window.alertModel();
        QCOMPARE(model->rowCount(), 4);
        const QString client = QString::fromStdString(model->alertAt(0).client);
        const QString domain = QString::fromStdString(model->alertAt(1).domain);

        // Client: via the menu action and the dialog.
        std::vector<AllowlistDialog*> opened;
        std::vector<dnshound::core::store::AllowlistRecord> added;
        connect(window.allowlistActions(), &dnshound::ui::allowlist::AllowlistActions::dialogOpened,
                this, [&opened](AllowlistDialog* d) { opened.push_back(d); });
        connect(window.allowlistActions(), &dnshound::ui::allowlist::AllowlistActions::entryAdded,
                this,
                [&added](const dnshound::core::store::AllowlistRecord& r) { added.push_back(r); });
        std::unique_ptr<QMenu> menu(window.alertsView()->contextMenuFor(0, &window));
        QVERIFY(findAction(menu.get(), QStringLiteral("Allowlist domain…")));
        QVERIFY(findAction(menu.get(), QStringLiteral("Allowlist suffix…")));
        QAction* byClient = findAction(menu.get(), QStringLiteral("Allowlist client…"));
        QVERIFY(byClient);
        byClient->trigger();
        QCOMPARE(opened.size(), std::size_t(1));
        AllowlistDialog* dialog = opened.front();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->valueEdit()->text(), client);
        QVERIFY(!dialog->okButton()->isEnabled());  // a reason is required
        QTest::keyClicks(dialog->reasonEdit(), QStringLiteral("penetration test box"));
        QVERIFY(dialog->okButton()->isEnabled());
        dialog->expiresCheck()->setChecked(true);
        dialog->expiryEdit()->setDate(QDate(2099, 12, 31));
        QVERIFY(dialog->grab().save(artifact(QStringLiteral("allowlist_dialog.png"))));
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QCOMPARE(added.size(), std::size_t(1));

        // Suffix: the proposal is the domain's parent, or the domain itself for two labels.
        std::unique_ptr<QMenu> second(window.alertsView()->contextMenuFor(
            rowOfClient(*model, QString::fromStdString(model->alertAt(1).client)), &window));
        findAction(second.get(), QStringLiteral("Allowlist suffix…"))->trigger();
        QCOMPARE(opened.size(), std::size_t(2));
        AllowlistDialog* suffixDialog = opened.back();
        QCOMPARE(suffixDialog->valueEdit()->text(),
                 dnshound::ui::allowlist::AllowlistActions::proposedSuffix(domain));
        suffixDialog->valueEdit()->setText(QStringLiteral("bad..name"));
        suffixDialog->reasonEdit()->setText(QStringLiteral("x"));
        QVERIFY(!suffixDialog->okButton()->isEnabled());  // not a domain name
        suffixDialog->valueEdit()->setText(domain);
        QVERIFY(suffixDialog->okButton()->isEnabled());
        QTest::mouseClick(suffixDialog->okButton(), Qt::LeftButton);
        QCOMPARE(added.size(), std::size_t(2));

        // The file loads and holds both entries, in order.
        const auto list = dnshound::core::config::loadAllowlistFile(
            allowPath.toStdString(), QDateTime::currentMSecsSinceEpoch() * 1000);
        QCOMPARE(list.entries().size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(list.entries()[0].value), client);
        QCOMPARE(list.entries()[0].reason, std::string("penetration test box"));
        QCOMPARE(dnshound::core::config::allowTimeText(list.entries()[0].expiresUs),
                 std::string("2100-01-01T00:00:00Z"));
        QCOMPARE(list.entries()[1].kind, dnshound::core::config::AllowKind::Suffix);
        QCOMPARE(QString::fromStdString(list.entries()[1].value), domain);
        QVERIFY(QFile(allowPath).size() > 0);

        // The analysis file records them.
        const dnshound::core::store::AnalysisReader reader(path("edit.sqlite").toStdString());
        const auto stored = reader.allowlist();
        QCOMPARE(stored.size(), std::size_t(2));
        QCOMPARE(stored[0].kind, std::string("client"));
        QCOMPARE(QString::fromStdString(stored[0].value), client);
        QCOMPARE(stored[1].kind, std::string("suffix"));

        // Both alerts show as suppressed now, the others do not; and after reopening too.
        auto stateOf = [&](const AlertTableModel& m, const std::string& c) {
            for (int row = 0; row < m.rowCount(); ++row)
                if (m.alertAt(row).client == c) return m.alertAt(row).state;
            return std::string();
        };
        const std::string firstClient = client.toStdString();
        QCOMPARE(stateOf(*model, firstClient), std::string("suppressed"));
        int suppressed = 0;
        for (int row = 0; row < model->rowCount(); ++row)
            suppressed += model->alertAt(row).state == "suppressed" ? 1 : 0;
        QVERIFY(suppressed >= 2);
        QVERIFY(suppressed < 4 || domain.count(QLatin1Char('.')) == 0);
        QSignalSpy reopened(&window, &MainWindow::analysisShown);
        window.openAnalysisFile(path("edit.sqlite"));
        QVERIFY(reopened.wait(30'000));
        QCOMPARE(stateOf(*window.alertModel(), firstClient), std::string("suppressed"));
        window.tabs()->setCurrentIndex(1);
        QTest::qWait(50);
        QVERIFY(window.grab().save(artifact(QStringLiteral("alerts_suppressed.png"))));
    }
};

QTEST_MAIN(TestDatasetAllowlist)
#include "test_dataset_allowlist.moc"
