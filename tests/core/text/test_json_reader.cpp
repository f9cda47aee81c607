#include <QtTest>

#include <cmath>
#include <limits>
#include <string>

#include "core/text/json_reader.h"

using dnshound::core::text::JsonDocument;
using dnshound::core::text::JsonError;
using dnshound::core::text::JsonValue;

class TestJsonReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsNestedValues() {
        const JsonDocument doc = JsonDocument::parse(
            " {\"a\": [1, -2.5e3, true, false, null, \"x\"], \"b\": {\"c\": {\"d\": [[], {}]}},\n  "
            "               \"e\": \"5E-1\"} ");
        const JsonValue root = doc.root();
        QVERIFY(root.isObject());
        QCOMPARE(root.size(), std::size_t{3});
        const JsonValue a = root["a"];
        QCOMPARE(a.size(), std::size_t{6});
        std::vector<JsonValue::Type> types;
        for (const JsonValue v : a) types.push_back(v.type());
        QCOMPARE(types.size(), std::size_t{6});
        QVERIFY(types[0] == JsonValue::Type::Number && types[2] == JsonValue::Type::Bool &&
                types[4] == JsonValue::Type::Null && types[5] == JsonValue::Type::String);
        auto it = a.begin();
        QCOMPARE((*it).asInt(), std::int64_t{1});
        ++it;
        QCOMPARE((*it).asDouble(), -2500.0);
        ++it;
        QVERIFY((*it).asBool());
        ++it;
        QVERIFY(!(*it).asBool());
        const JsonValue d = root["b"]["c"]["d"];
        QCOMPARE(d.size(), std::size_t{2});
        QCOMPARE((*d.begin()).size(), std::size_t{0});
        QCOMPARE(root["e"].asDoubleLenient(), 0.5);
        QVERIFY(!root["missing"].valid());
        // Members after a nested value are found (subtree skipping).
        QCOMPARE(root["e"].asString(), std::string("5E-1"));
    }

    void floatsRoundOnceFromTheDecimalText() {
        // 0.1f printed shortest is "0.1"; its float must be the nearest float to 0.1, and a
        // value whose double rounding would differ still comes out as strtof's.
        const JsonDocument doc =
            JsonDocument::parse("[0.1, 0.09677419, 1.00000005960464477539, 3.4e39, 1e-50]");
        std::vector<float> f;
        for (const JsonValue v : doc.root()) f.push_back(v.asFloat());
        QCOMPARE(f[0], 0.1f);
        QCOMPARE(f[1], std::strtof("0.09677419", nullptr));
        QCOMPARE(f[2], std::strtof("1.00000005960464477539", nullptr));
        QVERIFY(std::isinf(f[3]));
        QCOMPARE(f[4], 0.0f);
    }

    void unescapesStrings() {
        const JsonDocument doc = JsonDocument::parse(
            "{\"k\\\"ey\": \"a\\\\b\\/c\\n\\t\\u00e9\\ud83d\\ude00\", \"plain\": \"x\"}");
        QCOMPARE(doc.root()["k\"ey"].asString(), std::string("a\\b/c\n\t\xC3\xA9\xF0\x9F\x98\x80"));
        QCOMPARE(doc.root()["plain"].asString(), std::string("x"));
    }

    void rejectsMalformedText_data() {
        QTest::addColumn<QString>("text");
        for (const char* bad :
             {"", "[1,]", "{\"a\" 1}", "[1 2]", "\"unterminated", "tru", "{\"a\":1,}", "[01x]", "-",
              "1.", "1e", "[1] x", "{1:2}", "\"a\x01\"", "[\"\\q\"]"})
            QTest::newRow(bad) << QString::fromLatin1(bad);
    }
    void rejectsMalformedText() {
        QFETCH(QString, text);
        bool threw = false;
        try {
            const JsonDocument doc = JsonDocument::parse(text.toStdString());
            // Escapes are checked when the string is read.
            for (const JsonValue v : doc.root()) (void)v.asString();
        } catch (const JsonError&) {
            threw = true;
        }
        QVERIFY(threw);
    }

    void rejectsDeepNestingWithoutCrashing() {
        const std::string deep(100000, '[');
        QVERIFY_THROWS_EXCEPTION(JsonError, JsonDocument::parse(deep));
    }

    void typeMismatchesThrow() {
        const JsonDocument doc = JsonDocument::parse("{\"n\": 1.5, \"s\": \"x\", \"a\": []}");
        QVERIFY_THROWS_EXCEPTION(JsonError, doc.root()["n"].asInt());
        QVERIFY_THROWS_EXCEPTION(JsonError, doc.root()["s"].asDouble());
        QVERIFY_THROWS_EXCEPTION(JsonError, doc.root()["a"]["x"]);
        QVERIFY_THROWS_EXCEPTION(JsonError, doc.root()["missing"].asString());
        QVERIFY_THROWS_EXCEPTION(JsonError, doc.root()["n"].size());
    }
};

QTEST_APPLESS_MAIN(TestJsonReader)
#include "test_json_reader.moc"
