#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

class QMenu;

namespace dnshound::ui::session {

// The analysis files and DNS logs opened lately, newest first, kept in QSettings under
// "session/recentFiles" (at most kMaxEntries; files that disappeared are dropped when listed).
class RecentFiles final : public QObject {
    Q_OBJECT

public:
    static constexpr int kMaxEntries = 10;

    explicit RecentFiles(QObject* parent = nullptr);

    QStringList paths() const;
    void add(const QString& path);
    void clear();
    // Fills `menu` with one action per entry (Alt+1.. for the first nine) and "Clear list".
    void populate(QMenu* menu);

Q_SIGNALS:
    void openRequested(const QString& path);
    void changed();
};

}  // namespace dnshound::ui::session
