#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "core/config/config.h"
#include "core/store/analysis_reader.h"
#include "ui/alerts/alert_table_model.h"
#include "ui/alerts/alerts_view.h"
#include "ui/client/client_view.h"
#include "ui/incident/report_export_dialog.h"
#include "ui/main_window.h"
#include "ui/session/recent_files.h"
#include "ui/settings/config_settings_dialog.h"
#include "ui/theme/system_palette.h"
#include "ui/ui_test_support.h"

using dnshound::ui::MainWindow;
using dnshound::ui::incident::ReportExportDialog;
using dnshound::ui::settings::ConfigSettingsDialog;

using dnshound::test::artifact;
using dnshound::test::runCli;

namespace {}  // namespace

class TestSessionAndExport final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void settingsDialogShowsErrorsAndSavesOnlyValidYaml();
    void recentFilesKeepTheNewestTen();
    void mainActionsHaveDistinctShortcuts();
    void exportsReportOfSelectedAlertAndClient();
    void followsTheDesktopColorScheme();

private:
    QTemporaryDir m_dir;
    QString m_analysis;
};

void TestSessionAndExport::initTestCase() {
    // Settings and the user config go to a scratch location, never the developer's own.
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("dnshound-test"));
    QApplication::setApplicationName(QStringLiteral("session-test"));
    QSettings().clear();
    QFile::remove(ConfigSettingsDialog::userConfigPath());
    QVERIFY(m_dir.isValid());
    const QString log = m_dir.filePath(QStringLiteral("sample.log"));
    m_analysis = m_dir.filePath(QStringLiteral("sample.sqlite"));
    QVERIFY(runCli({QStringLiteral("generate-sample"), QStringLiteral("--out"), log}));
    QVERIFY(runCli({QStringLiteral("analyze"), QStringLiteral("--input"), log,
                    QStringLiteral("--db"), m_analysis, QStringLiteral("--quiet")}));
}

void TestSessionAndExport::settingsDialogShowsErrorsAndSavesOnlyValidYaml() {
    const QString path = ConfigSettingsDialog::userConfigPath();
    QVERIFY(MainWindow::analysisConfigPath().isEmpty());  // no user config yet: the default
    ConfigSettingsDialog dialog(path);
    dialog.show();
    QCOMPARE(dialog.validate(), QString());  // starts from the built-in default, which is valid
    QString text = dialog.editor()->toPlainText();
    const QString good = QStringLiteral("[client_ip, IpAddress]");
    const int index = text.indexOf(good);
    QVERIFY(index > 0);
    const int line = static_cast<int>(text.left(index).count(u'\n')) + 1;
    text.replace(good, QStringLiteral("[client_ip, IpAdress]"));
    dialog.editor()->setPlainText(text);
    const QString error = dialog.validate();
    QVERIFY(!error.isEmpty());
    QCOMPARE(dialog.errorLine(), line);
    QVERIFY2(error.contains(QLatin1String("IpAdress")), qPrintable(error));
    QVERIFY(!dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Save)->isEnabled());
    QTest::qWait(50);
    QVERIFY(dialog.grab().save(artifact(QStringLiteral("settings_dialog_error.png"))));
    QVERIFY(!dialog.save());
    QVERIFY(!QFile::exists(path));

    // A valid edit saves, atomically, and analyses then use the file.
    text.replace(QStringLiteral("[client_ip, IpAdress]"), good);
    text.replace(QStringLiteral("batch_size: 2000"), QStringLiteral("batch_size: 1500"));
    dialog.editor()->setPlainText(text);
    QSignalSpy saved(&dialog, &ConfigSettingsDialog::saved);
    QVERIFY(dialog.save());
    QCOMPARE(saved.count(), 1);
    QCOMPARE(MainWindow::analysisConfigPath(), path);
    const auto config = dnshound::core::config::loadConfigFile(path.toStdString());
    QCOMPARE(config.batch.maxEvents, std::size_t(1500));
    QVERIFY(QFile::remove(path));
}

