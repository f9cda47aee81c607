#pragma once

#include <cstdint>

namespace dnshound::core::store {

// Hands out alert ids (the analysis file's row ids) in the order alerts are raised, shared by
// every alerter of a run so ids never collide and "newer" means "larger".
class AlertIdSequence final {
public:
    std::int64_t next() { return ++m_last; }
    std::int64_t last() const { return m_last; }

private:
    std::int64_t m_last = 0;
};

}  // namespace dnshound::core::store
