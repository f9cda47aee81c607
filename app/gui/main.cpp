#include <QApplication>
#include <QFileInfo>
#include <QStringList>
#include <QTimer>

#include "ui/main_window.h"

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("DNS Hound"));
    QApplication::setOrganizationName(QStringLiteral("dnshound"));
    QApplication::setApplicationVersion(QStringLiteral(DNSHOUND_VERSION));

    dnshound::ui::MainWindow window;
    window.show();

    // `dnshound FILE...`: an analysis file is shown, DNS logs are analysed at once.
    QStringList paths = QApplication::arguments().mid(1);
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
