#include <QtTest>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "benign_words.h"
#include "core/features/long_gram_ratio.h"

using dnshound::core::features::LongGramRatio;

namespace {

const std::vector<std::string_view>& kBenign = kBenignWords;
// A name-list family: first names and surnames glued together.
const std::vector<std::string_view> kNames = {"madelainepettigrew", "quintellasackville",
                                              "radclyffefairchild", "madelainesackville",
                                              "quintellafairchild", "radclyffepettigrew"};

}  // namespace

class TestLongGramRatio : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void reusedWordPiecesPointToDga() {
        const LongGramRatio r = LongGramRatio::train(kBenign, kNames);
        QVERIFY(r.trained());
        // A new combination of the list's names is full of 6-grams only DGA names had.
        const auto fresh = r.score("radclyffesackville");
        QVERIFY2(fresh.sum > 5.0f && fresh.mean > 0.5f, "a new name pair should look DGA");
        // A benign word scores below it, and a label with one 6-gram ("^abcd$") is scored.
        QVERIFY(r.score("feathers").sum < fresh.sum);
        QVERIFY(std::fabs(r.score("abcd").mean - r.score("abcd").sum) < 1e-6f);
        // Too short for a 6-gram: nothing to add.
        QCOMPARE(r.score("abc").sum, 0.0f);
        QCOMPARE(r.score("abc").mean, 0.0f);
        for (std::string_view l : {"", "-", "1234", "x_y-z", "\xff\xfe\xfd\xfc\xfb"})
            QVERIFY(std::isfinite(r.score(l).sum) && std::isfinite(r.score(l).mean));
    }

    void untrainedIsMissing() {
        const LongGramRatio none;
        QVERIFY(!none.trained());
        QVERIFY(std::isnan(none.score("madelainepettigrew").sum));
    }

    void writeAndReadRoundTrip() {
        const LongGramRatio r = LongGramRatio::train(kBenign, kNames);
        std::stringstream s;
        r.write(s);
        const LongGramRatio back = LongGramRatio::read(s, "memory");
        QVERIFY(back == r);
        std::stringstream empty;
        LongGramRatio{}.write(empty);
        QVERIFY(!LongGramRatio::read(empty, "memory").trained());
        std::stringstream cut(std::string(1, '\1') + "short");
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, LongGramRatio::read(cut, "memory"));
        QVERIFY(LongGramRatio::train(kBenign, kNames) == r);  // deterministic
    }
};

QTEST_APPLESS_MAIN(TestLongGramRatio)
#include "test_long_gram_ratio.moc"
