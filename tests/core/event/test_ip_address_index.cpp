#include <QtTest/QtTest>

#include <random>
#include <unordered_map>

#include "core/event/ip_address_index.h"

using namespace dnshound::core::event;

class TestIpAddressIndex : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void idsAreDenseInFirstSightOrder() {
        IpAddressIndex index;
        const IpAddress a = *IpAddress::parse("10.0.0.1");
        const IpAddress b = *IpAddress::parse("2001:db8::1");
        const IpAddress c = *IpAddress::parse("10.0.0.2");
        QCOMPARE(index.intern(a), 0u);
        QCOMPARE(index.intern(b), 1u);
        QCOMPARE(index.intern(a), 0u);
        QCOMPARE(index.intern(c), 2u);
        QCOMPARE(index.intern(b), 1u);
        QCOMPARE(index.size(), std::size_t(3));
        QCOMPARE(index.address(0), a);
        QCOMPARE(index.address(1), b);
        QCOMPARE(index.address(2), c);
    }

    // Many addresses, IPv4 ones differing only in their last bytes, across several growths:
    // every address keeps the id it got first, as a plain map would give.
    void agreesWithAMapAcrossGrowth() {
        IpAddressIndex index;
        std::unordered_map<IpAddress, std::uint32_t, IpAddressHash> expected;
        std::mt19937_64 rng(7);
        for (int i = 0; i < 200'000; ++i) {
            IpAddress a;
            if (i % 3 == 0) {
                a = IpAddress::fromV4(0x0a000000u + static_cast<std::uint32_t>(rng() % 70'000));
            } else if (i % 3 == 1) {
                a = *IpAddress::parse("2001:db8::");
                const std::uint64_t low = rng() % 50'000;
                for (int k = 0; k < 8; ++k)
                    a.bytes[15 - k] = static_cast<std::uint8_t>(low >> 8 * k);
            } else {
                a = IpAddress::fromV4(static_cast<std::uint32_t>(rng()));
            }
            const auto [it, added] =
                expected.try_emplace(a, static_cast<std::uint32_t>(expected.size()));
            QCOMPARE(index.intern(a), it->second);
        }
        QCOMPARE(index.size(), expected.size());
        for (const auto& [a, id] : expected) QCOMPARE(index.address(id), a);
    }

    void equalityComparesEveryByte() {
        for (int byte = 0; byte < 16; ++byte) {
            IpAddress a, b;
            b.bytes[byte] = 1;
            QVERIFY(!(a == b));
            a.bytes[byte] = 1;
            QVERIFY(a == b);
        }
    }
};

QTEST_GUILESS_MAIN(TestIpAddressIndex)
#include "test_ip_address_index.moc"
