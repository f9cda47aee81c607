#include <QtTest>

#include <string>

#include "core/pipeline/answered_domains.h"

using dnshound::core::pipeline::AnsweredDomains;

class TestAnsweredDomains : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aDomainIsIndexedOnceItResolvedEnough() {
        AnsweredDomains d;
        // Two clients: indexed at the second one, and only once.
        QVERIFY(!d.answered(7, 111));
        QVERIFY(d.answered(7, 222));
        QVERIFY(!d.answered(7, 333));
        // One client needs three answers (a laptop's own capture).
        QVERIFY(!d.answered(9, 111));
        QVERIFY(!d.answered(9, 111));
        QVERIFY(d.answered(9, 111));
        QVERIFY(!d.answered(9, 111));
        // Keys far apart grow the tally.
        QVERIFY(!d.answered(100'000, 1));
    }

    void oneEditFromAnIndexedDomainIsATypo() {
        AnsweredDomains d;
        d.index("cloudfront.net", 10);
        d.index("nflxso.net", 6);
        QCOMPARE(d.indexed(), std::size_t{2});
        for (const char* typo :
             {"loudfront.net", "coudfront.net", "cloudfrontt.net", "cloudfromt.net",
              "clodufront.net", "cloudfront.ne", "cloudfront.nett", "xcloudfront.net"})
            QCOMPARE(std::string(d.typoOf(typo)), std::string("cloudfront.net"));
        QCOMPARE(std::string(d.typoOf("nflxsoo.net")), std::string("nflxso.net"));
        // The domain itself, two edits, and unrelated names are not typos.
        for (const char* other : {"cloudfront.net", "lodufront.net", "clouudfrontt.net",
                                  "cluodfrnot.net", "qxkzvbnwj.net", "nflx.net", ""})
            QVERIFY2(d.typoOf(other).empty(), other);
    }

    void theIndexStopsAtItsCap() {
        AnsweredDomains d(100);
        for (std::size_t i = 0; i < 110; ++i)
            d.index("domain" + std::to_string(i) + ".com", 6 + std::to_string(i).size());
        QCOMPARE(d.indexed(), std::size_t{100});
        QVERIFY(d.typoOf("domain105.con").empty());  // past the cap: not indexed
        QCOMPARE(std::string(d.typoOf("domain17.con")), std::string("domain17.com"));
    }

    void shortDomainsAreNotIndexed() {
        AnsweredDomains d;
        d.index("t.co", 1);
        d.index("bing.com", 4);
        QCOMPARE(d.indexed(), std::size_t{0});
        QVERIFY(d.typoOf("x.co").empty());
        QVERIFY(d.typoOf("bimg.com").empty());
    }

    void domainsSharingADeletionAreAllChecked() {
        // Both lie one deletion from "abcde.com", the only string the typo "abcdez.com" (one
        // change from the second) shares with either; the first is two edits away. Whichever
        // was indexed first, the one-edit domain is found.
        for (const bool oneEditFirst : {false, true}) {
            AnsweredDomains d;
            if (oneEditFirst) d.index("abcdey.com", 6);
            d.index("abxcde.com", 6);
            if (!oneEditFirst) d.index("abcdey.com", 6);
            QCOMPARE(std::string(d.typoOf("abcdez.com")), std::string("abcdey.com"));
        }
    }
};

QTEST_APPLESS_MAIN(TestAnsweredDomains)
#include "test_answered_domains.moc"
