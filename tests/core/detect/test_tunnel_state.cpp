#include <QtTest/QtTest>

#include <list>
#include <map>
#include <random>

#include "core/detect/tunnel_state.h"

using namespace dnshound::core;

namespace {

// The reference: an LRU list of (key, last time) with a map into it.
struct ReferenceLru {
    std::list<std::pair<std::uint64_t, std::int64_t>> order;  // most recent first
    std::map<std::uint64_t, decltype(order)::iterator> where;
};

}  // namespace

class TestTunnelState : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Random touches over more keys than the cap, with idle expiry: the table holds exactly
    // the keys an LRU would, in the same order, and counts every eviction.
    void behavesLikeAnLru() {
        constexpr std::size_t kCap = 500;
        constexpr std::int64_t kIdle = 50'000;
        detect::TunnelStateTable table(kCap, kIdle);
        ReferenceLru ref;
        std::uint64_t evictedCap = 0, evictedIdle = 0, created = 0;
        std::mt19937_64 rng(11);
        const event::IpAddress client = *event::IpAddress::parse("10.1.2.3");
        std::int64_t now = 0;
        for (int i = 0; i < 300'000; ++i) {
            now += static_cast<std::int64_t>(rng() % 7);
            if (i % 997 == 0) now += 2 * kIdle;  // quiet spells make states idle
            if (i % 64 == 0) {
                table.expire(now);
                while (!ref.order.empty() && now - ref.order.back().second > kIdle) {
                    ref.where.erase(ref.order.back().first);
                    ref.order.pop_back();
                    ++evictedIdle;
                }
            }
            // Keys with a few hot clients and many domains, in the (client, domain) layout.
            const auto key = detect::tunnelKey(static_cast<std::uint32_t>(rng() % 13),
                                               static_cast<std::uint32_t>(rng() % 90));
            detect::TunnelState& s = table.touch(key, client, "example.com", now);
            QCOMPARE(s.key, key);
            s.lastUs = now;
            if (auto it = ref.where.find(key); it != ref.where.end()) {
                ref.order.erase(it->second);
            } else {
                ++created;
                if (ref.where.size() >= kCap) {
                    ref.where.erase(ref.order.back().first);
                    ref.order.pop_back();
                    ++evictedCap;
                }
            }
            ref.order.emplace_front(key, now);
            ref.where[key] = ref.order.begin();
            QCOMPARE(table.size(), ref.where.size());
        }
        QCOMPARE(table.stats().created, created);
        QCOMPARE(table.stats().evictedCap, evictedCap);
        QCOMPARE(table.stats().evictedIdle, evictedIdle);
        QVERIFY(evictedCap > 0);
        QVERIFY(evictedIdle > 0);
        std::vector<std::uint64_t> held;
        table.forEach([&](const detect::TunnelState& s) { held.push_back(s.key); });
        std::vector<std::uint64_t> expected;
        for (const auto& [key, t] : ref.order) expected.push_back(key);
        QCOMPARE(held, expected);
        for (std::uint32_t c = 0; c < 13; ++c) {
            for (std::uint32_t d = 0; d < 90; ++d) {
                const auto key = detect::tunnelKey(c, d);
                detect::TunnelState* s = table.find(key);
                QCOMPARE(s != nullptr, ref.where.count(key) == 1);
                if (s) QCOMPARE(s->key, key);
            }
        }
    }

    // Beyond 64k states the index grows; every state stays findable.
    void growsPastItsInitialIndex() {
        detect::TunnelStateTable table(1'000'000, INT64_MAX / 2);
        const event::IpAddress client = *event::IpAddress::parse("10.1.2.3");
        for (std::uint32_t i = 0; i < 200'000; ++i)
            table.touch(detect::tunnelKey(i % 1000, i), client, "x.com", i);
        QCOMPARE(table.size(), std::size_t(200'000));
        for (std::uint32_t i = 0; i < 200'000; ++i) {
            detect::TunnelState* s = table.find(detect::tunnelKey(i % 1000, i));
            QVERIFY(s != nullptr);
            QCOMPARE(s->firstUs, std::int64_t(i));
        }
        QVERIFY(table.find(detect::tunnelKey(1, 0)) == nullptr);
    }
};

QTEST_GUILESS_MAIN(TestTunnelState)
#include "test_tunnel_state.moc"
