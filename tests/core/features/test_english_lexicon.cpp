#include <QtTest>

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/features/english_lexicon.h"

using dnshound::core::features::EnglishLexicon;
using dnshound::core::features::kEnglishWords;

namespace {

// The built-in list's words of three or more letters, straight from its text.
std::vector<std::string_view> dictionaryWords() {
    std::vector<std::string_view> words;
    std::string_view rest = kEnglishWords;
    while (!rest.empty()) {
        const std::size_t start = rest.find_first_not_of(" \n\t\r");
        if (start == std::string_view::npos) break;
        rest.remove_prefix(start);
        const std::size_t end = std::min(rest.find_first_of(" \n\t\r"), rest.size());
        const std::string_view word = rest.substr(0, end);
        rest.remove_prefix(end);
        if (word.size() >= 3 &&
            std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
            words.push_back(word);
    }
    return words;
}

// The segmentation by brute force: every substring looked up in a set, the same dynamic
// programme (most characters covered, then fewest words).
EnglishLexicon::Segmentation referenceSegment(std::string_view label,
                                              const std::unordered_set<std::string_view>& dict) {
    EnglishLexicon::Segmentation out;
    if (label.empty()) return out;
    const std::size_t n = std::min<std::size_t>(label.size(), 255);
    std::vector<int> best(n + 1, 0), words(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        if (best[i] > best[i + 1] || (best[i] == best[i + 1] && words[i] < words[i + 1])) {
            best[i + 1] = best[i];
            words[i + 1] = words[i];
        }
        for (std::size_t j = i + 3; j <= n; ++j) {
            if (!dict.contains(label.substr(i, j - i))) continue;
            const int len = static_cast<int>(j - i);
            out.longestWord =
                std::max<std::uint16_t>(out.longestWord, static_cast<std::uint16_t>(len));
            const int covered = best[i] + len, used = words[i] + 1;
            if (covered > best[j] || (covered == best[j] && used < words[j])) {
                best[j] = covered;
                words[j] = used;
            }
        }
    }
    out.coverage = static_cast<float>(best[n]) / static_cast<float>(n);
    out.words = static_cast<std::uint16_t>(words[n]);
    return out;
}

// Labels that exercise the segmentation: glued dictionary words with noise in between,
// random letters, digits, hyphens and other bytes, and overlong ones.
std::vector<std::string> sampleLabels(const std::vector<std::string_view>& words) {
    std::mt19937 rng(7);
    std::vector<std::string> labels = {"",
                                       "a",
                                       "ab",
                                       "abc",
                                       "weatherstation",
                                       "xxhouse",
                                       "qxkzvbn",
                                       "the-house_of9cards",
                                       std::string(300, 'a')};
    std::string longWords;
    while (longWords.size() < 300) longWords += words[rng() % words.size()];
    labels.push_back(longWords);
    const std::string noise = "abcdefghijklmnopqrstuvwxyz0123456789-_\xc3";
    for (int k = 0; k < 20000; ++k) {
        std::string l;
        const unsigned parts = 1 + rng() % 5;
        for (unsigned p = 0; p < parts; ++p) {
            if (rng() % 3 != 0) {
                std::string_view w = words[rng() % words.size()];
                if (rng() % 4 == 0) w = w.substr(0, 1 + rng() % w.size());  // a word's prefix
                l += w;
            } else {
                for (unsigned c = 0, m = 1 + rng() % 6; c < m; ++c)
                    l += noise[rng() % noise.size()];
            }
        }
        labels.push_back(l);
    }
    return labels;
}

}  // namespace

class TestEnglishLexicon : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // segment() walks a packed trie from a three-letter prefix table; it must find exactly the
    // words that a plain set lookup of every substring finds.
    void segmentMatchesBruteForce() {
        const EnglishLexicon& lex = EnglishLexicon::instance();
        const std::vector<std::string_view> words = dictionaryWords();
        QVERIFY(words.size() > 1000);
        const std::unordered_set<std::string_view> dict(words.begin(), words.end());
        QCOMPARE(dict.size(), lex.wordCount());
        std::size_t withWords = 0;
        for (const std::string& label : sampleLabels(words)) {
            const EnglishLexicon::Segmentation got = lex.segment(label);
            const EnglishLexicon::Segmentation want = referenceSegment(label, dict);
            if (got.coverage != want.coverage || got.words != want.words ||
                got.longestWord != want.longestWord)
                QFAIL(qPrintable(QStringLiteral("segment(\"%1\"): coverage %2 words %3 longest %4, "
                                                "expected %5 %6 %7")
                                     .arg(QString::fromStdString(label))
                                     .arg(got.coverage)
                                     .arg(got.words)
                                     .arg(got.longestWord)
                                     .arg(want.coverage)
                                     .arg(want.words)
                                     .arg(want.longestWord)));
            // wordCoverage() walks the trie as built: the same cover.
            QCOMPARE(lex.wordCoverage(label), got.coverage);
            withWords += got.words > 1;
        }
        QVERIFY(withWords > 5000);  // the sample really segments into several words
    }

    void letterScoresAreTheSingleValues() {
        const EnglishLexicon& lex = EnglishLexicon::instance();
        for (std::string_view l : {"", "-", "12345", "weatherstation", "qxkzvbn", "a-b_c9dd"}) {
            const EnglishLexicon::LetterScores s = lex.letterScores(l);
            QCOMPARE(s.bigram, lex.bigramLogLikelihood(l));
            QCOMPARE(s.unseen, lex.unseenBigramRatio(l));
            QCOMPARE(s.trigram, lex.trigramLogLikelihood(l));
        }
        QVERIFY(lex.letterScores("qxkzvbn").unseen > lex.letterScores("weather").unseen);
        QVERIFY(lex.letterScores("weather").trigram > lex.letterScores("qxkzvbn").trigram);
        QCOMPARE(lex.letterScores("123").bigram, std::log(1.0f / 27.0f));
    }
};

QTEST_APPLESS_MAIN(TestEnglishLexicon)
#include "test_english_lexicon.moc"
