#include <QtTest>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

#include "core/features/huge_page_allocator.h"

using dnshound::core::features::HugePageAllocator;
using dnshound::core::features::kHugePageSize;
using dnshound::core::features::kHugePageThreshold;

class TestHugePageAllocator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void largeBlocksStartOnAHugePage() {
        std::vector<std::uint8_t, HugePageAllocator<std::uint8_t>> v(kHugePageThreshold + 12345);
        QCOMPARE(reinterpret_cast<std::uintptr_t>(v.data()) % kHugePageSize, std::uintptr_t{0});
        // Value-initialised like any vector, and every byte is usable.
        QVERIFY(std::all_of(v.begin(), v.end(), [](std::uint8_t b) { return b == 0; }));
        std::iota(v.begin(), v.end(), std::uint8_t{0});
        QCOMPARE(v.back(), static_cast<std::uint8_t>((v.size() - 1) % 256));
    }

    void smallBlocksAndGrowthWork() {
        std::vector<std::int32_t, HugePageAllocator<std::int32_t>> v;
        // Grows from small heap blocks across the threshold into huge-page blocks and back.
        for (std::int32_t i = 0; i < 600000; ++i) v.push_back(i);
        QVERIFY(v.size() * sizeof(std::int32_t) > kHugePageThreshold);
        for (std::int32_t i = 0; i < 600000; i += 9973) QCOMPARE(v[static_cast<std::size_t>(i)], i);
        v.resize(10);
        v.shrink_to_fit();
        QCOMPARE(v.size(), std::size_t{10});
        QCOMPARE(v[9], 9);
        auto copy = v;
        QVERIFY(copy == v);
    }
};

QTEST_APPLESS_MAIN(TestHugePageAllocator)
#include "test_huge_page_allocator.moc"
