#pragma once

#include <string>

namespace dnshound::core::text {

// printf-style number renderings for reports: "%.*f" and "%.6g".
std::string fixedDecimals(double v, int digits);
std::string sixSignificant(double v);

}  // namespace dnshound::core::text
