#include <QtTest>

#include <cmath>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "benign_words.h"
#include "core/features/family_profiles.h"

using dnshound::core::features::FamilyProfiles;

namespace {

const std::vector<std::string_view>& kBenign = kBenignWords;
// Two made-up families: short consonant strings, and long hex strings.
const std::vector<std::string_view> kConsonants = {"qxkzvb", "zzkqpw", "xjvqkz", "kvbzqx",
                                                   "wqzkxv", "bxqzkw", "vzkqxj", "jxkzqv"};
const std::vector<std::string_view> kHex = {"a3f09b7c21d4e8f6", "09bc7d1e2f3a4b5c",
                                            "ff01a2b3c4d5e6f7", "1a2b3c4d5e6f7a8b",
                                            "deadbeef01234567", "0f1e2d3c4b5a6978"};

FamilyProfiles trained() {
    const std::vector<FamilyProfiles::Family> families = {
        {"consonants", kConsonants}, {"empty", {}}, {"hex", kHex}};
    return FamilyProfiles::train(kBenign, families);
}

}  // namespace

class TestFamilyProfiles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void familyLabelsOutscoreBenignOnes() {
        const FamilyProfiles p = trained();
        // The family without labels is left out.
        QCOMPARE(p.families(), (std::vector<std::string>{"consonants", "hex"}));
        const auto dga = p.score("kzqxvw"), hex = p.score("0a1b2c3d4e5f6a7b"),
                   english = p.score("gathering");
        QVERIFY2(dga.llr > 3.0f, "an unseen consonant string fits the consonant family");
        QVERIFY(hex.llr > 3.0f);
        QVERIFY2(english.llr < 0.0f, "an English word fits benign better than any family");
        QVERIFY(std::fabs(dga.llrPerChar * 7.0f - dga.llr) < 1e-4f);  // 6 characters + end
    }

    void lengthCountsOnlyInTheFullRatio() {
        const FamilyProfiles p = trained();
        // A consonant string of a length no family had but benign words have (8): the
        // characters still fit, the length does not.
        const auto usual = p.score("kzqxvw"), longer = p.score("kzqxvwkz");
        QVERIFY(usual.llr > usual.ngramLlr);  // length 6 is typical of the family
        QVERIFY(longer.ngramLlr > longer.llr);
    }

    void scoresAreFiniteForAnyBytes() {
        const FamilyProfiles p = trained();
        for (std::string_view l : {"", "a", "-", "1234", "x_y-z", "\xff\xfe"}) {
            const auto s = p.score(l);
            QVERIFY(std::isfinite(s.llr) && std::isfinite(s.ngramLlr) &&
                    std::isfinite(s.llrPerChar));
        }
        // Labels up to 255 characters (and longer ones, cut) never overflow the sums.
        const std::string huge(400, 'q');
        QVERIFY(std::isfinite(p.score(huge).llr));
        QVERIFY(p.score(huge).llr == p.score(huge.substr(0, 255)).llr);
    }

    void resemblanceNamesTheClosestFamily() {
        const FamilyProfiles p = trained();
        const auto consonants = p.resemblance("kzqxvw"), hex = p.resemblance("0a1b2c3d4e5f6a7b");
        QCOMPARE(p.families()[static_cast<std::size_t>(consonants.family)],
                 std::string("consonants"));
        QCOMPARE(p.families()[static_cast<std::size_t>(hex.family)], std::string("hex"));
        // Its ratio over benign is the family feature's, and the runner-up is far behind.
        QCOMPARE(consonants.llr, p.score("kzqxvw").llr);
        QCOMPARE(hex.llr, p.score("0a1b2c3d4e5f6a7b").llr);
        QVERIFY(consonants.margin > 3.0f);
        QVERIFY(hex.margin > 3.0f);
        // A label both families dislike still gets a closest family, and the margin is >= 0.
        const auto english = p.resemblance("gathering");
        QVERIFY(english.family >= 0);
        QVERIFY(english.margin >= 0.0f);
        QVERIFY(english.llr < 0.0f);
    }

    void resemblanceWithOneOrNoFamily() {
        const std::vector<FamilyProfiles::Family> one = {{"hex", kHex}};
        const auto r = FamilyProfiles::train(kBenign, one).resemblance("0a1b2c3d");
        QCOMPARE(r.family, 0);
        QCOMPARE(r.margin, 0.0f);
        QCOMPARE(FamilyProfiles::train(kBenign, {}).resemblance("0a1b2c3d").family, -1);
        // The ignored (synthetic) family is never named: alone, nothing is; beside another, the
        // other is, with the margin over the remaining families (none here).
        const auto ignoredAlone =
            FamilyProfiles::train(kBenign, one).resemblance("0a1b2c3d", "hex");
        QCOMPARE(ignoredAlone.family, -1);
        QCOMPARE(ignoredAlone.llr, 0.0f);
        const FamilyProfiles p = trained();
        const auto hex = p.resemblance("0a1b2c3d4e5f6a7b", "hex");
        QCOMPARE(p.families()[static_cast<std::size_t>(hex.family)], std::string("consonants"));
        QVERIFY(hex.llr < p.resemblance("0a1b2c3d4e5f6a7b").llr);
    }

    void withoutFamiliesEverythingIsMissing() {
        const FamilyProfiles none = FamilyProfiles::train(kBenign, {});
        QVERIFY(std::isnan(none.score("kzqxvw").llr));
        QVERIFY(std::isnan(none.score("kzqxvw").ngramLlr));
    }

    void tooManyFamiliesAreRefused() {
        std::vector<FamilyProfiles::Family> many;
        for (std::size_t i = 0; i <= FamilyProfiles::kMaxFamilies; ++i)
            many.push_back({"f" + std::to_string(i), kConsonants});
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, FamilyProfiles::train(kBenign, many));
    }

    void writeAndReadRoundTrip() {
        const FamilyProfiles p = trained();
        std::stringstream s;
        p.write(s);
        const FamilyProfiles back = FamilyProfiles::read(s, "memory");
        QVERIFY(back == p);
        QCOMPARE(back.score("kzqxvw").llr, p.score("kzqxvw").llr);
        std::string bytes;
        {
            std::stringstream w;
            p.write(w);
            bytes = w.str();
        }
        // Rows are stored at their stride (two families and benign: 16 columns), whatever the
        // row pitch in memory: count, the names, the context rows, the length rows.
        const std::size_t stride = 16;
        QCOMPARE(bytes.size(), 4 + (1 + std::string("consonants").size()) +
                                   (1 + std::string("hex").size()) +
                                   (FamilyProfiles::kContexts + FamilyProfiles::kLengths) * stride);
        std::stringstream cut(bytes.substr(0, bytes.size() / 2));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, FamilyProfiles::read(cut, "memory"));
    }

    void trainingIsDeterministic() { QVERIFY(trained() == trained()); }

    // The AVX2 and the portable kernel add the same integer costs, so they must give the same
    // scores, for every row stride (up to 15, 31, 47 and 63 families), and the best family's
    // ratio must match resemblance(), which sums plain integers one column at a time.
    void everyKernelAndStrideGiveTheSameScores() {
        std::mt19937 rng(7);
        auto randomLabel = [&](std::string_view alphabet, std::size_t length) {
            std::string l;
            for (std::size_t i = 0; i < length; ++i)
                l += alphabet[std::uniform_int_distribution<std::size_t>(0,
                                                                         alphabet.size() - 1)(rng)];
            return l;
        };
        constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_";
        for (const std::size_t count :
             {std::size_t{1}, std::size_t{15}, std::size_t{16}, std::size_t{31}, std::size_t{32},
              std::size_t{47}, std::size_t{48}, FamilyProfiles::kMaxFamilies}) {
            // Family k draws its labels from its own slice of the alphabet, at its own lengths.
            std::vector<std::vector<std::string>> storage(count);
            std::vector<FamilyProfiles::Family> families;
            for (std::size_t k = 0; k < count; ++k) {
                const std::string_view alphabet = kAlphabet.substr(k % 30, 8);
                for (int i = 0; i < 40; ++i)
                    storage[k].push_back(randomLabel(alphabet, 5 + (k + i) % 20));
                families.push_back(
                    {"f" + std::to_string(k), {storage[k].begin(), storage[k].end()}});
            }
            const FamilyProfiles p = FamilyProfiles::train(kBenign, families);
            QCOMPARE(p.families().size(), count);
            std::vector<std::string> labels = {"", "a", "gathering", std::string(255, 'z'),
                                               std::string(300, 'q')};
            for (const auto& f : storage) labels.push_back(f.front());
            for (int i = 0; i < 200; ++i)
                labels.push_back(randomLabel(kAlphabet, 1 + static_cast<std::size_t>(i) % 70));
            for (const std::string& label : labels) {
                const dnshound::core::features::LabelGrams grams(label);
                const auto fastest = p.score(grams, FamilyProfiles::Kernel::Fastest);
                const auto portable = p.score(grams, FamilyProfiles::Kernel::Portable);
                QCOMPARE(fastest.llr, portable.llr);
                QCOMPARE(fastest.ngramLlr, portable.ngramLlr);
                QCOMPARE(fastest.llrPerChar, portable.llrPerChar);
                QCOMPARE(portable.llr, p.resemblance(std::string_view(label).substr(0, 255)).llr);
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestFamilyProfiles)
#include "test_family_profiles.moc"
