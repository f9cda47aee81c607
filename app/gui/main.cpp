#include <QApplication>
#include <QFileInfo>
#include <QIcon>
#include <QMenuBar>
#include <QStringList>
#include <QTimer>
#include <cstdio>

#include "ui/main_window.h"
#include "ui/theme/system_palette.h"

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("DNS Hound"));
    QApplication::setOrganizationName(QStringLiteral("dnshound"));
    QApplication::setApplicationVersion(QStringLiteral(DNSHOUND_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("dnshound"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("dnshound")));
    dnshound::ui::theme::followDesktopColorScheme(app);

    QStringList paths = QApplication::arguments().mid(1);
    // --version: the Qt libraries and a platform plugin loaded, which is what an install check
    // needs to know. --self-test: also builds and shows the main window, then quits.
    if (paths == QStringList{QStringLiteral("--version")}) {
        std::printf("dnshound %s (Qt %s, platform %s)\n", DNSHOUND_VERSION, qVersion(),
                    qPrintable(QGuiApplication::platformName()));
        return 0;
    }
    dnshound::ui::MainWindow window;
    window.show();
    if (paths == QStringList{QStringLiteral("--self-test")}) {
        QTimer::singleShot(0, &window, [&window] {
            std::printf("dnshound self-test: main window %dx%d with %d menus: ok\n", window.width(),
                        window.height(), static_cast<int>(window.menuBar()->actions().size()));
            QApplication::quit();
        });
        return QApplication::exec();
    }

    // `dnshound FILE...`: an analysis file is shown, DNS logs are analysed at once.
    if (!paths.isEmpty()) {
        QTimer::singleShot(0, &window, [&window, paths] {
            const QString first = paths.front();
            const QString suffix = QFileInfo(first).suffix().toLower();
            if (paths.size() == 1 &&
                (suffix == QLatin1String("sqlite") || suffix == QLatin1String("db"))) {
                window.openAnalysisFile(first);
            } else {
                window.openInputs(paths);
            }
        });
    }
    return QApplication::exec();
}
