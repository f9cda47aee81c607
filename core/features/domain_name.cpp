#include "core/features/domain_name.h"

namespace dnshound::core::features {

std::string_view domainNameProblem(std::string_view name) {
    if (name.empty()) return "empty name";
    if (name.size() > 253) return "name longer than 253 characters";
    std::size_t label = 0;
    for (char c : name) {
        if (c == '.') {
            if (label == 0) return "empty label";
            label = 0;
            continue;
        }
        if (++label > 63) return "label longer than 63 characters";
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) return "character not allowed in a host name";
    }
    if (label == 0) return "empty label";
    return {};
}

}  // namespace dnshound::core::features
