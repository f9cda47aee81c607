#pragma once

#include <QObject>
#include <QString>
#include <QThreadPool>
#include <vector>

#include "core/store/triage_records.h"

namespace dnshound::ui::triage {

struct TriageHistory {
    std::int64_t alertId = 0;
    std::vector<core::store::AlertNote> notes;
    std::vector<core::store::TriageChange> changes;
    QString error;
};

// Writes and reads an analysis file's triage (alert states, notes) off the GUI thread. Writes
// run one at a time in the order asked, each one short transaction (core::store::TriageStore).
class AlertTriage final : public QObject {
    Q_OBJECT

public:
    explicit AlertTriage(QObject* parent = nullptr);
    ~AlertTriage() override;

    void setAnalysis(const QString& dbPath) { m_dbPath = dbPath; }
    QString analysis() const { return m_dbPath; }

    void setState(std::int64_t alertId, const QString& state);
    void addNote(std::int64_t alertId, const QString& text);
    void loadHistory(std::int64_t alertId);

    // The name notes and state changes are signed with: $USER, else "analyst".
    static QString author();
    // "new", "acknowledged", ... as shown to people.
    static QString stateLabel(const QString& state);

Q_SIGNALS:
    void stateChanged(qint64 alertId, const QString& state);
    void noteAdded(qint64 alertId);
    void historyLoaded(const dnshound::ui::triage::TriageHistory& history);
    void failed(const QString& message);

private:
    QString m_dbPath;
    QThreadPool m_pool;  // one thread: writes stay in order
};

}  // namespace dnshound::ui::triage
