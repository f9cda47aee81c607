#include <QtTest>

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/features/family_word_lists.h"

using dnshound::core::features::FamilyProfiles;
using dnshound::core::features::FamilyWordLists;

namespace {

// Made-up pronounceable words (seeded, so every run sees the same ones), none a prefix of another.
std::vector<std::string> madeUpWords(std::size_t n, unsigned seed) {
    static constexpr std::string_view kConsonants = "bdfgklmnprstvz", kVowels = "aeiou";
    std::mt19937 rng(seed);
    std::vector<std::string> words;
    while (words.size() < n) {
        std::string w;
        const std::size_t syllables = 2 + rng() % 2;
        for (std::size_t s = 0; s < syllables; ++s) {
            w += kConsonants[rng() % kConsonants.size()];
            w += kVowels[rng() % kVowels.size()];
        }
        bool clash = false;
        for (const std::string& other : words)
            clash = clash || other.starts_with(w) || w.starts_with(other);
        if (!clash) words.push_back(w);
    }
    return words;
}

struct Corpus {
    std::vector<std::string> first, second, hyphenWords;
    std::vector<std::string> glued, heldOutGlued, hyphenated, random;
};

const Corpus& corpus() {
    static const Corpus corpus = [] {
        Corpus c;
        c.first = madeUpWords(40, 1);
        c.second = madeUpWords(40, 2);
        c.hyphenWords = madeUpWords(30, 3);
        // Two words glued (suppobox-like); every fifth pair is kept from training.
        for (std::size_t i = 0; i < c.first.size(); ++i)
            for (std::size_t j = 0; j < c.second.size(); ++j)
                ((i + j) % 5 == 0 ? c.heldOutGlued : c.glued).push_back(c.first[i] + c.second[j]);
        // Three words joined by hyphens (matsnu-like).
        std::mt19937 rng(4);
        auto pick = [&] { return c.hyphenWords[rng() % c.hyphenWords.size()]; };
        for (int k = 0; k < 1500; ++k) c.hyphenated.push_back(pick() + "-" + pick() + "-" + pick());
        // Random letters (conficker-like).
        for (int k = 0; k < 3000; ++k) {
            std::string s;
            for (std::size_t n = 8 + rng() % 6; n > 0; --n)
                s += static_cast<char>('a' + rng() % 26);
            c.random.push_back(s);
        }
        return c;
    }();
    return corpus;
}

FamilyWordLists trained() {
    const Corpus& c = corpus();
    const std::vector<FamilyProfiles::Family> families = {
        {"glued", {c.glued.begin(), c.glued.end()}},
        {"hyphenated", {c.hyphenated.begin(), c.hyphenated.end()}},
        {"random", {c.random.begin(), c.random.end()}},
        {"tiny", {c.glued.begin(), c.glued.begin() + 100}}};
    return FamilyWordLists::train(families);
}

}  // namespace

