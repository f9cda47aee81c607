#include "ui/triage/alert_triage.h"

#include <QDateTime>
#include <QPointer>
#include <QtConcurrent>
#include <exception>
#include <type_traits>

#include "core/store/triage_store.h"

namespace dnshound::ui::triage {

namespace {

std::int64_t nowUs() {
    return QDateTime::currentMSecsSinceEpoch() * 1000;
}

// Runs `work` on the pool and hands its result (an error text, empty on success) to `done` on
// the owner's thread, unless the owner is gone by then.
template <typename Work, typename Done>
void runQueued(AlertTriage* owner, QThreadPool* pool, Work work, Done done) {
    QPointer<AlertTriage> guard(owner);
    using Result = std::invoke_result_t<Work>;
    auto future = QtConcurrent::run(pool, std::move(work));
    future.then(owner, [guard, done](Result result) {
        if (guard) done(result);
    });
}

}  // namespace

AlertTriage::AlertTriage(QObject* parent) : QObject(parent) {
    m_pool.setMaxThreadCount(1);
}

AlertTriage::~AlertTriage() {
    // A write in flight finishes: one short transaction, which may first wait for the index
    // build of a first sort to end (TriageStore).
    m_pool.waitForDone();
}

QString AlertTriage::author() {
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? QStringLiteral("analyst") : user;
}

QString AlertTriage::stateLabel(const QString& state) {
    if (state == QLatin1String("new")) return tr("new");
    if (state == QLatin1String("acknowledged")) return tr("acknowledged");
    if (state == QLatin1String("false_positive")) return tr("false positive");
    if (state == QLatin1String("escalated")) return tr("escalated");
    return state;
}

void AlertTriage::setState(std::int64_t alertId, const QString& state) {
    const std::string path = m_dbPath.toStdString();
    const std::string who = author().toStdString();
    const std::string target = state.toStdString();
    runQueued(
        this, &m_pool,
        [path, who, target, alertId]() -> QString {
            try {
                core::store::TriageStore(path).setState(alertId, target, who, nowUs());
                return {};
            } catch (const std::exception& error) {
                return QString::fromStdString(error.what());
            }
        },
        [this, alertId, state](const QString& error) {
            if (!error.isEmpty()) {
                Q_EMIT failed(tr("Cannot set the alert's state: %1").arg(error));
                return;
            }
            Q_EMIT stateChanged(alertId, state);
        });
}

void AlertTriage::addNote(std::int64_t alertId, const QString& text) {
    const std::string path = m_dbPath.toStdString();
    const std::string who = author().toStdString();
    const std::string body = text.toStdString();
    runQueued(
        this, &m_pool,
        [path, who, body, alertId]() -> QString {
            try {
                core::store::TriageStore(path).addNote(alertId, who, body, nowUs());
                return {};
            } catch (const std::exception& error) {
                return QString::fromStdString(error.what());
            }
        },
        [this, alertId](const QString& error) {
            if (!error.isEmpty()) {
                Q_EMIT failed(tr("Cannot add the note: %1").arg(error));
                return;
            }
            Q_EMIT noteAdded(alertId);
        });
}

void AlertTriage::loadHistory(std::int64_t alertId) {
    const std::string path = m_dbPath.toStdString();
    runQueued(
        this, &m_pool,
        [path, alertId] {
            TriageHistory history;
            history.alertId = alertId;
            try {
                const core::store::TriageStore store(path);
                history.notes = store.notes(alertId);
                history.changes = store.changes(alertId);
            } catch (const std::exception& error) {
                history.error = QString::fromStdString(error.what());
            }
            return history;
        },
        [this](const TriageHistory& history) { Q_EMIT historyLoaded(history); });
}

}  // namespace dnshound::ui::triage