void TestSessionAndExport::recentFilesKeepTheNewestTen() {
    dnshound::ui::session::RecentFiles recent;
    recent.clear();
    QStringList made;
    for (int i = 0; i < 12; ++i) {
        const QString path = m_dir.filePath(QStringLiteral("recent-%1.sqlite").arg(i));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        made << path;
        recent.add(path);
    }
    recent.add(made.at(5));  // reopening moves it to the top, once
    const QStringList paths = recent.paths();
    QCOMPARE(paths.size(), dnshound::ui::session::RecentFiles::kMaxEntries);
    QCOMPARE(paths.front(), made.at(5));
    QCOMPARE(paths.at(1), made.at(11));
    QCOMPARE(QSet<QString>(paths.begin(), paths.end()).size(), paths.size());
    QVERIFY(QFile::remove(made.at(11)));  // files that vanished are not offered
    QVERIFY(!recent.paths().contains(made.at(11)));
    recent.clear();
    QVERIFY(recent.paths().isEmpty());
}

void TestSessionAndExport::mainActionsHaveDistinctShortcuts() {
    MainWindow window;
    QSet<QString> seen;
    QStringList named;
    const auto visit = [&](const auto& self, const QList<QAction*>& actions) -> void {
        for (QAction* action : actions) {
            if (action->menu() != nullptr) self(self, action->menu()->actions());
            for (const QKeySequence& key : action->shortcuts()) {
                const QString text = key.toString();
                QVERIFY2(!seen.contains(text), qPrintable(text + QStringLiteral(" twice")));
                seen.insert(text);
                named << action->text().remove(u'&') + QStringLiteral(" = ") + text;
            }
        }
    };
    visit(visit, window.menuBar()->actions());
    qInfo("%s", qPrintable(named.join(QStringLiteral("; "))));
    for (const char* key :
         {"Ctrl+O", "Ctrl+Shift+O", "Ctrl+Shift+S", "Ctrl+E", "Ctrl+F", "Ctrl+W", "Esc", "Ctrl+Q"})
        QVERIFY2(seen.contains(QLatin1String(key)), key);
    QVERIFY(!window.settingsAction()->shortcut().isEmpty());
    QVERIFY(!window.exportReportAction()->isEnabled());  // nothing to report on yet
}

