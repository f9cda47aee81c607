#include "ui/display/display_text.h"

#include <QDateTime>
#include <QLocale>
#include <QStringList>
#include <QTimeZone>
#include <cmath>

namespace dnshound::ui::display {

QString eventTime(std::int64_t timeUs) {
    if (timeUs == 0) return {};
    return QDateTime::fromMSecsSinceEpoch(timeUs / 1000, QTimeZone::utc())
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString count(std::uint64_t value) {
    return QLocale().toString(static_cast<qulonglong>(value));
}

QString duration(double secs) {
    if (!std::isfinite(secs) || secs < 0) return QStringLiteral("–");
    const auto total = static_cast<qint64>(std::llround(secs));
    if (total < 60) return QStringLiteral("%1 s").arg(total);
    if (total < 3600) {
        return QStringLiteral("%1 min %2 s")
            .arg(total / 60)
            .arg(total % 60, 2, 10, QLatin1Char('0'));
    }
    return QStringLiteral("%1 h %2 min")
        .arg(total / 3600)
        .arg((total % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString score(double value) {
    if (value < 0) return {};
    return QString::number(value, 'f', 3);
}

QString commaList(const std::vector<std::string>& items) {
    QStringList out;
    out.reserve(static_cast<qsizetype>(items.size()));
    for (const std::string& item : items) out.push_back(QString::fromStdString(item));
    return out.join(QStringLiteral(", "));
}

}  // namespace dnshound::ui::display
