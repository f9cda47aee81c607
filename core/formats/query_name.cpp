#include "core/formats/query_name.h"

#include <array>

namespace dnshound::core::formats {

std::optional<event::NameId> internQueryName(std::string_view raw, event::NameTable& names) {
    if (raw.empty()) return std::nullopt;
    if (raw == ".") return names.intern(".");
    std::array<char, 256> buf;
    const std::string_view name = event::normaliseName(raw, buf);
    if (name.empty()) return std::nullopt;
    std::size_t label = 0;
    for (const char ch : name) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7f) return std::nullopt;
        if (c == '.') {
            if (label == 0) return std::nullopt;
            label = 0;
        } else if (++label > 63) {
            return std::nullopt;
        }
    }
    if (label == 0) return std::nullopt;
    return names.intern(name);
}

}  // namespace dnshound::core::formats
