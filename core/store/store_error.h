#pragma once

#include <stdexcept>

namespace dnshound::core::store {

class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace dnshound::core::store
