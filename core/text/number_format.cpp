#include "core/text/number_format.h"

#include <cstdio>

namespace dnshound::core::text {

std::string fixedDecimals(double v, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.*f", digits, v);
    return buf;
}

std::string sixSignificant(double v) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.6g", v);
    return buf;
}

}  // namespace dnshound::core::text