void TestSessionAndExport::exportsReportOfSelectedAlertAndClient() {
    MainWindow window;
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QSignalSpy shown(&window, &MainWindow::analysisShown);
    window.openAnalysisFile(m_analysis);
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 30'000);
    QVERIFY(window.exportReportAction()->isEnabled());
    QCOMPARE(window.recentFiles()->paths().value(0), QFileInfo(m_analysis).absoluteFilePath());
    QVERIFY(window.alertModel()->rowCount() > 0);

    // Select the second alert (or the only one) in the Alerts tab: the dialog offers it.
    const int row = std::min(1, window.alertModel()->rowCount() - 1);
    const auto alert = window.alertModel()->alertAt(row);
    window.tabs()->setCurrentWidget(window.alertsView());
    window.alertsView()->table()->setCurrentIndex(window.alertModel()->index(row, 0));
    QCOMPARE(window.reportChoices().alertId, alert.id);
    QVERIFY(window.reportChoices().client.isEmpty());
    const auto extent = window.reportChoices();
    QVERIFY(extent.fromUs > 0 && extent.toUs >= extent.fromUs);

    window.exportReportAction()->trigger();
    auto* dialog = window.findChild<ReportExportDialog*>();
    QVERIFY(dialog != nullptr);
    QVERIFY(dialog->alertButton()->isChecked());
    QVERIFY(!dialog->clientButton()->isEnabled());
    QTest::qWait(50);
    QVERIFY(dialog->grab().save(artifact(QStringLiteral("export_report_dialog.png"))));
    const QString pdf = m_dir.filePath(QStringLiteral("from-gui.pdf"));
    dialog->setPath(pdf);
    QCOMPARE(dialog->selection().alertId, alert.id);
    QSignalSpy exported(&window, &MainWindow::reportExported);
    dialog->accept();
    QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, 30'000);
    QCOMPARE(exported.front().at(1).toString(), QString());
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.read(5), QByteArray("%PDF-"));
    QVERIFY(window.exportReportAction()->isEnabled());

    // With a client's tab in front the dialog offers that client; JSON names its alerts.
    const QString client = QString::fromStdString(alert.client);
    window.showClient(client);
    QCOMPARE(window.reportChoices().client, client);
    dnshound::core::report::ReportSelection selection;
    selection.scope = dnshound::core::report::ReportSelection::Scope::Client;
    selection.client = alert.client;
    const QString json = m_dir.filePath(QStringLiteral("client.json"));
    window.exportReport(selection, dnshound::ui::report::ReportFormat::Json, json);
    QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 2, 30'000);
    QCOMPARE(exported.back().at(1).toString(), QString());
    QFile jsonFile(json);
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    QVERIFY(jsonFile.readAll().contains(QByteArray("\"client\":\"") + client.toUtf8()));

    // Ctrl+W closes the client tab, Ctrl+F jumps to the alert filter.
    const int tabs = window.tabs()->count();
    QApplication::setActiveWindow(&window);  // the export dialog was the active window
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QCOMPARE(window.tabs()->currentWidget(), static_cast<QWidget*>(window.clientView(client)));
    QTest::keySequence(&window, QKeySequence(QStringLiteral("Ctrl+W")));
    QTRY_COMPARE(window.tabs()->count(), tabs - 1);
    QTest::keySequence(&window, QKeySequence::Find);
    QCOMPARE(window.tabs()->currentWidget(), window.alertsView());

    // A failed export says why and leaves nothing behind.
    const QString bad = m_dir.filePath(QStringLiteral("no-such-dir/report.pdf"));
    selection.client = "192.0.2.254";
    window.exportReport(selection, dnshound::ui::report::ReportFormat::Pdf, bad);
    QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 3, 30'000);
    QVERIFY(exported.back().at(1).toString().contains(QLatin1String("192.0.2.254")));
    QVERIFY(!QFile::exists(bad));
}

void TestSessionAndExport::followsTheDesktopColorScheme() {
    namespace theme = dnshound::ui::theme;
    const QPalette original = QApplication::palette();
    QVERIFY(!theme::isDark(original));  // the offscreen platform's palette is light
    qputenv("DNSHOUND_COLOR_SCHEME", "dark");
    QCOMPARE(theme::desktopPrefersDark(), std::optional<bool>(true));
    QVERIFY(theme::followDesktopColorScheme(*qApp));
    QVERIFY(theme::isDark(QApplication::palette()));
    QVERIFY(!theme::followDesktopColorScheme(*qApp));  // already dark: nothing to do

    dnshound::ui::incident::ReportChoices choices;
    choices.alertId = 7;
    choices.alertLabel = QStringLiteral("#7 (dga, client 10.0.0.5)");
    ReportExportDialog dialog(choices);
    dialog.show();
    QTest::qWait(50);
    const QImage shot = dialog.grab().toImage();
    QVERIFY(shot.save(artifact(QStringLiteral("export_report_dialog_dark.png"))));
    QVERIFY(qGray(shot.pixel(2, 2)) < 80);  // the dialog's background follows the palette

    qputenv("DNSHOUND_COLOR_SCHEME", "light");
    QVERIFY(theme::followDesktopColorScheme(*qApp));
    QVERIFY(!theme::isDark(QApplication::palette()));
    qunsetenv("DNSHOUND_COLOR_SCHEME");
    QApplication::setPalette(original);
}

QTEST_MAIN(TestSessionAndExport)
#include "test_session_and_export.moc"
