#include "ui/session/recent_files.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace dnshound::ui::session {

namespace {
const QString kKey = QStringLiteral("session/recentFiles");
}

RecentFiles::RecentFiles(QObject* parent) : QObject(parent) {}

QStringList RecentFiles::paths() const {
    QStringList out;
    for (const QString& path : QSettings().value(kKey).toStringList())
        if (QFileInfo::exists(path) && !out.contains(path)) out.push_back(path);
    return out.mid(0, kMaxEntries);
}

void RecentFiles::add(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = QSettings().value(kKey).toStringList();
    list.removeAll(absolute);
    list.prepend(absolute);
    QSettings().setValue(kKey, list.mid(0, kMaxEntries));
    Q_EMIT changed();
}

void RecentFiles::clear() {
    QSettings().remove(kKey);
    Q_EMIT changed();
}

void RecentFiles::populate(QMenu* menu) {
    menu->clear();
    const QStringList list = paths();
    for (int i = 0; i < list.size(); ++i) {
        const QString path = list[i];
        QAction* action =
            menu->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(QDir::toNativeSeparators(path)),
                            this, [this, path] { Q_EMIT openRequested(path); });
        if (i < 9) action->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_1 + i)));
    }
    if (list.isEmpty()) menu->addAction(tr("No recent files"))->setEnabled(false);
    menu->addSeparator();
    auto* clearAction = menu->addAction(tr("Clear list"));
    clearAction->setEnabled(!list.isEmpty());
    connect(clearAction, &QAction::triggered, this, &RecentFiles::clear);
}

}  // namespace dnshound::ui::session
