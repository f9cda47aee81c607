#include <QtTest>

#include <chrono>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "core/features/char_ngram_model.h"
#include "core/features/domain_features.h"
#include "core/features/english_lexicon.h"

using dnshound::core::features::CharNgramModel;
using dnshound::core::features::DomainFeatures;
using dnshound::core::features::EnglishLexicon;
using dnshound::core::features::LanguageModels;

namespace {

std::vector<float> features(std::string_view name) {
    std::vector<float> v(DomainFeatures::count(), -1.0f);
    DomainFeatures::extract(name, v);
    return v;
}

float feature(const std::vector<float>& v, const char* name) {
    const auto& names = DomainFeatures::names();
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) qFatal("no feature named %s", name);
    return v[static_cast<std::size_t>(it - names.begin())];
}

bool close(double a, double b) {
    return std::fabs(a - b) < 1e-5;
}

}  // namespace

class TestDomainFeatures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        // The n-gram features need language models (a loaded DGA model installs its pair);
        // without any they are NaN.
        QVERIFY(std::isnan(feature(features("example.com"), "sld_benign_ngram_loglik")));
        auto lm = std::make_shared<LanguageModels>();
        const std::vector<std::string_view> benign = {"example", "weather", "garden", "google"};
        const std::vector<std::string_view> dga = {"qxkzvbn", "zzkqpw", "xjvq", "k8m6pjzq"};
        lm->benign = CharNgramModel::train(benign);
        lm->dga = CharNgramModel::train(dga);
        // Like a loaded model's, the pair comes with family profiles and 6-gram ratios.
        const std::vector<dnshound::core::features::FamilyProfiles::Family> families = {
            {"noise", {dga.begin(), dga.end()}}};
        lm->families = dnshound::core::features::FamilyProfiles::train(benign, families);
        lm->longGrams = dnshound::core::features::LongGramRatio::train(benign, dga);
        LanguageModels::install(lm);
        QVERIFY(std::isfinite(feature(features("example.com"), "sld_benign_ngram_loglik")));
    }

    void namesMatchCount() {
        QCOMPARE(DomainFeatures::names().size(), DomainFeatures::count());
        QVERIFY(DomainFeatures::version() >= 1);
        std::vector<std::string> sorted = DomainFeatures::names();
        std::sort(sorted.begin(), sorted.end());
        QVERIFY(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
    }

    void randomLabelUnderMultiLabelSuffix() {
        const auto v = features("www.qxkzvbn.co.uk");
        // Registrable domain "qxkzvbn.co.uk": three labels, longest 7, 13 characters.
        QCOMPARE(feature(v, "label_count"), 3.0f);
        QCOMPARE(feature(v, "longest_label_length"), 7.0f);
        QCOMPARE(feature(v, "name_length"), 13.0f);
        QCOMPARE(feature(v, "sld_length"), 7.0f);
        QCOMPARE(feature(v, "suffix_length"), 5.0f);
        QVERIFY(close(feature(v, "sld_freq_q"), 1.0 / 7));
        QCOMPARE(feature(v, "sld_freq_a"), 0.0f);
        QCOMPARE(feature(v, "sld_vowel_ratio"), 0.0f);
        QCOMPARE(feature(v, "sld_longest_consonant_run"), 7.0f);
        QVERIFY(close(feature(v, "sld_entropy"), std::log2(7.0)));  // all characters distinct
        QCOMPARE(feature(v, "sld_distinct_char_ratio"), 1.0f);
        QCOMPARE(feature(v, "sld_alpha_ratio"), 1.0f);
        QCOMPARE(feature(v, "sld_hex_only"), 0.0f);
        QCOMPARE(feature(v, "sld_word_coverage"), 0.0f);
        // "qxkzvbn.co.uk": 11 letters, 2 dots.
        QVERIFY(close(feature(v, "name_alpha_ratio"), 11.0 / 13));
        QVERIFY(close(feature(v, "name_special_ratio"), 2.0 / 13));
    }

    void mixedLabelByHand() {
        const auto v = features("aabbc1.com");
        QVERIFY(close(feature(v, "sld_alpha_ratio"), 5.0 / 6));
        QVERIFY(close(feature(v, "sld_numeric_ratio"), 1.0 / 6));
        QCOMPARE(feature(v, "sld_special_ratio"), 0.0f);
        QCOMPARE(feature(v, "sld_longest_digit_run"), 1.0f);
        QCOMPARE(feature(v, "sld_digit_letter_transitions"), 1.0f);
        QCOMPARE(feature(v, "sld_hex_only"), 1.0f);
        QVERIFY(close(feature(v, "sld_repeated_char_ratio"), 2.0 / 5));  // "aa", "bb"
        QVERIFY(close(feature(v, "sld_distinct_char_ratio"), 4.0 / 6));
        // counts a2 b2 c1 '1'1 over 6 characters
        const double h = -(2 * (2.0 / 6) * std::log2(2.0 / 6) + 2 * (1.0 / 6) * std::log2(1.0 / 6));
        QVERIFY(close(feature(v, "sld_entropy"), h));
        const auto hyphen = features("my-shop.de");
        QVERIFY(close(feature(hyphen, "sld_special_ratio"), 1.0 / 7));
    }

    void longestLabelIsTheLongestNotTheLastAlphabetically() {
        // heiDGAF took the alphabetically last label ("com" here); we take the longest.
        const auto v = features("abcdefgh.com");
        QCOMPARE(feature(v, "longest_label_length"), 8.0f);
    }

    void subdomainsDoNotChangeTheVector() {
        // Training sees registrable domains only; real traffic adds subdomains.
        const auto base = features("example.com");
        QCOMPARE(features("www.example.com"), base);
        QCOMPARE(features("e1234.x-y_z.deep.example.com"), base);
        QCOMPARE(features("_dmarc.example.com"), base);
    }

    void lexiconSeparatesWordsFromNoise() {
        const EnglishLexicon& lex = EnglishLexicon::instance();
        QVERIFY(lex.wordCount() > 1500);
        QVERIFY(lex.bigramLogLikelihood("weatherstation") > lex.bigramLogLikelihood("qxkzvbnwpt"));
        QCOMPARE(lex.wordCoverage("weatherstation"), 1.0f);
        QCOMPARE(lex.wordCoverage("qxkzvbn"), 0.0f);
        QVERIFY(close(lex.wordCoverage("xxhouse"), 5.0 / 7));
        QVERIFY(std::isfinite(lex.bigramLogLikelihood("12345")));
        const auto words = features("weatherstation.com");
        const auto noise = features("qxkzvbnwpt.com");
        QVERIFY(feature(words, "sld_bigram_loglik") > feature(noise, "sld_bigram_loglik"));
    }

    void suffixFeatures() {
        const auto com = features("example.com");
        const auto info = features("example.info");
        const auto odd = features("example.notarealtld");
        QCOMPARE(feature(com, "tld_rank"), 1.0f);  // the most common TLD ranks first
        QVERIFY(feature(info, "tld_rank") > feature(com, "tld_rank"));
        QVERIFY(feature(odd, "tld_rank") > feature(info, "tld_rank"));  // unknown ranks last
        QCOMPARE(feature(features("example.co.uk"), "tld_rank"),
                 feature(features("x.uk"), "tld_rank"));
        QCOMPARE(feature(com, "suffix_length"), 3.0f);
    }

    void unseenBigrams() {
        // "qx", "xz" never occur in the word list; "th", "he" do.
        QCOMPARE(feature(features("qxzq.com"), "sld_unseen_bigram_ratio"), 1.0f);
        QCOMPARE(feature(features("the.com"), "sld_unseen_bigram_ratio"), 0.0f);
        QCOMPARE(feature(features("1234.com"), "sld_unseen_bigram_ratio"), 0.0f);
    }

    void weirdNamesGiveFiniteValues() {
        const std::string longest = std::string(63, 'a') + "." + std::string(63, 'b') + "." +
                                    std::string(63, 'c') + "." + std::string(61, 'd');
        QCOMPARE(longest.size(), std::size_t{253});
        const std::string tooLong(1000, 'x');
        for (std::string_view n :
             {std::string_view(""), std::string_view("."), std::string_view("123456"),
              std::string_view("1234.5678"), std::string_view("_sip._tcp.example.com"),
              std::string_view("___.__"), std::string_view("xn--80ak6aa92e.xn--p1ai"),
              std::string_view(longest), std::string_view(tooLong), std::string_view("a..b"),
              std::string_view("\xff\xfe.com")}) {
            const auto v = features(n);
            for (std::size_t i = 0; i < v.size(); ++i)
                QVERIFY2(std::isfinite(v[i]), DomainFeatures::names()[i].c_str());
        }
        QCOMPARE(feature(features(""), "name_length"), 0.0f);
        QCOMPARE(feature(features("123456"), "sld_numeric_ratio"), 1.0f);
    }

    void shortOutputIsLeftAlone() {
        std::vector<float> tooSmall(3, 7.0f);
        DomainFeatures::extract("example.com", tooSmall);
        QCOMPARE(tooSmall, std::vector<float>(3, 7.0f));
    }

    void throughput() {
        std::mt19937 rng(42);
        std::uniform_int_distribution<int> len(5, 20), ch(0, 35), tld(0, 3);
        const char* tlds[] = {".com", ".co.uk", ".info", ".net"};
        std::vector<std::string> names;
        for (int i = 0; i < 200000; ++i) {
            std::string n;
            const int l = len(rng);
            for (int j = 0; j < l; ++j) {
                const int c = ch(rng);
                n.push_back(static_cast<char>(c < 26 ? 'a' + c : '0' + c - 26));
            }
            names.push_back("www." + n + tlds[tld(rng)]);
        }
        std::vector<float> out(DomainFeatures::count());
        double sink = 0;
        const auto t0 = std::chrono::steady_clock::now();
        for (const auto& n : names) {
            DomainFeatures::extract(n, out);
            sink += out[0];
        }
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        qInfo("feature extraction: %.0f names/s (%zu names, checksum %.0f)",
              static_cast<double>(names.size()) / s, names.size(), sink);
    }
};

QTEST_APPLESS_MAIN(TestDomainFeatures)
#include "test_domain_features.moc"
