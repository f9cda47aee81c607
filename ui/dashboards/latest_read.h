#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent>
#include <functional>
#include <optional>
#include <utility>

namespace dnshound::ui::dashboards {

// One background read at a time on the thread pool: a request while one runs is queued, and a
// newer request replaces the queued one, so fast range changes never stack reads. The read
// function must capture values only (paths, windows), never widgets: it may outlive its owner.
template <typename T>
class LatestRead final {
public:
    LatestRead(QObject* context, std::function<void(const T&)> onDone) {
        QObject::connect(&m_watcher, &QFutureWatcher<T>::finished, context,
                         [this, done = std::move(onDone)] {
                             if (m_queued) {
                                 auto next = std::move(*m_queued);
                                 m_queued.reset();
                                 start(std::move(next));
                                 return;
                             }
                             done(m_watcher.result());
                         });
    }

    void request(std::function<T()> read) {
        if (m_watcher.isRunning()) {
            m_queued = std::move(read);
            return;
        }
        start(std::move(read));
    }
    bool busy() const { return m_watcher.isRunning() || m_queued.has_value(); }

private:
    void start(std::function<T()> read) { m_watcher.setFuture(QtConcurrent::run(std::move(read))); }

    QFutureWatcher<T> m_watcher;
    std::optional<std::function<T()>> m_queued;
};

}  // namespace dnshound::ui::dashboards
