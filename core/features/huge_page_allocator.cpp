#include "core/features/huge_page_allocator.h"

#include <sys/mman.h>

#include <cstdlib>
#include <new>

namespace dnshound::core::features {

void* allocateTableMemory(std::size_t bytes) {
    if (bytes < kHugePageThreshold) return ::operator new(bytes);
    const std::size_t rounded = (bytes + kHugePageSize - 1) / kHugePageSize * kHugePageSize;
    void* p = std::aligned_alloc(kHugePageSize, rounded);
    if (p == nullptr) throw std::bad_alloc();
    // A hint: without transparent huge pages (or with them switched off) the memory simply
    // stays in small pages.
    ::madvise(p, rounded, MADV_HUGEPAGE);
    return p;
}

void releaseTableMemory(void* p, std::size_t bytes) {
    if (p == nullptr) return;
    if (bytes < kHugePageThreshold) {
        ::operator delete(p);
        return;
    }
    std::free(p);
}

}  // namespace dnshound::core::features
