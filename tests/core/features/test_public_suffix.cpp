#include <libpsl.h>
#include <QtTest>

#include <string>

#include "core/features/domain_name.h"
#include "core/features/public_suffix.h"

using dnshound::core::features::DomainSplit;
using dnshound::core::features::PublicSuffix;

class TestPublicSuffix : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void split_data() {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QByteArray>("subdomain");
        QTest::addColumn<QByteArray>("label");
        QTest::addColumn<QByteArray>("suffix");
        auto row = [](const char* name, const char* sub, const char* label, const char* suffix) {
            QTest::newRow(name) << QByteArray(name) << QByteArray(sub) << QByteArray(label)
                                << QByteArray(suffix);
        };
        row("a.b.example.co.uk", "a.b", "example", "co.uk");
        row("www.google.com", "www", "google", "com");
        row("qxkzvbn.info", "", "qxkzvbn", "info");
        row("abc123.ddns.net", "", "abc123", "ddns.net");  // dynamic DNS
        row("x.vidro.dyndns.org", "x", "vidro", "dyndns.org");
        row("d3ag4hukkh62yn.cloudfront.net", "d3ag4hukkh62yn", "cloudfront", "net");  // CDN
        row("e1234.dscb.akamaiedge.net", "e1234.dscb", "akamaiedge", "net");
        row("nyowsheofm.yi.org", "", "nyowsheofm", "yi.org");  // our dynamic-DNS additions
        row("x.mooo.com", "", "x", "mooo.com");
        row("1.0.168.192.in-addr.arpa", "1.0.168", "192", "in-addr.arpa");
        row("x.foo.notarealtld", "x", "foo", "notarealtld");  // "*" rule: last label
        row("_dmarc.example.com", "_dmarc", "example", "com");
        row("co.uk", "", "co", "uk");  // itself a public suffix
        row("localhost", "", "localhost", "");
        row("xn--80ak6aa92e.xn--p1ai", "", "xn--80ak6aa92e", "xn--p1ai");
        // Names that libpsl settles and the list-file shortcut must not: wildcard rules
        // ("*.kawasaki.jp", "*.ck"), their exceptions ("!city.kawasaki.jp", "!www.ck"), a
        // wildcard's parent, upper case, punycode of a rule the list spells in Unicode.
        row("city.kawasaki.jp", "", "city", "kawasaki.jp");
        row("www.city.kawasaki.jp", "www", "city", "kawasaki.jp");
        row("foo.bar.kawasaki.jp", "", "foo", "bar.kawasaki.jp");
        row("a.kawasaki.jp", "", "a", "kawasaki.jp");
        row("kawasaki.jp", "", "kawasaki", "jp");
        row("foo.www.ck", "foo", "www", "ck");
        row("x.y.ck", "", "x", "y.ck");
        row("example.CO.uk", "example", "CO", "uk");
        row("a.xn--55qx5d.cn", "", "a", "xn--55qx5d.cn");
        row("example.cn", "", "example", "cn");
        row("ab.cd.co.jp", "ab", "cd", "co.jp");
    }
    void split() {
        QFETCH(QByteArray, name);
        QFETCH(QByteArray, subdomain);
        QFETCH(QByteArray, label);
        QFETCH(QByteArray, suffix);
        const DomainSplit s = PublicSuffix::split(std::string_view(name.constData(), name.size()));
        QCOMPARE(bytes(s.subdomain), subdomain);
        QCOMPARE(bytes(s.secondLevelLabel), label);
        QCOMPARE(bytes(s.suffix), suffix);
        const QByteArray registrable = suffix.isEmpty() ? label : label + '.' + suffix;
        QCOMPARE(bytes(s.registrable()), registrable);
    }

    // Names under multi-label ICANN rules, wildcards and their exceptions: the suffix is the
    // leftmost candidate libpsl itself calls an ICANN public suffix (else the last label), also
    // where the split answers from the list file without asking libpsl.
    void suffixesAgreeWithLibpsl() {
        const psl_ctx_t* psl = psl_builtin();
        if (psl == nullptr) QSKIP("libpsl has no built-in list");
        auto libpslSuffix = [&](const std::string& name) {
            for (std::size_t start = 0; start < name.size();) {
                const std::size_t dot = name.find('.', start);
                if (dot == std::string::npos) break;
                if (psl_is_public_suffix2(psl, name.c_str() + start, PSL_TYPE_ICANN))
                    return name.substr(start);
                start = dot + 1;
            }
            return name.substr(name.rfind('.') + 1);
        };
        for (const std::string name :
             {"example.co.uk", "a.b.example.gov.uk", "shop.example.com.au", "x.ac.jp",
              "deep.a.b.c.example.ne.jp", "foo.bar.kawasaki.jp", "www.city.kawasaki.jp",
              "city.kawasaki.jp", "a.b.www.ck", "a.b.ck", "example.com.br", "example.org.ru",
              "example.k12.ca.us", "example.notarule.uk", "co.uk", "kawasaki.jp",
              "example.co.nonexistenttld"}) {
            // A name that is itself a suffix splits at its first dot instead (rows above).
            const std::string expected = libpslSuffix(name);
            if (expected == name) continue;
            const DomainSplit s = PublicSuffix::split(name);
            QVERIFY2(std::string(s.suffix) == expected, name.c_str());
        }
    }

    void weirdNamesDoNotCrash() {
        const std::string longName(300, 'a');
        const std::string nonAscii = "caf\xc3\xa9.example.com";
        for (std::string_view n :
             {std::string_view(""), std::string_view("."), std::string_view(".."),
              std::string_view("a..b"), std::string_view(".com"), std::string_view(longName),
              std::string_view(nonAscii), std::string_view("a\0b.com", 7)}) {
            const DomainSplit s = PublicSuffix::split(n);
            QVERIFY(s.secondLevelLabel.size() + s.suffix.size() <= n.size());
        }
    }

    void nameProblems() {
        using dnshound::core::features::domainNameProblem;
        QVERIFY(domainNameProblem("www.example.com").empty());
        QVERIFY(domainNameProblem("_dmarc.example.com").empty());
        QVERIFY(!domainNameProblem("").empty());
        QVERIFY(!domainNameProblem("a..b").empty());
        QVERIFY(!domainNameProblem("bad name.com").empty());
        QVERIFY(!domainNameProblem(std::string(64, 'a') + ".com").empty());
        QVERIFY(!domainNameProblem(std::string(254, 'a')).empty());
    }

private:
    static QByteArray bytes(std::string_view v) {
        return QByteArray(v.data(), static_cast<qsizetype>(v.size()));
    }
};

QTEST_APPLESS_MAIN(TestPublicSuffix)
#include "test_public_suffix.moc"
