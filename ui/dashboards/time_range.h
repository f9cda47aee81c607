#pragma once

#include <QObject>
#include <QString>
#include <cstdint>

namespace dnshound::ui::dashboards {

// The stretch of event time every view shows; one instance, owned by the main window, which fans
// its changes out to the dashboards and tables. Empty (both ends 0) means the whole analysis.
class TimeRange final : public QObject {
    Q_OBJECT

public:
    explicit TimeRange(QObject* parent = nullptr);

    std::int64_t fromUs() const { return m_fromUs; }
    std::int64_t toUs() const { return m_toUs; }
    bool isSet() const { return m_toUs > m_fromUs; }
    // "2026-11-27 10:05:00 – 10:20:00 UTC (15 min)"; "all events" when unset.
    QString text() const;

    // Ignored when to <= from; emits changed() only when the range differs.
    void set(std::int64_t fromUs, std::int64_t toUs);
    void reset();

Q_SIGNALS:
    void changed(std::int64_t fromUs, std::int64_t toUs);

private:
    std::int64_t m_fromUs = 0;
    std::int64_t m_toUs = 0;
};

}  // namespace dnshound::ui::dashboards
