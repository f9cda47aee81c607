#include <QtTest>

#include "core/event/dns_event.h"
#include "core/event/dns_types.h"

using namespace dnshound::core::event;

class TestDnsTypes : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void qtypes() {
        QCOMPARE(qtypeFromName("A").value(), 1);
        QCOMPARE(qtypeFromName("aaaa").value(), 28);
        QCOMPARE(qtypeFromName("Txt").value(), 16);
        QCOMPARE(qtypeFromName("NULL").value(), 10);
        QCOMPARE(qtypeFromName("HTTPS").value(), 65);
        QCOMPARE(qtypeFromName("NSAP-PTR").value(), 23);
        QCOMPARE(qtypeFromName("*").value(), 255);
        QCOMPARE(qtypeFromName("TYPE65534").value(), 65534);
        QVERIFY(!qtypeFromName("TYPE65536"));
        QVERIFY(!qtypeFromName("AAA"));
        QVERIFY(!qtypeFromName(""));
        QVERIFY(!qtypeFromName("AVERYLONGNONEXISTENTTYPE"));
        QCOMPARE(qtypeName(16), std::string("TXT"));
        QCOMPARE(qtypeName(255), std::string("ANY"));
        QCOMPARE(qtypeName(54), std::string("TYPE54"));
        for (unsigned t = 0; t < 70000; t += 1) {
            if (t > 65535) break;
            const std::string name = qtypeName(static_cast<std::uint16_t>(t));
            QCOMPARE(qtypeFromName(name).value(), t);
        }
    }

    void rcodes() {
        QCOMPARE(rcodeFromName("NOERROR").value(), 0);
        QCOMPARE(rcodeFromName("nxdomain").value(), kRcodeNxDomain);
        QCOMPARE(rcodeFromName("DSOTYPENI").value(), 11);
        QCOMPARE(rcodeFromName("BADSIG").value(), 16);
        QCOMPARE(rcodeFromName("BADCOOKIE").value(), 23);
        QCOMPARE(rcodeFromName("RCODE12").value(), 12);
        QVERIFY(!rcodeFromName("RCODE65535"));
        QVERIFY(!rcodeFromName("NXDOMIAN"));
        QCOMPARE(rcodeName(3), std::string("NXDOMAIN"));
        QCOMPARE(rcodeName(16), std::string("BADVERS"));
        QCOMPARE(rcodeName(kRcodeNone), std::string("NONE"));
        QCOMPARE(rcodeName(12), std::string("RCODE12"));
        for (std::uint16_t r = 0; r < 4096; ++r) QCOMPARE(rcodeFromName(rcodeName(r)).value(), r);
    }
};

QTEST_APPLESS_MAIN(TestDnsTypes)
#include "test_dns_types.moc"
