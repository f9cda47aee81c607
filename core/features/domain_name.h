#pragma once

#include <string_view>

namespace dnshound::core::features {

// Why a normalised name (lower case, no trailing dot) cannot be a DNS name worth scoring, or an
// empty view when it is fine: at most 253 characters, labels of 1..63 characters made of
// letters, digits, '-' and '_' (service labels such as "_dmarc" are real traffic).
std::string_view domainNameProblem(std::string_view name);

}  // namespace dnshound::core::features
