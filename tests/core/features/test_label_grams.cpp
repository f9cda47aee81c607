#include <QtTest>

#include <cstdint>
#include <string>
#include <vector>

#include "benign_words.h"
#include "core/features/char_ngram_model.h"
#include "core/features/family_profiles.h"
#include "core/features/label_grams.h"
#include "core/features/long_gram_ratio.h"

using dnshound::core::features::CharNgramModel;
using dnshound::core::features::FamilyProfiles;
using dnshound::core::features::LabelGrams;
using dnshound::core::features::LongGramRatio;

namespace {

const std::vector<std::string_view>& kBenign = kBenignWords;
const std::vector<std::string_view> kDga = {"qxkzvb",
                                            "zzkqpw",
                                            "xjvqkz",
                                            "a3f09b7c21d4e8f6",
                                            "09bc7d1e2f3a4b5c",
                                            "kvbzqx",
                                            "madelainepettigrew"};

// Labels of every kind: empty, short, odd bytes, and longer than the 255 characters scored.
std::vector<std::string> labels() {
    std::vector<std::string> out = {"",           "a",           "ab",       "abc",
                                    "abcd",       "weather",     "qxkzvb",   "x_y-z",
                                    "0a1b2c3d4e", "madelaine-2", "\xff\xfe", "a\0b"};
    out[11] = std::string("a\0b", 3);
    out.push_back(std::string(255, 'q'));
    out.push_back(std::string(300, 'k') + "weather");
    return out;
}

// The symbols of a label as the models see them, written out plainly.
std::uint32_t symbol(char c) {
    if (c >= 'a' && c <= 'z') return static_cast<std::uint32_t>(c - 'a');
    if (c >= '0' && c <= '9') return 26;
    return 27;
}

}  // namespace

class TestLabelGrams : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void windowsMatchTheFramedSymbols() {
        constexpr std::uint32_t B = LabelGrams::kBoundary, S = LabelGrams::kSymbols;
        for (const std::string& label : labels()) {
            const LabelGrams g(label);
            const std::size_t n = std::min<std::size_t>(label.size(), 255);
            QCOMPARE(g.length(), n);
            // Three start boundaries, the symbols, one end boundary.
            std::vector<std::uint32_t> s = {B, B, B};
            for (std::size_t i = 0; i < n; ++i) s.push_back(symbol(label[i]));
            s.push_back(B);
            QCOMPARE(g.grams4().size(), n + 1);
            QCOMPARE(g.grams3().size(), n + 1);
            for (std::size_t i = 0; i <= n; ++i) {
                QCOMPARE(g.grams4()[i], ((s[i] * S + s[i + 1]) * S + s[i + 2]) * S + s[i + 3]);
                QCOMPARE(g.grams3()[i], (s[i + 1] * S + s[i + 2]) * S + s[i + 3]);
            }
            // 6-grams of "^label$": one start boundary, so windows start at s[2].
            const std::size_t windows = n >= 4 ? n - 3 : 0;
            QCOMPARE(g.grams6().size(), windows);
            for (std::size_t w = 0; w < windows; ++w) {
                std::uint32_t key = 0;
                for (std::size_t k = 0; k < 6; ++k) key = key << 5 | s[2 + w + k];
                QCOMPARE(g.grams6()[w], key);
            }
        }
        QCOMPARE(LabelGrams("abcd").grams6().size(), std::size_t{1});
        QVERIFY(LabelGrams("abc").grams6().empty());
    }

    void ngramScoresEqualTheLabelWalk() {
        const CharNgramModel benign = CharNgramModel::train(kBenign);
        const CharNgramModel dga = CharNgramModel::train(kDga);
        const CharNgramModel::Interleaved pair = CharNgramModel::interleave(benign, dga);
        const CharNgramModel untrained;
        auto same = [](const CharNgramModel::Score& a, const CharNgramModel::Score& b) {
            return a.sum == b.sum && a.mean == b.mean && a.min == b.min;
        };
        for (const std::string& label : labels()) {
            if (label.size() > 255) continue;  // the label walk does not cut
            const LabelGrams g(label);
            QVERIFY(same(benign.score(g), benign.score(label)));
            const auto walked = CharNgramModel::score(benign, dga, label);
            const auto fromGrams = CharNgramModel::score(benign, dga, g);
            const auto interleaved = CharNgramModel::score(pair, g);
            for (std::size_t k = 0; k < 2; ++k) {
                QVERIFY(same(fromGrams[k], walked[k]));
                QVERIFY(same(interleaved[k], walked[k]));
            }
            const auto half = CharNgramModel::score(benign, untrained, g);
            QVERIFY(same(half[0], benign.score(label)));
            QVERIFY(same(half[1], CharNgramModel::Score{}));
        }
    }

    void familyAndLongGramScoresUseTheLabelCut() {
        const std::vector<FamilyProfiles::Family> families = {{"dga", kDga}};
        const FamilyProfiles p = FamilyProfiles::train(kBenign, families);
        const LongGramRatio r = LongGramRatio::train(kBenign, kDga);
        for (const std::string& label : labels()) {
            const LabelGrams g(label);
            // resemblance() walks the label itself: the same best-family ratio.
            QCOMPARE(p.score(g).llr, p.resemblance(label).llr);
            QCOMPARE(p.score(g).llr, p.score(label).llr);
            QCOMPARE(r.score(g).sum, r.score(label).sum);
            QCOMPARE(r.score(g).mean, r.score(label).mean);
        }
        // Labels longer than 255 characters score as their first 255.
        const std::string longer = std::string(300, 'k') + "weather";
        QCOMPARE(p.score(LabelGrams(longer)).llr, p.score(longer.substr(0, 255)).llr);
        QCOMPARE(r.score(LabelGrams(longer)).sum, r.score(longer.substr(0, 255)).sum);
    }
};

QTEST_APPLESS_MAIN(TestLabelGrams)
#include "test_label_grams.moc"
