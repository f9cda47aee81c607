#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dnshound::core::report {

// Plain formatting shared by every report format, so HTML, PDF, CSV and JSON agree.

// Event time (µs since the epoch) as "2026-11-27 10:00:00 UTC"; "-" for 0.
std::string utcText(std::int64_t timeUs);
// The same as ISO 8601 with milliseconds: "2026-11-27T10:00:00.000Z" (CSV and JSON).
std::string isoTime(std::int64_t timeUs);
// A span of time as "42 s", "3 min 5 s", "2 h 10 min" or "3 d 4 h".
std::string durationText(std::int64_t us);
// 1234567 as "1,234,567".
std::string countText(std::int64_t value);
// A share as "12.3 %"; "-" when the whole is 0.
std::string percentText(std::int64_t part, std::int64_t whole);
// A score 0..1 as "0.973"; "not scored" when negative.
std::string scoreText(double score);

}  // namespace dnshound::core::report

namespace dnshound::core::report {
// "2026-11-27T10:00:00Z", "2026-11-27 10:00:00", "2026-11-27T10:00" or "2026-11-27" (UTC),
// or seconds since the epoch, as µs since the epoch; nullopt when it is none of these.
std::optional<std::int64_t> parseUtc(std::string_view text);
}  // namespace dnshound::core::report
