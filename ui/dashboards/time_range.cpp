#include "ui/dashboards/time_range.h"

#include <QDateTime>
#include <QTimeZone>

#include "ui/display/display_text.h"

namespace dnshound::ui::dashboards {

TimeRange::TimeRange(QObject* parent) : QObject(parent) {}

QString TimeRange::text() const {
    if (!isSet()) return tr("all events");
    const auto at = [](std::int64_t us) {
        return QDateTime::fromMSecsSinceEpoch(us / 1000, QTimeZone::utc());
    };
    const QDateTime from = at(m_fromUs);
    const QDateTime to = at(m_toUs);
    const QString end = to.date() == from.date()
                            ? to.toString(QStringLiteral("HH:mm:ss"))
                            : to.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    return tr("%1 – %2 UTC (%3)")
        .arg(from.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), end,
             display::duration(static_cast<double>(m_toUs - m_fromUs) / 1e6));
}

void TimeRange::set(std::int64_t fromUs, std::int64_t toUs) {
    if (toUs <= fromUs || (fromUs == m_fromUs && toUs == m_toUs)) return;
    m_fromUs = fromUs;
    m_toUs = toUs;
    Q_EMIT changed(m_fromUs, m_toUs);
}

void TimeRange::reset() {
    if (!isSet()) return;
    m_fromUs = 0;
    m_toUs = 0;
    Q_EMIT changed(0, 0);
}

}  // namespace dnshound::ui::dashboards
