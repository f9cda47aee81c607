#include <QtTest>

#include <set>
#include <string>
#include <vector>

#include "core/features/english_lexicon.h"
#include "core/model/synthetic_families.h"

using namespace dnshound::core::model;

class TestSyntheticFamilies : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void namesAreRandomLabelsUnderDrawnSuffixes() {
        const std::vector<std::string> source = {"example.com", "shop.co.uk", "xkqzv.info"};
        const auto none = [](std::string_view) { return false; };
        const std::vector<std::string> names = randomStringNames(3000, 7, source, none);
        QCOMPARE(names.size(), std::size_t{3000});
        QCOMPARE(std::set<std::string>(names.begin(), names.end()).size(), names.size());
        std::set<std::string> suffixes;
        std::set<std::size_t> lengths;
        std::size_t withDigits = 0;
        for (const std::string& n : names) {
            const std::size_t dot = n.find('.');
            QVERIFY(dot != std::string::npos);
            const std::string label = n.substr(0, dot);
            lengths.insert(label.size());
            suffixes.insert(n.substr(dot + 1));
            bool digit = false;
            for (char c : label) {
                QVERIFY2((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'), n.c_str());
                digit |= c >= '0' && c <= '9';
            }
            withDigits += digit;
        }
        // Every length from 6 to 24, every suffix of the source (the public suffix, not the
        // last label), and about a quarter of labels with digits.
        QCOMPARE(lengths.size(), std::size_t{19});
        QCOMPARE(*lengths.begin(), std::size_t{6});
        QCOMPARE(*lengths.rbegin(), std::size_t{24});
        QCOMPARE(suffixes, (std::set<std::string>{"com", "co.uk", "info"}));
        QVERIFY2(withDigits > 600 && withDigits < 900, std::to_string(withDigits).c_str());
    }

    void deterministicAndSkipsTakenNames() {
        const std::vector<std::string> source = {"example.com"};
        const auto none = [](std::string_view) { return false; };
        const auto a = randomStringNames(200, 3, source, none);
        QCOMPARE(randomStringNames(200, 3, source, none), a);
        QVERIFY(randomStringNames(200, 4, source, none) != a);
        const std::set<std::string> taken(a.begin(), a.begin() + 50);
        const auto b = randomStringNames(
            200, 3, source, [&](std::string_view n) { return taken.contains(std::string(n)); });
        QCOMPARE(b.size(), std::size_t{200});
        for (const std::string& n : b) QVERIFY(!taken.contains(n));
        QVERIFY(randomStringNames(0, 3, {}, none).empty());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, randomStringNames(5, 3, {}, none));
    }

    void wordPairNamesGlueTwoOrThreeListedWords() {
        const std::vector<std::string> source = {"example.com", "shop.co.uk"};
        const auto none = [](std::string_view) { return false; };
        const std::vector<std::string> names = wordPairNames(3000, 7, source, none);
        QCOMPARE(names.size(), std::size_t{3000});
        QCOMPARE(std::set<std::string>(names.begin(), names.end()).size(), names.size());
        const auto& lexicon = dnshound::core::features::EnglishLexicon::instance();
        std::set<std::string> suffixes;
        std::size_t hyphenated = 0, threeWords = 0;
        for (const std::string& n : names) {
            const std::size_t dot = n.find('.');
            QVERIFY(dot != std::string::npos);
            const std::string label = n.substr(0, dot);
            suffixes.insert(n.substr(dot + 1));
            const bool hyphens = label.find('-') != std::string::npos;
            hyphenated += hyphens;
            std::size_t words = 0;
            if (hyphens) {
                // Every hyphen-separated part is one word of the built-in list.
                std::size_t from = 0;
                for (;;) {
                    const std::size_t to = std::min(label.find('-', from), label.size());
                    const std::string part = label.substr(from, to - from);
                    const auto seg = lexicon.segment(part);
                    QVERIFY2(seg.coverage == 1.0f && seg.words == 1, n.c_str());
                    ++words;
                    if (to == label.size()) break;
                    from = to + 1;
                }
                QVERIFY2(words == 2 || words == 3, n.c_str());
                threeWords += words == 3;
            } else {
                for (char c : label) QVERIFY2(c >= 'a' && c <= 'z', n.c_str());
                const auto seg = lexicon.segment(label);
                QVERIFY2(seg.coverage == 1.0f && seg.words >= 1 && seg.words <= 3, n.c_str());
            }
        }
        QCOMPARE(suffixes, (std::set<std::string>{"com", "co.uk"}));
        // A quarter of labels hyphenated, a third of those three words.
        QVERIFY2(hyphenated > 600 && hyphenated < 900, std::to_string(hyphenated).c_str());
        QVERIFY2(threeWords > 180 && threeWords < 330, std::to_string(threeWords).c_str());
        QCOMPARE(wordPairNames(200, 3, source, none), wordPairNames(200, 3, source, none));
        QVERIFY(wordPairNames(200, 4, source, none) != wordPairNames(200, 3, source, none));
        QVERIFY(wordPairNames(0, 3, {}, none).empty());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, wordPairNames(5, 3, {}, none));
    }
};

QTEST_APPLESS_MAIN(TestSyntheticFamilies)
#include "test_synthetic_families.moc"
