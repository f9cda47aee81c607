#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace dnshound::core::pipeline {

// A blocking FIFO of bounded capacity joining two pipeline threads. push() blocks while the
// queue is full (backpressure: a fast reader cannot outrun the detector and eat memory); pop()
// blocks while it is empty and returns nullopt once the producer closed it and it drained.
// A blocked producer resumes only once the queue drained to half its capacity, and each side
// signals the other only when it is actually waiting: with small items and a slower consumer,
// handing over one item per wake-up would cost a context switch per item.
template <typename T>
class BoundedQueue final {
public:
    explicit BoundedQueue(std::size_t capacity) : m_capacity(capacity ? capacity : 1) {}

    // Returns false when the queue was closed (the item is dropped: the consumer is gone).
    bool push(T item) {
        std::unique_lock lock(m_mutex);
        if (m_items.size() >= m_capacity && !m_closed) {
            ++m_waitingProducers;
            m_notFull.wait(lock, [&] { return m_items.size() <= m_capacity / 2 || m_closed; });
            --m_waitingProducers;
        }
        if (m_closed) return false;
        m_items.push_back(std::move(item));
        if (m_waitingConsumers > 0) m_notEmpty.notify_one();
        return true;
    }

    std::optional<T> pop() {
        std::unique_lock lock(m_mutex);
        if (m_items.empty() && !m_closed) {
            ++m_waitingConsumers;
            m_notEmpty.wait(lock, [&] { return !m_items.empty() || m_closed; });
            --m_waitingConsumers;
        }
        if (m_items.empty()) return std::nullopt;
        T item = std::move(m_items.front());
        m_items.pop_front();
        if (m_waitingProducers > 0 && m_items.size() <= m_capacity / 2) m_notFull.notify_one();
        return item;
    }

    // No more pushes; consumers drain what is left, then pop() returns nullopt.
    void close() {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_notEmpty.notify_all();
        m_notFull.notify_all();
    }

    // Fill level 0..1, for the Log Volumes dashboard.
    double fill() const {
        std::lock_guard lock(m_mutex);
        return static_cast<double>(m_items.size()) / static_cast<double>(m_capacity);
    }

private:
    const std::size_t m_capacity;
    mutable std::mutex m_mutex;
    std::condition_variable m_notEmpty;
    std::condition_variable m_notFull;
    std::deque<T> m_items;
    std::size_t m_waitingProducers = 0;
    std::size_t m_waitingConsumers = 0;
    bool m_closed = false;
};

}  // namespace dnshound::core::pipeline
