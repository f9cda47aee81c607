#include <QtTest/QtTest>

#include <random>
#include <unordered_set>

#include "core/detect/distinct_name_set.h"

using namespace dnshound::core;

class TestDistinctNameSet : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void smallSetsStayExact() {
        detect::DistinctNameSet set;
        for (event::NameId id = 0; id < 6; ++id) QVERIFY(set.insert(id * 7));
        for (event::NameId id = 0; id < 6; ++id) QVERIFY(!set.insert(id * 7));
        QCOMPARE(set.size(), std::size_t(6));
        QVERIFY(set.insert(1000));  // spills out of the inline slots
        QVERIFY(!set.insert(0));
        QVERIFY(!set.insert(35));
        QCOMPARE(set.size(), std::size_t(7));
    }

    // Random ids with repeats, through the inline slots and several growths, then a clear:
    // insert() says "new" exactly when an unordered_set would.
    void agreesWithAHashSet() {
        for (const std::size_t range : {5u, 40u, 3'000u, 100'000u}) {
            detect::DistinctNameSet set;
            std::unordered_set<event::NameId> expected;
            std::mt19937 rng(static_cast<unsigned>(range));
            for (int round = 0; round < 2; ++round) {
                for (int i = 0; i < 50'000; ++i) {
                    const auto id = static_cast<event::NameId>(rng() % range);
                    QCOMPARE(set.insert(id), expected.insert(id).second);
                }
                QCOMPARE(set.size(), expected.size());
                set.clear();
                expected.clear();
                QCOMPARE(set.size(), std::size_t(0));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestDistinctNameSet)
#include "test_distinct_name_set.moc"
