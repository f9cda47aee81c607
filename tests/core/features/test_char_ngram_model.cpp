#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/features/char_ngram_model.h"

using dnshound::core::features::CharNgramModel;
using dnshound::core::features::LanguageModels;
using dnshound::core::features::ngramPathFor;

namespace {

const std::vector<std::string_view> kWords = {
    "weather",  "garden",   "together", "mother",  "another",   "theater", "gather",  "rather",
    "leather",  "feather",  "heather",  "whether", "brother",   "other",   "bother",  "gardener",
    "hardware", "software", "homeware", "market",  "marketing", "booking", "cooking", "looking"};

}  // namespace

class TestCharNgramModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void wordsOutscoreNoise() {
        const CharNgramModel m = CharNgramModel::train(kWords);
        // Unseen but English-like labels are likelier than random consonant strings.
        const auto english = m.score("gatherer"), noise = m.score("qxzkvbpw");
        QVERIFY2(english.mean > noise.mean + 1.0f, "English-like label should be far likelier");
        QVERIFY(english.min > noise.min);
        QVERIFY(english.sum > noise.sum);
        // Every score is a finite, non-positive log-probability, also for odd bytes.
        for (std::string_view l : {"", "a", "-", "1234", "x_y-z", "\xff\xfe"}) {
            const auto s = m.score(l);
            QVERIFY(std::isfinite(s.mean) && std::isfinite(s.min) && std::isfinite(s.sum));
            QVERIFY(s.mean <= 0 && s.min <= 0 && s.sum <= 0);
        }
        // The sum is the mean times the symbols scored (characters plus the end boundary).
        const auto w = m.score("weather");
        QVERIFY(std::fabs(w.sum - w.mean * 8.0f) < 1e-4f);
    }

    void orderFourTrainingMatchesWittenBell() {
        // The table is the quantized order-4 Witten-Bell model, and lower orders are proper
        // distributions over the next symbol.
        const CharNgramModel m = CharNgramModel::train(kWords);
        const auto p4 = dnshound::core::features::wittenBellProbabilities(kWords, 4);
        for (std::size_t i = 0; i < CharNgramModel::kTableSize; i += 997)
            QCOMPARE(m.table()[i], dnshound::core::features::quantizedCost(p4[i]));
        for (std::size_t order = 1; order <= 3; ++order) {
            const auto p = dnshound::core::features::wittenBellProbabilities(kWords, order);
            for (std::size_t h = 0; h < p.size(); h += 29 * 7) {
                double total = 0;
                for (std::size_t s = 0; s < 29; ++s) total += p[h + s];
                QVERIFY(std::fabs(total - 1.0) < 1e-9);
            }
        }
    }

    void interleavedPairScoresLikeTheTwoModels() {
        const CharNgramModel benign = CharNgramModel::train(kWords);
        const std::vector<std::string_view> dga = {"qxzkvbpw", "zzkqpwxj", "k8m6pjzq"};
        const CharNgramModel noise = CharNgramModel::train(dga);
        const CharNgramModel::Interleaved pair = CharNgramModel::interleave(benign, noise);
        QCOMPARE(pair.size(), 2 * CharNgramModel::kTableSize);
        for (std::size_t i = 0; i < CharNgramModel::kTableSize; i += 101) {
            QCOMPARE(pair[2 * i], benign.table()[i]);
            QCOMPARE(pair[2 * i + 1], noise.table()[i]);
        }
        for (std::string_view l : {"", "a", "weather", "qxzkvbpw", "x_y-z9", "\xff\xfe"}) {
            const auto fromPair = CharNgramModel::score(pair, l);
            const auto fromTwo = CharNgramModel::score(benign, noise, l);
            for (std::size_t k = 0; k < 2; ++k) {
                QCOMPARE(fromPair[k].sum, fromTwo[k].sum);
                QCOMPARE(fromPair[k].mean, fromTwo[k].mean);
                QCOMPARE(fromPair[k].min, fromTwo[k].min);
            }
        }
        // Untrained models have no interleaved table.
        QVERIFY(CharNgramModel::interleave(benign, CharNgramModel{}).empty());
        // LanguageModels scores through the pair once both are trained, else through the models.
        LanguageModels lm;
        lm.benign = benign;
        lm.dga = noise;
        QCOMPARE(lm.labelPair(), pair);
        QCOMPARE(lm.scoreLabel("weather")[1].sum, noise.score("weather").sum);
        LanguageModels half;
        half.benign = benign;
        QVERIFY(half.labelPair().empty());
        QCOMPARE(half.scoreLabel("weather")[0].sum, benign.score("weather").sum);
    }

    void trainingIsDeterministic() {
        QCOMPARE(CharNgramModel::train(kWords).table(), CharNgramModel::train(kWords).table());
    }

    void saveAndLoadRoundTrip() {
        const std::filesystem::path dir = std::filesystem::path(DNSHOUND_TEST_ARTIFACTS) / "ngram";
        std::filesystem::create_directories(dir);
        const std::string path = ngramPathFor((dir / "dga.json").string());
        QVERIFY(path.ends_with("/dga.ngrams.bin"));
        LanguageModels lm;
        lm.benign = CharNgramModel::train(kWords);
        const std::vector<std::string_view> dga = {"qxzkvbpw", "zzkqpwxj", "k8m6pjzq"};
        lm.dga = CharNgramModel::train(dga);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, lm.save(path));  // suffix models missing
        const std::vector<std::string_view> suffixes = {"com", "com", "net", "co.uk"};
        lm.benignSuffix = CharNgramModel::train(suffixes);
        lm.dgaSuffix = CharNgramModel::train(dga);
        const std::vector<dnshound::core::features::FamilyProfiles::Family> families = {
            {"noise", {dga.begin(), dga.end()}}};
        lm.families = dnshound::core::features::FamilyProfiles::train(kWords, families);
        lm.longGrams = dnshound::core::features::LongGramRatio::train(kWords, dga);
        // A word-list family (every pair of two small lists) gets a list that travels too.
        std::vector<std::string> glued;
        for (std::string_view a : {"fair", "cold", "blue", "west", "iron", "gold", "dark", "pine",
                                   "lake", "wild", "moon", "star", "rose", "sand", "snow"})
            for (std::string_view b :
                 {"mount", "field", "brook", "stone", "ridge", "haven", "crest", "grove", "marsh",
                  "gate",  "wood",  "dale",  "ford",  "wick",  "holm",  "bury",  "combe", "heath",
                  "shaw",  "worth", "cliff", "moor",  "vale",  "tarn",  "fell",  "nook",  "knoll",
                  "glen",  "mead",  "weald", "burn",  "loch",  "holt",  "hurst", "thorpe"})
                glued.push_back(std::string(a) + std::string(b));
        const std::vector<dnshound::core::features::FamilyProfiles::Family> wordFamilies = {
            {"glued", {glued.begin(), glued.end()}}};
        lm.wordLists = dnshound::core::features::FamilyWordLists::train(wordFamilies);
        QCOMPARE(lm.wordLists.families().size(), std::size_t{1});
        lm.save(path);
        const auto back = LanguageModels::load(path);
        QCOMPARE(back->benign.table(), lm.benign.table());
        QCOMPARE(back->dga.table(), lm.dga.table());
        QCOMPARE(back->benignSuffix.table(), lm.benignSuffix.table());
        QCOMPARE(back->dgaSuffix.table(), lm.dgaSuffix.table());
        QVERIFY(back->families == lm.families);
        QVERIFY(back->longGrams == lm.longGrams);
        QVERIFY(back->wordLists == lm.wordLists);
        QCOMPARE(back->wordLists.match("goldmount").words, 2.0f);
        QVERIFY(back->benignSuffix.score("com").sum > back->benignSuffix.score("li").sum);
        QVERIFY(back->dga.score("qxzkvbpw").mean > back->benign.score("qxzkvbpw").mean);

        // A truncated or foreign file is refused with a clear error.
        {
            std::ofstream f(path, std::ios::binary | std::ios::trunc);
            f << "DNSHNGR4short";
        }
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, LanguageModels::load(path));
        {
            std::ofstream f(path, std::ios::binary | std::ios::trunc);
            f << "not a model at all";
        }
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, LanguageModels::load(path));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 LanguageModels::load((dir / "missing.bin").string()));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 CharNgramModel::fromTable(std::vector<std::uint8_t>(10)));
    }
};

QTEST_APPLESS_MAIN(TestCharNgramModel)
#include "test_char_ngram_model.moc"
