#include <QtTest>

#include "core/pipeline/nxdomain_spread.h"

using namespace dnshound::core;

namespace {
constexpr std::int64_t kSec = 1'000'000;
constexpr std::int64_t kWindow = 600 * kSec;
}  // namespace

class TestNxdomainSpread : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void countsDistinctDomainsOnce() {
        pipeline::NxdomainSpread s;
        QVERIFY(s.add(1 * kSec, 7, kWindow));
        QVERIFY(!s.add(2 * kSec, 7, kWindow));  // the same domain again
        QVERIFY(s.add(3 * kSec, 8, kWindow));
        QCOMPARE(s.distinct(), std::size_t(2));
        QCOMPARE(s.peak(), std::size_t(2));
        QCOMPARE(s.peakSpanUs(), 2 * kSec);
        QCOMPARE(s.oldestUs(), 1 * kSec);
    }

    void domainsLeaveWithTheirLastSighting() {
        pipeline::NxdomainSpread s;
        s.add(0, 1, kWindow);
        s.add(100 * kSec, 2, kWindow);
        s.add(500 * kSec, 1, kWindow);  // domain 1 seen again: stays after its first sighting ages
        QCOMPARE(s.distinct(), std::size_t(2));
        QVERIFY(s.add(650 * kSec, 3, kWindow));  // t=0 leaves; domain 1 stays (t=500)
        QCOMPARE(s.distinct(), std::size_t(3));
        s.add(750 * kSec, 3, kWindow);  // t=100 leaves: domain 2 gone
        QCOMPARE(s.distinct(), std::size_t(2));
        QCOMPARE(s.peak(), std::size_t(3));
        s.add(1200 * kSec, 4, kWindow);  // only 3 (t=650, 750) and 4 remain
        QCOMPARE(s.distinct(), std::size_t(2));
        const auto d = s.domains(10);
        QCOMPARE(d.size(), std::size_t(2));
        QCOMPARE(d[0], event::NameId(3));
        QCOMPARE(d[1], event::NameId(4));
    }

    void aSightingOlderThanTheWindowDoesNotCount() {
        pipeline::NxdomainSpread s;
        s.add(1000 * kSec, 1, kWindow);
        QVERIFY(!s.add(1 * kSec, 2, kWindow));  // out of order and already outside the window
        QCOMPARE(s.distinct(), std::size_t(1));
    }

    void evidenceIsCappedAndInOrder() {
        pipeline::NxdomainSpread s;
        for (event::NameId k = 0; k < 30; ++k) s.add(k * kSec, 100 + k % 25, kWindow);
        QCOMPARE(s.distinct(), std::size_t(25));
        const auto d = s.domains(20);
        QCOMPARE(d.size(), std::size_t(20));
        for (std::size_t i = 0; i < d.size(); ++i) QCOMPARE(d[i], event::NameId(100 + i));
    }

    void stateIsBounded() {
        pipeline::NxdomainSpread s;
        for (event::NameId k = 0; k < 10'000; ++k) s.add(5 * kSec, k, kWindow);
        QVERIFY(s.distinct() <= 4096);
        QVERIFY(s.distinct() >= 4000);
    }

    void describesCountAndMinutes() {
        QCOMPARE(pipeline::NxdomainSpread::describe(24, 9 * 60 * kSec),
                 std::string("24 distinct non-existent domains within 9 min"));
        QCOMPARE(pipeline::NxdomainSpread::describe(20, 5 * kSec),
                 std::string("20 distinct non-existent domains within 1 min"));
    }
};

QTEST_APPLESS_MAIN(TestNxdomainSpread)
#include "test_nxdomain_spread.moc"
