#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace dnshound::core::store {

// An analyst's note on an alert.
struct AlertNote {
    std::int64_t id = 0;
    std::int64_t alertId = 0;
    std::int64_t timeUs = 0;  // wall clock, µs since the epoch (UTC)
    std::string author;
    std::string text;
};

// One change of an alert's triage state.
struct TriageChange {
    std::int64_t id = 0;
    std::int64_t alertId = 0;
    std::int64_t timeUs = 0;
    std::string author;
    std::string fromState;
    std::string toState;
};

// The triage states an alert can be in, as stored.
inline constexpr std::array<std::string_view, 4> kTriageStates{"new", "acknowledged",
                                                               "false_positive", "escalated"};

inline bool isTriageState(std::string_view state) {
    for (const std::string_view s : kTriageStates) {
        if (s == state) return true;
    }
    return false;
}

}  // namespace dnshound::core::store
