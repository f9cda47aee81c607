#pragma once

#include <string>
#include <string_view>

namespace dnshound::core::text {

// Decodes the inside of a JSON string literal (the text between the quotes, escapes intact) into
// `out` (cleared first) as UTF-8: the two-character escapes, \uXXXX and surrogate pairs. Returns
// false on a bad or truncated escape; `out` then holds what was decoded before it.
bool decodeJsonString(std::string_view raw, std::string& out);

}  // namespace dnshound::core::text
