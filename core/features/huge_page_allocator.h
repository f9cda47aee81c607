#pragma once

#include <cstddef>

namespace dnshound::core::features {

// Memory for the large lookup tables that feature extraction reads at random (n-gram costs,
// family profiles): blocks of kHugePageThreshold bytes or more are aligned to 2 MiB and marked
// for transparent huge pages, so the few megabytes of tables need a handful of TLB entries
// instead of a thousand (a TLB miss per table lookup otherwise). Smaller blocks come from the
// ordinary heap. Contents are the caller's, as with std::allocator; the hint changes nothing else.
void* allocateTableMemory(std::size_t bytes);
void releaseTableMemory(void* p, std::size_t bytes);
// Where huge pages start to pay off; also the smallest block that gets one.
inline constexpr std::size_t kHugePageThreshold = std::size_t{1} << 20;
inline constexpr std::size_t kHugePageSize = std::size_t{2} << 20;

// std::allocator's interface over allocateTableMemory, for std::vector.
template <typename T>
struct HugePageAllocator {
    using value_type = T;
    HugePageAllocator() = default;
    template <typename U>
    HugePageAllocator(const HugePageAllocator<U>&) {}
    T* allocate(std::size_t n) { return static_cast<T*>(allocateTableMemory(n * sizeof(T))); }
    void deallocate(T* p, std::size_t n) { releaseTableMemory(p, n * sizeof(T)); }
    template <typename U>
    bool operator==(const HugePageAllocator<U>&) const {
        return true;
    }
};

}  // namespace dnshound::core::features
