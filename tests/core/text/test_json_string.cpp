#include <QtTest>

#include <string>

#include "core/text/json_string.h"

using dnshound::core::text::decodeJsonString;

class TestJsonString : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void decodesEveryEscape() {
        std::string out;
        QVERIFY(decodeJsonString(R"(a\"b\\c\/d\b\f\n\r\t)", out));
        QCOMPARE(out, std::string("a\"b\\c/d\b\f\n\r\t"));
        QVERIFY(decodeJsonString("plain.example.com", out));
        QCOMPARE(out, std::string("plain.example.com"));
    }

    void decodesUnicodeToUtf8() {
        std::string out;
        QVERIFY(decodeJsonString(R"(\u0041\u00e9\u20AC)", out));
        QCOMPARE(out, std::string("A\xC3\xA9\xE2\x82\xAC"));
        // A surrogate pair is one code point (U+1F600), four bytes of UTF-8.
        QVERIFY(decodeJsonString(R"(\ud83d\ude00)", out));
        QCOMPARE(out, std::string("\xF0\x9F\x98\x80"));
        // A lone high surrogate stays one code unit.
        QVERIFY(decodeJsonString(R"(\ud83dx)", out));
        QCOMPARE(out, std::string("\xED\xA0\xBDx"));
    }

    void rejectsBadEscapes() {
        std::string out;
        QVERIFY(!decodeJsonString(R"(abc\)", out));
        QVERIFY(!decodeJsonString(R"(\q)", out));
        QVERIFY(!decodeJsonString(R"(\u12)", out));
        QVERIFY(!decodeJsonString(R"(\u12g4)", out));
        // What came before the bad escape is kept.
        QVERIFY(!decodeJsonString(R"(ok\x)", out));
        QCOMPARE(out, std::string("ok"));
    }
};

QTEST_APPLESS_MAIN(TestJsonString)
#include "test_json_string.moc"
