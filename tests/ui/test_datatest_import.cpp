// Datatest mode from the GUI: File > Open with ground truth… analyses a labelled sample log against
// its truth file, and the Dataset tab shows the confusion matrices the analysis file holds.
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include "core/store/analysis_reader.h"
#include "ui/analysis/analysis_types.h"
#include "ui/analysis/ground_truth_dialog.h"
#include "ui/dashboards/dataset_dashboard.h"
#include "ui/main_window.h"
#include "ui/ui_test_support.h"

using dnshound::ui::MainWindow;
using dnshound::ui::analysis::GroundTruthDialog;
using dnshound::ui::dashboards::DatasetDashboard;

using dnshound::test::artifact;
using dnshound::test::runCli;

namespace {

QAction* findAction(QMenu* menu, const QString& objectName) {
    for (QAction* a : menu->actions())
        if (a->objectName() == objectName) return a;
    return nullptr;
}

}  // namespace

class TestDatatestImport : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const char* name) const { return m_dir.filePath(QString::fromUtf8(name)); }

    // The dialog File > Open with ground truth… opens.
    static GroundTruthDialog* openFromMenu(MainWindow& window) {
        QMenu* fileMenu = window.menuBar()->actions().front()->menu();
        QAction* open = findAction(fileMenu, QStringLiteral("openWithGroundTruthAction"));
        if (open == nullptr || !open->isEnabled()) return nullptr;
        open->trigger();
        return window.findChild<GroundTruthDialog*>();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY(runCli({QStringLiteral("generate-sample"), QStringLiteral("--out"),
                        path("sample.log"), QStringLiteral("--labels"), path("labels.csv"),
                        QStringLiteral("--truth"), path("truth.json")}));
    }

    void truthFilesFillTheDatasetTab() {
        MainWindow window;
        window.resize(1300, 800);
        window.show();
        GroundTruthDialog* dialog = openFromMenu(window);
        QVERIFY(dialog != nullptr);
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->sourceButton(GroundTruthDialog::NoTruth)->isChecked());
        QVERIFY(!dialog->okButton()->isEnabled());  // no log yet
        dialog->setInputs({path("sample.log")});
        QVERIFY(dialog->okButton()->isEnabled());
        dialog->sourceButton(GroundTruthDialog::TruthFiles)->click();
        QVERIFY(!dialog->okButton()->isEnabled());  // truth files chosen, none listed
        dialog->setTruthFiles({path("labels.csv"), path("truth.json")});
        QVERIFY(dialog->okButton()->isEnabled());
        QVERIFY(dialog->grab().save(artifact(QStringLiteral("ground_truth_dialog.png"))));

        QSignalSpy finished(&window, &MainWindow::analysisFinished);
        QSignalSpy failed(&window, &MainWindow::analysisFailed);
        DatasetDashboard* dataset = window.dataset();
        QSignalSpy loaded(dataset, &DatasetDashboard::loaded);
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QVERIFY(window.isAnalysing());
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1 || failed.count() == 1, 50'000);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.front().front().toString()));
        QVERIFY(loaded.wait(10'000) || !loaded.isEmpty());
        QVERIFY(loaded.back().front().toBool());
        QVERIFY(dataset->hasData());
        QTRY_VERIFY_WITH_TIMEOUT(window.tabs()->indexOf(dataset) >= 0, 10'000);

        // Every cell of both matrices is what the written analysis file holds.
        const dnshound::core::store::AnalysisReader reader(window.analysisPath().toStdString());
        const auto cells = reader.confusion();
        QVERIFY(!cells.empty());
        std::int64_t total[DatasetDashboard::LevelCount] = {};
        std::int64_t truePositives[DatasetDashboard::LevelCount] = {};
        for (const auto& c : cells) {
            QVERIFY(c.level == "query" || c.level == "client");
            const auto level =
                c.level == "query" ? DatasetDashboard::Queries : DatasetDashboard::Clients;
            const bool truth = c.truth == "malicious";
            const bool predicted = c.predicted == "malicious";
            QCOMPARE(dataset->count(level, truth, predicted), c.count);
            total[level] += c.count;
            if (truth && predicted) truePositives[level] += c.count;
        }
        for (int level = 0; level < DatasetDashboard::LevelCount; ++level) {
            QVERIFY2(total[level] > 0, "a matrix is empty");
            QVERIFY2(truePositives[level] > 0, "no malicious name or client was found");
        }
        window.tabs()->setCurrentWidget(dataset);
        QTest::qWait(50);
        QVERIFY(window.grab().save(artifact(QStringLiteral("datatest_import.png"))));
    }

    void labelColumnMissingIsAClearError() {
        // The sample log has no label column: datatest on it fails with a message, not a crash.
        MainWindow window;
        window.show();
        GroundTruthDialog* dialog = window.openWithGroundTruth({path("sample.log")});
        dialog->setSource(GroundTruthDialog::LabelColumn);
        QVERIFY(dialog->okButton()->isEnabled());
        QSignalSpy failed(&window, &MainWindow::analysisFailed);
        QSignalSpy finished(&window, &MainWindow::analysisFinished);
        dialog->okButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1 || finished.count() == 1, 30'000);
        QCOMPARE(finished.count(), 0);
        QVERIFY2(failed.front().front().toString().contains(QStringLiteral("label")),
                 qPrintable(failed.front().front().toString()));
        QVERIFY(!window.dataset()->hasData());
    }
};

QTEST_MAIN(TestDatatestImport)
#include "test_datatest_import.moc"
