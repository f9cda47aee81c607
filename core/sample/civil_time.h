#pragma once

#include <cstdint>

namespace dnshound::core::sample {

// A proleptic Gregorian calendar day (UTC).
struct CivilDate {
    int year = 1970;
    int month = 1;  // 1..12
    int day = 1;    // 1..31
    friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

// Days since 1970-01-01 and back (H. Hinnant's days_from_civil / civil_from_days).
std::int64_t daysFromCivil(CivilDate date);
CivilDate civilFromDays(std::int64_t days);

// Milliseconds since the Unix epoch of a UTC date and time of day.
std::int64_t epochMs(CivilDate date, int hour, int minute, int second);

// Writes "YYYY-MM-DDTHH:MM:SS.mmmZ" (exactly kTimestampLength characters, no terminator).
inline constexpr int kTimestampLength = 24;
void formatTimestamp(char* out, std::int64_t epochMilliseconds);

}  // namespace dnshound::core::sample
