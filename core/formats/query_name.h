#pragma once

#include <optional>
#include <string_view>

#include "core/event/name_table.h"

namespace dnshound::core::formats {

// Normalises (lower case, no trailing dot) and interns a query name taken from a log. Rejects
// (nullopt) names over 253 characters, labels over 63, empty labels and control characters;
// "." (the root) is kept as ".".
std::optional<event::NameId> internQueryName(std::string_view raw, event::NameTable& names);

}  // namespace dnshound::core::formats