class TestFamilyWordLists : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void onlyWordListFamiliesGetAList() {
        const FamilyWordLists lists = trained();
        // Random letters split into no list; 100 labels are too few to learn one from.
        QCOMPARE(lists.families(), (std::vector<std::string>{"glued", "hyphenated"}));
        QVERIFY(lists.wordCount() >= 100 && lists.wordCount() <= 120);
        QVERIFY(trained() == lists);  // deterministic
    }

    void unseenCombinationsOfListedWordsMatch() {
        const FamilyWordLists lists = trained();
        const Corpus& c = corpus();
        std::size_t matched = 0;
        for (const std::string& label : c.heldOutGlued) {
            const auto m = lists.match(label);
            if (m.words == 2 && m.shapeShare > 0.9f) ++matched;
        }
        QVERIFY2(
            matched >= c.heldOutGlued.size() * 95 / 100,
            (std::to_string(matched) + " of " + std::to_string(c.heldOutGlued.size())).c_str());
        const auto three =
            lists.match(c.hyphenWords[0] + "-" + c.hyphenWords[1] + "-" + c.hyphenWords[2]);
        QCOMPARE(three.words, 3.0f);
        QVERIFY(three.shapeShare > 0.9f);
    }

    void otherLabelsDoNotMatch() {
        const FamilyWordLists lists = trained();
        const Corpus& c = corpus();
        const std::string word = c.first[0], other = c.second[0];
        for (const std::string& label :
             {std::string("gathering"), word + "qzx", "qzx" + other, word + "7" + other,
              word + "--" + other, "-" + word + other, word + other + "-", std::string(),
              std::string("ab"), std::string(300, 'a'), std::string("\xff\xfe\x01")}) {
            const auto m = lists.match(label);
            QVERIFY2(m.words == 0 && m.shapeShare == 0, label.c_str());
        }
        for (const std::string& label : c.random) QCOMPARE(lists.match(label).words, 0.0f);
        // Covered by the list, in a shape the family never uses: words, but no share.
        const auto odd = lists.match(c.hyphenWords[0] + c.hyphenWords[1] + "-" + c.hyphenWords[2]);
        QCOMPARE(odd.words, 3.0f);
        QCOMPARE(odd.shapeShare, 0.0f);
    }

    void roundTripsAndRefusesMalformedInput() {
        const FamilyWordLists lists = trained();
        std::stringstream buffer;
        lists.write(buffer);
        const std::string bytes = buffer.str();
        std::istringstream in(bytes);
        const FamilyWordLists back = FamilyWordLists::read(in, "lists");
        QVERIFY(back == lists);
        const Corpus& c = corpus();
        for (const std::string& label : c.heldOutGlued) {
            const auto a = lists.match(label), b = back.match(label);
            QCOMPARE(a.words, b.words);
            QCOMPARE(a.shapeShare, b.shapeShare);
        }
        for (std::size_t cut :
             {std::size_t{0}, std::size_t{1}, bytes.size() / 2, bytes.size() - 1}) {
            std::istringstream truncated(bytes.substr(0, cut));
            QVERIFY_THROWS_EXCEPTION(std::runtime_error, FamilyWordLists::read(truncated, "t"));
        }
        std::string tooMany = bytes;
        tooMany[0] = 9;  // more families than a node's bit mask holds
        std::istringstream many(tooMany);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, FamilyWordLists::read(many, "m"));
        // Mutated bytes (seeded): either a clear error or lists that match without harm.
        std::mt19937 rng(7);
        std::size_t refused = 0;
        for (int round = 0; round < 3000; ++round) {
            std::string mutated = bytes;
            for (int k = 0; k < 1 + static_cast<int>(rng() % 4); ++k)
                mutated[rng() % mutated.size()] = static_cast<char>(rng() % 256);
            if (rng() % 4 == 0) mutated.resize(rng() % mutated.size());
            std::istringstream m(mutated);
            try {
                const FamilyWordLists read = FamilyWordLists::read(m, "fuzz");
                for (const std::string& label :
                     {c.glued[round % c.glued.size()], c.hyphenated[round % c.hyphenated.size()],
                      c.random[round % c.random.size()]}) {
                    const auto r = read.match(label);
                    QVERIFY(r.words >= 0 && r.words <= 12 && r.shapeShare >= 0 &&
                            r.shapeShare <= 1);
                }
            } catch (const std::runtime_error&) {
                ++refused;
            }
        }
        QVERIFY(refused > 0);
        // An empty set of lists reads back and matches nothing.
        std::stringstream none;
        FamilyWordLists{}.write(none);
        const FamilyWordLists empty = FamilyWordLists::read(none, "none");
        QVERIFY(empty.families().empty());
        QCOMPARE(empty.match(c.glued[0]).words, 0.0f);
    }
};

QTEST_APPLESS_MAIN(TestFamilyWordLists)
#include "test_family_word_lists.moc"
