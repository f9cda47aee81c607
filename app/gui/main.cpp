#include <QApplication>
#include <QFileInfo>
#include <QIcon>
#include <QMenuBar>
#include <QStringList>
#include <QTimer>
#include <cstdio>
#include <cstdlib>

#include "ui/main_window.h"
#include "ui/theme/system_palette.h"

namespace {

bool isSet(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0';
}

}  // namespace

int main(int argc, char* argv[]) {
    // Without a display Qt aborts with a plugin message; say what to do instead.
    if (!isSet("QT_QPA_PLATFORM") && !isSet("DISPLAY") && !isSet("WAYLAND_DISPLAY")) {
        std::fprintf(stderr,
                     "dnshound: no display (DISPLAY and WAYLAND_DISPLAY are unset). Start it in a "
                     "desktop session, use dnshound-cli on a headless machine, or set "
                     "QT_QPA_PLATFORM=offscreen for a check such as --self-test.\n");
        return 2;
    }
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
