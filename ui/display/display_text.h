#pragma once

#include <QString>
#include <cstdint>
#include <string>
#include <vector>

namespace dnshound::ui::display {

// How the views print values; one place so every table and label agrees.

// Event time (µs since the epoch, UTC) as "2026-11-27 10:00:00"; empty for 0.
QString eventTime(std::int64_t timeUs);
// 1234567 -> "1,234,567" in the user's locale.
QString count(std::uint64_t value);
// Seconds as "42 s", "3 min 05 s" or "1 h 02 min".
QString duration(double secs);
// A DGA score in 0..1 as "0.973"; empty when negative (not scored).
QString score(double value);
// Words such as alert kinds as "dga, tunnel".
QString commaList(const std::vector<std::string>& items);

}  // namespace dnshound::ui::display
