// Analysis > Allowlist…: the list editor adds, edits and removes entries; each change is in the
// allowlist file (it loads) and in the open analysis file, and the "Alerts matched" column counts
// the analysis' alerts each entry matches.
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "core/config/allowlist.h"
#include "core/store/analysis_reader.h"
#include "ui/alerts/alert_table_model.h"
#include "ui/allowlist/allowlist_dialog.h"
#include "ui/allowlist/allowlist_editor.h"
#include "ui/main_window.h"
#include "ui/ui_test_support.h"

using dnshound::ui::MainWindow;
using dnshound::ui::allowlist::AllowlistDialog;
using dnshound::ui::allowlist::AllowlistEditor;
namespace config = dnshound::core::config;

using dnshound::test::artifact;
using dnshound::test::runCli;

namespace {

std::vector<config::AllowEntry> fileEntries(const QString& path) {
    return config::loadAllowlistFile(path.toStdString(), QDateTime::currentMSecsSinceEpoch() * 1000)
        .entries();
}

}  // namespace

class TestAllowlistEditor : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const char* name) const { return m_dir.filePath(QString::fromUtf8(name)); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY(runCli(
            {QStringLiteral("generate-sample"), QStringLiteral("--out"), path("sample.log")}));
        QVERIFY(runCli({QStringLiteral("analyze"), QStringLiteral("--input"), path("sample.log"),
                        QStringLiteral("--db"), path("a.sqlite"), QStringLiteral("--quiet")}));
    }

    void addEditRemove() {
        const QString allowPath = path("conf/allowlist.yaml");
        MainWindow window;
        window.setAllowlistPath(allowPath);
        window.resize(1300, 800);
        window.show();
        QSignalSpy shown(&window, &MainWindow::analysisShown);
        window.openAnalysisFile(path("a.sqlite"));
        QVERIFY(shown.wait(30'000));
        const auto* alerts = window.alertModel();
        QVERIFY(alerts->rowCount() > 0);
        const auto first = alerts->alertAt(0);
        int alertsOfClient = 0;
        for (int r = 0; r < alerts->rowCount(); ++r)
            alertsOfClient += alerts->alertAt(r).client == first.client ? 1 : 0;

        auto* action = window.findChild<QAction*>(QStringLiteral("editAllowlistAction"));
        QVERIFY(action);
        QCOMPARE(action->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+L")));
        action->trigger();
        auto* editor = window.findChild<AllowlistEditor*>();
        QVERIFY(editor);
        QVERIFY(editor->isVisible());
        QCOMPARE(editor->table()->rowCount(), 0);
        std::vector<AllowlistDialog*> opened;
        connect(editor, &AllowlistEditor::entryDialogOpened, this,
                [&opened](AllowlistDialog* d) { opened.push_back(d); });

        // Add: a client entry.
        editor->kindChoice()->setCurrentIndex(2);
        QTest::mouseClick(editor->addButton(), Qt::LeftButton);
        QCOMPARE(opened.size(), std::size_t(1));
        QCOMPARE(opened.back()->kind(), config::AllowKind::Client);
        QVERIFY(!opened.back()->okButton()->isEnabled());
        QTest::keyClicks(opened.back()->valueEdit(), QString::fromStdString(first.client));
        QTest::keyClicks(opened.back()->reasonEdit(), QStringLiteral("scanner"));
        QVERIFY(opened.back()->okButton()->isEnabled());
        QTest::mouseClick(opened.back()->okButton(), Qt::LeftButton);
        QCOMPARE(editor->table()->rowCount(), 1);
        QCOMPARE(editor->table()->item(0, AllowlistEditor::Value)->text(),
                 QString::fromStdString(first.client));
        QCOMPARE(editor->table()->item(0, AllowlistEditor::Matched)->text(),
                 QString::number(alertsOfClient));
        auto entries = fileEntries(allowPath);
        QCOMPARE(entries.size(), std::size_t(1));
        QCOMPARE(entries[0].value, first.client);
        QCOMPARE(entries[0].reason, std::string("scanner"));
        QCOMPARE(entries[0].expiresUs, std::int64_t(0));

        // Add: a domain entry.
        editor->kindChoice()->setCurrentIndex(0);
        QTest::mouseClick(editor->addButton(), Qt::LeftButton);
        QCOMPARE(opened.size(), std::size_t(2));
        opened.back()->valueEdit()->setText(QStringLiteral("Updates.Example.COM."));
        opened.back()->reasonEdit()->setText(QStringLiteral("vendor updates"));
        QTest::mouseClick(opened.back()->okButton(), Qt::LeftButton);
        QCOMPARE(editor->table()->rowCount(), 2);
        QCOMPARE(fileEntries(allowPath).size(), std::size_t(2));

        // Edit the client entry: new reason and an expiry; the value stays.
        editor->table()->selectRow(0);
        QVERIFY(editor->editButton()->isEnabled());
        QTest::mouseClick(editor->editButton(), Qt::LeftButton);
        QCOMPARE(opened.size(), std::size_t(3));
        AllowlistDialog* edit = opened.back();
        QCOMPARE(edit->valueEdit()->text(), QString::fromStdString(first.client));
        QCOMPARE(edit->reasonEdit()->text(), QStringLiteral("scanner"));
        edit->reasonEdit()->setText(QStringLiteral("authorised scanner"));
        edit->expiresCheck()->setChecked(true);
        edit->expiryEdit()->setDate(QDate(2099, 12, 31));
        QTest::mouseClick(edit->okButton(), Qt::LeftButton);
        entries = fileEntries(allowPath);
        QCOMPARE(entries.size(), std::size_t(2));
        QCOMPARE(entries[0].reason, std::string("authorised scanner"));
        QCOMPARE(config::allowTimeText(entries[0].expiresUs), std::string("2100-01-01T00:00:00Z"));
        QCOMPARE(entries[1].value, std::string("updates.example.com"));
        QCOMPARE(editor->table()->item(0, AllowlistEditor::Reason)->text(),
                 QStringLiteral("authorised scanner"));
        QTest::qWait(50);
        QVERIFY(editor->grab().save(artifact(QStringLiteral("allowlist_editor.png"))));

        // The analysis file holds the same list.
        {
            const dnshound::core::store::AnalysisReader reader(path("a.sqlite").toStdString());
            const auto stored = reader.allowlist();
            QCOMPARE(stored.size(), std::size_t(2));
            QCOMPARE(stored[0].kind, std::string("client"));
            QCOMPARE(stored[0].reason, std::string("authorised scanner"));
            QCOMPARE(stored[1].value, std::string("updates.example.com"));
        }

        // Remove the client entry.
        editor->table()->selectRow(0);
        QTest::mouseClick(editor->removeButton(), Qt::LeftButton);
        QCOMPARE(editor->table()->rowCount(), 1);
        entries = fileEntries(allowPath);
        QCOMPARE(entries.size(), std::size_t(1));
        QCOMPARE(entries[0].kind, config::AllowKind::Domain);
        const dnshound::core::store::AnalysisReader reader(path("a.sqlite").toStdString());
        QCOMPARE(reader.allowlist().size(), std::size_t(1));

        // A fresh editor reads the file back.
        editor->close();
        action->trigger();
        QTRY_VERIFY(window.findChildren<AllowlistEditor*>().size() >= 1);
        AllowlistEditor* again = nullptr;
        for (auto* e : window.findChildren<AllowlistEditor*>())
            if (e->isVisible()) again = e;
        QVERIFY(again);
        QCOMPARE(again->table()->rowCount(), 1);
        QCOMPARE(again->table()->item(0, AllowlistEditor::Value)->text(),
                 QStringLiteral("updates.example.com"));
    }
};

QTEST_MAIN(TestAllowlistEditor)
#include "test_allowlist_editor.moc"
