#include "core/features/domain_features.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "core/features/char_ngram_model.h"
#include "core/features/english_lexicon.h"
#include "core/features/label_grams.h"
#include "core/features/public_suffix.h"

// Every feature is computed on the registrable domain (second-level label + public suffix),
// never on the labels left of it. The training data (DGA feeds, a top-sites list) consists of
// registrable domains, while real traffic is full of subdomains ("e1234.dscb.akamaiedge.net",
// "_dmarc.example.com", PTR names): features of the full name would see values training never
// saw and shift benign names towards DGA. A DGA controls its registered label, so nothing is lost.
// heiDGAF's subdomain-part ratios and non-empty flags are left out for the same reason.
//
// Letter frequencies are of the second-level label: the suffix is shared by millions of names and
// would only dilute the owner's choice of characters.

namespace dnshound::core::features {

namespace {

constexpr int kVersion = 5;

enum Index : std::size_t {
    kLabelCount,
    kLongestLabel,
    kNameLength,
    kFreqA,
    kSldAlpha = kFreqA + 26,
    kSldNumeric,
    kSldSpecial,
    kSldEntropy,
    kNameAlpha,
    kNameNumeric,
    kNameSpecial,
    kNameEntropy,
    kSldLength,
    kSldVowelRatio,
    kSldConsonantRun,
    kSldDigitRun,
    kSldTransitions,
    kSldHexOnly,
    kSldRepeatRatio,
    kSldDistinctRatio,
    kSldBigram,
    kSldWordCoverage,
    kSuffixLength,
    kSldUnseenBigrams,
    kTldRank,
    // Version 2: what separates word-list and pronounceable DGAs.
    kSldTrigram,
    kSldWords,
    kSldLongestWord,
    kSldVowelRun,
    kSldHyphens,
    kSldMaxRepeatRun,
    kSldHexRatio,
    kSldDigitCount,
    kSldWordsPerChar,
    // Version 3: character 4-gram language models trained with the model (benign and DGA).
    kSldBenignNgramMean,
    kSldBenignNgramMin,
    kSldDgaNgramMean,
    kSldNgramRatioMean,
    kSldNgramRatioSum,
    kSuffixBenignLoglik,
    kSuffixRatio,
    // Version 4: per-family character trigram and length profiles trained with the model.
    kSldFamilyLlr,
    kSldFamilyNgramLlr,
    kSldFamilyLlrPerChar,
    kSldLongGramLlrSum,
    kSldLongGramLlrMean,
    // Version 5: word lists of the word-list DGA families (FamilyWordLists).
    kSldFamilyListWords,
    kSldFamilyListShare,
    kCount
};

std::vector<std::string> makeNames() {
    std::vector<std::string> n(kCount);
    n[kLabelCount] = "label_count";
    n[kLongestLabel] = "longest_label_length";
    n[kNameLength] = "name_length";
    for (std::size_t i = 0; i < 26; ++i)
        n[kFreqA + i] = std::string("sld_freq_") + static_cast<char>('a' + i);
    n[kSldAlpha] = "sld_alpha_ratio";
    n[kSldNumeric] = "sld_numeric_ratio";
    n[kSldSpecial] = "sld_special_ratio";
    n[kSldEntropy] = "sld_entropy";
    n[kNameAlpha] = "name_alpha_ratio";
    n[kNameNumeric] = "name_numeric_ratio";
    n[kNameSpecial] = "name_special_ratio";
    n[kNameEntropy] = "name_entropy";
    n[kSldLength] = "sld_length";
    n[kSldVowelRatio] = "sld_vowel_ratio";
    n[kSldConsonantRun] = "sld_longest_consonant_run";
    n[kSldDigitRun] = "sld_longest_digit_run";
    n[kSldTransitions] = "sld_digit_letter_transitions";
    n[kSldHexOnly] = "sld_hex_only";
    n[kSldRepeatRatio] = "sld_repeated_char_ratio";
    n[kSldDistinctRatio] = "sld_distinct_char_ratio";
    n[kSldBigram] = "sld_bigram_loglik";
    n[kSldWordCoverage] = "sld_word_coverage";
    n[kSuffixLength] = "suffix_length";
    n[kSldUnseenBigrams] = "sld_unseen_bigram_ratio";
    n[kTldRank] = "tld_rank";
    n[kSldTrigram] = "sld_trigram_loglik";
    n[kSldWords] = "sld_dictionary_words";
    n[kSldLongestWord] = "sld_longest_word";
    n[kSldVowelRun] = "sld_longest_vowel_run";
    n[kSldHyphens] = "sld_hyphens";
    n[kSldMaxRepeatRun] = "sld_longest_repeat_run";
    n[kSldHexRatio] = "sld_hex_char_ratio";
    n[kSldDigitCount] = "sld_digits";
    n[kSldWordsPerChar] = "sld_mean_word_length";
    n[kSldBenignNgramMean] = "sld_benign_ngram_loglik";
    n[kSldBenignNgramMin] = "sld_benign_ngram_min";
    n[kSldDgaNgramMean] = "sld_dga_ngram_loglik";
    n[kSldNgramRatioMean] = "sld_ngram_llr";
    n[kSldNgramRatioSum] = "sld_ngram_llr_sum";
    n[kSuffixBenignLoglik] = "suffix_benign_loglik";
    n[kSuffixRatio] = "suffix_llr";
    n[kSldFamilyLlr] = "sld_family_llr";
    n[kSldFamilyNgramLlr] = "sld_family_ngram_llr";
    n[kSldFamilyLlrPerChar] = "sld_family_llr_per_char";
    n[kSldLongGramLlrSum] = "sld_6gram_llr_sum";
    n[kSldLongGramLlrMean] = "sld_6gram_llr";
    n[kSldFamilyListWords] = "sld_family_list_words";
    n[kSldFamilyListShare] = "sld_family_list_shape_share";
    return n;
}

std::vector<std::string> makeDescriptions() {
    std::vector<std::string> d(kCount);
    d[kLabelCount] = "number of labels in the registrable domain";
    d[kLongestLabel] = "length of the longest label of the registrable domain";
    d[kNameLength] = "length of the registrable domain";
    for (std::size_t i = 0; i < 26; ++i)
        d[kFreqA + i] = std::string("share of '") + static_cast<char>('a' + i) +
                        "' among the characters of the second-level label";
    d[kSldAlpha] = "share of letters in the second-level label";
    d[kSldNumeric] = "share of digits in the second-level label";
    d[kSldSpecial] = "share of other characters (hyphen, underscore) in the second-level label";
    d[kSldEntropy] = "Shannon entropy (bits per character) of the second-level label";
    d[kNameAlpha] = "share of letters in the registrable domain";
    d[kNameNumeric] = "share of digits in the registrable domain";
    d[kNameSpecial] = "share of dots, hyphens and other characters in the registrable domain";
    d[kNameEntropy] = "Shannon entropy (bits per character) of the registrable domain";
    d[kSldLength] = "length of the second-level label";
    d[kSldVowelRatio] = "share of vowels among the letters of the second-level label";
    d[kSldConsonantRun] = "longest run of consonants in the second-level label";
    d[kSldDigitRun] = "longest run of digits in the second-level label";
    d[kSldTransitions] = "number of switches between letters and digits in the second-level label";
    d[kSldHexOnly] = "1 if the second-level label consists of hex digits only";
    d[kSldRepeatRatio] = "share of characters equal to their predecessor";
    d[kSldDistinctRatio] = "distinct characters divided by label length";
    d[kSldBigram] = "mean log-probability of the label's letter bigrams under an English model";
    d[kSldWordCoverage] = "share of the label covered by dictionary words of 3+ letters";
    d[kSuffixLength] = "length of the public suffix";
    d[kSldUnseenBigrams] = "share of letter bigrams that no dictionary word contains";
    d[kTldRank] = "popularity rank of the top-level domain (unknown TLDs rank last)";
    d[kSldTrigram] = "mean log-probability of the label's letter trigrams under an English model";
    d[kSldWords] = "dictionary words in the best segmentation of the label";
    d[kSldLongestWord] = "length of the longest dictionary word inside the label";
    d[kSldVowelRun] = "longest run of vowels in the second-level label";
    d[kSldHyphens] = "number of hyphens in the second-level label";
    d[kSldMaxRepeatRun] = "longest run of one repeated character";
    d[kSldHexRatio] = "share of hex-digit characters (0-9, a-f)";
    d[kSldDigitCount] = "number of digits in the second-level label";
    d[kSldWordsPerChar] = "covered characters per dictionary word in the best segmentation";
    d[kSldBenignNgramMean] =
        "mean log-probability per character under the benign names' character 4-gram model";
    d[kSldBenignNgramMin] = "log-probability of the least likely character under that model";
    d[kSldDgaNgramMean] =
        "mean log-probability per character under the DGA names' character 4-gram model";
    d[kSldNgramRatioMean] = "mean log-likelihood ratio per character, DGA model over benign";
    d[kSldNgramRatioSum] = "log-likelihood ratio of the whole label, DGA model over benign";
    d[kSuffixBenignLoglik] = "log-probability of the public suffix among benign training names";
    d[kSuffixRatio] = "log-likelihood ratio of the public suffix, DGA names over benign";
    d[kSldFamilyLlr] =
        "log-likelihood ratio of the label and its length, best-fitting DGA family over benign";
    d[kSldFamilyNgramLlr] =
        "log-likelihood ratio of the label's characters, best-fitting DGA family over benign";
    d[kSldFamilyLlrPerChar] = "the best family's log-likelihood ratio per character";
    d[kSldLongGramLlrSum] =
        "summed log-likelihood ratio of the label's character 6-grams, DGA names over benign";
    d[kSldLongGramLlrMean] = "the same per 6-gram";
    d[kSldFamilyListWords] =
        "words of a word-list DGA family's list that make up the label exactly (0: none does)";
    d[kSldFamilyListShare] =
        "share of that family's names with the label's shape (words per hyphen-separated part)";
    return d;
}

// Top-level domains roughly by how many registered names they hold (general knowledge, not
// derived from the training data). DGA families favour a few cheap or odd ones; a rank lets the
// trees single out any of them. Unknown TLDs rank after the list.
constexpr std::array<std::string_view, 72> kTldsByPopularity = {
    "com", "net", "org",  "de",    "uk",  "ru",     "cn",   "br",   "jp",  "nl",   "fr",   "it",
    "au",  "in",  "pl",   "info",  "ca",  "es",     "ir",   "eu",   "io",  "co",   "ch",   "se",
    "us",  "cz",  "be",   "kr",    "tw",  "dk",     "no",   "at",   "gr",  "hu",   "ro",   "mx",
    "ar",  "za",  "vn",   "tr",    "ua",  "sk",     "fi",   "pt",   "il",  "nz",   "id",   "my",
    "sg",  "cl",  "hk",   "xyz",   "top", "online", "site", "club", "biz", "me",   "tv",   "cc",
    "ws",  "pro", "shop", "store", "app", "dev",    "ai",   "gov",  "edu", "mobi", "name", "su"};

// Letters-only TLDs of two or three characters as an index (else -1).
int shortTldKey(std::string_view tld) {
    if (tld.size() < 2 || tld.size() > 3) return -1;
    int k = 0;
    for (char c : tld) {
        if (c < 'a' || c > 'z') return -1;
        k = k * 27 + (c - 'a' + 1);
    }
    return k;
}

float tldRank(std::string_view suffix) {
    const std::size_t dot = suffix.rfind('.');
    const std::string_view tld = dot == std::string_view::npos ? suffix : suffix.substr(dot + 1);
    // Short TLDs (nearly all names) by table, the rest by scanning the list.
    static const std::array<std::uint8_t, 27 * 27 * 27> shortRank = [] {
        std::array<std::uint8_t, 27 * 27 * 27> t{};
        for (std::size_t i = 0; i < kTldsByPopularity.size(); ++i)
            if (const int k = shortTldKey(kTldsByPopularity[i]); k >= 0)
                t[static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(i + 1);
        return t;
    }();
    const float unknown = static_cast<float>(kTldsByPopularity.size() + 1);
    if (const int k = shortTldKey(tld); k >= 0) {
        const std::uint8_t r = shortRank[static_cast<std::size_t>(k)];
        return r ? static_cast<float>(r) : unknown;
    }
    for (std::size_t i = 0; i < kTldsByPopularity.size(); ++i)
        if (kTldsByPopularity[i] == tld) return static_cast<float>(i + 1);
    return unknown;
}

constexpr bool isLetter(unsigned char c) {
    return c >= 'a' && c <= 'z';
}
constexpr bool isDigit(unsigned char c) {
    return c >= '0' && c <= '9';
}
constexpr bool isVowel(unsigned char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

// The per-character features' view of a byte, one 64-bit table entry: counter increments in
// the low bytes (a label has at most 255 characters, so no field overflows into the next) and
// the byte's class in the top byte.
enum CharTally : unsigned { kTallyLetters, kTallyVowels, kTallyDigits, kTallyHex, kTallyHyphens };
enum CharClass : std::size_t { kConsonants, kVowels, kDigits, kOthers };
constexpr unsigned kClassShift = 56;
constexpr std::uint64_t kTallyMask = (std::uint64_t{1} << 40) - 1;
constexpr std::array<std::uint64_t, 256> kCharEntries = [] {
    std::array<std::uint64_t, 256> t{};
    for (unsigned c = 0; c < 256; ++c) {
        const auto u = static_cast<unsigned char>(c);
        auto one = [](unsigned field) { return std::uint64_t{1} << (8 * field); };
        const bool letter = isLetter(u), vowel = letter && isVowel(u), digit = isDigit(u);
        std::uint64_t e = 0;
        if (letter) e += one(kTallyLetters);
        if (vowel) e += one(kTallyVowels);
        if (digit) e += one(kTallyDigits);
        if (digit || (u >= 'a' && u <= 'f')) e += one(kTallyHex);
        if (u == '-') e += one(kTallyHyphens);
        const CharClass cls = vowel ? kVowels : letter ? kConsonants : digit ? kDigits : kOthers;
        t[c] = e | std::uint64_t{cls} << kClassShift;
    }
    return t;
}();
// Digit-letter transitions: the kind of the last letter or digit (0 none yet, 1 letter, 2
// digit) and a character's class give the next kind (low two bits) and whether the kind
// switched between a letter and a digit (bit 2).
constexpr std::array<std::array<std::uint8_t, 4>, 3> kKindSteps = [] {
    constexpr std::array<std::size_t, 4> kindOfClass = {1, 1, 2, 0};  // others keep the kind
    std::array<std::array<std::uint8_t, 4>, 3> t{};
    for (std::size_t prev = 0; prev < 3; ++prev)
        for (std::size_t cls = 0; cls < 4; ++cls) {
            const std::size_t kind = kindOfClass[cls];
            const std::size_t next = kind ? kind : prev;
            const bool switched = kind != 0 && prev != 0 && kind != prev;
            t[prev][cls] = static_cast<std::uint8_t>(next | (switched ? 4 : 0));
        }
    return t;
}();

// n * log2(n) for the counts a name of at most 255 characters can have.
const std::array<float, 256>& nLog2n() {
    static const std::array<float, 256> table = [] {
        std::array<float, 256> t{};
        for (std::size_t i = 1; i < t.size(); ++i)
            t[i] = static_cast<float>(static_cast<double>(i) * std::log2(static_cast<double>(i)));
        return t;
    }();
    return table;
}

// std::log2 of the lengths a name of at most 255 characters can have (the same float function
// on the same float argument, looked up instead of called).
const std::array<float, 256>& log2Of() {
    static const std::array<float, 256> table = [] {
        std::array<float, 256> t{};
        for (std::size_t i = 1; i < t.size(); ++i) t[i] = std::log2(static_cast<float>(i));
        return t;
    }();
    return table;
}

struct CharStats {
    float alpha = 0, numeric = 0, special = 0, entropy = 0;
};

// Ratios of letters, digits and everything else (hyphen, underscore, dot, other bytes) and the
// Shannon entropy (bits per character) of a string of `size` bytes, given its letter and digit
// counts and the sum of n * log2(n) over the counts of its distinct bytes.
CharStats charStats(std::size_t size, std::size_t alpha, std::size_t digits, float nLog2nSum) {
    CharStats st;
    if (size == 0) return st;
    const float len = static_cast<float>(size);
    st.entropy = std::max(0.0f, log2Of()[std::min<std::size_t>(size, 255)] - nLog2nSum / len);
    st.alpha = static_cast<float>(alpha) / len;
    st.numeric = static_cast<float>(digits) / len;
    st.special = static_cast<float>(size - alpha - digits) / len;
    return st;
}

}  // namespace

int DomainFeatures::version() {
    return kVersion;
}

std::size_t DomainFeatures::count() {
    return kCount;
}

const std::vector<std::string>& DomainFeatures::names() {
    static const std::vector<std::string> n = makeNames();
    return n;
}

const std::vector<std::string>& DomainFeatures::descriptions() {
    static const std::vector<std::string> d = makeDescriptions();
    return d;
}

void DomainFeatures::extract(std::string_view name, std::span<float> out) {
    extract(name, out, LanguageModels::installed());
}

void DomainFeatures::extract(std::string_view name, std::span<float> out,
                             const LanguageModels* models) {
    if (out.size() < kCount) return;
    // All-zero bytes are 0.0f; memset of a constant size is a few vector stores, where the
    // fill loop stayed a loop of 71 scalar stores.
    std::memset(out.data(), 0, kCount * sizeof(float));
    name = name.substr(0, 255);
    const DomainSplit split = PublicSuffix::split(name);
    const std::string_view reg = split.registrable();
    const std::string_view sld = split.secondLevelLabel;
    const std::string_view label = sld.substr(0, 255);
    // The model tables are far larger than L2: start their loads now, they land while the
    // lexical features below are computed. Every model reads the label's symbol windows,
    // computed here once (not at all without models). Constructed directly: an std::optional
    // of it zero-fills its 3 KiB per call.
    const LabelGrams grams(models != nullptr ? label : std::string_view{});
    if (models != nullptr) {
        models->prefetch(grams);
        models->wordLists.prefetch(label);
    }

    // Label structure of the registrable domain; the longest label, not heiDGAF's alphabetically
    // last one.
    // The registrable domain starts with the second-level label, one label without dots: only
    // the rest needs a look.
    std::size_t labels = reg.empty() ? 0 : 1, longest = sld.size(), current = sld.size();
    for (char c : reg.substr(sld.size())) {
        if (c == '.') {
            ++labels;
            current = 0;
        } else {
            longest = std::max(longest, ++current);
        }
    }
    out[kLabelCount] = static_cast<float>(labels);
    out[kLongestLabel] = static_cast<float>(longest);
    out[kNameLength] = static_cast<float>(reg.size());

    // One pass over the label for its byte counts, the order in which its distinct bytes first
    // appear and the per-character features, from one table entry per character (counter
    // increments and class, see kCharEntries) instead of tests and branches. The counts are all
    // zero between calls: the registrable domain's entropy below clears every count.
    thread_local std::array<std::uint8_t, 256> counts{};
    const float len = static_cast<float>(label.size());
    std::array<unsigned char, 256> order;
    std::size_t distinct = 0;
    std::uint64_t tallies = 0;  // kCharEntries' counter fields, summed
    // Runs of one class (consonants, vowels, digits, others) and their longest per class.
    std::array<std::size_t, 4> bestClassRun{};
    std::size_t classRun = 0, prevClass = 4;    // no class before the first character
    std::size_t transitions = 0, prevKind = 0;  // kind: 1 letter, 2 digit, 0 other
    std::size_t repeats = 0, repeatRun = 0, bestRepeatRun = 0;
    unsigned char prev = 0;
    for (char ch : label) {
        const auto c = static_cast<unsigned char>(ch);
        const std::uint8_t seen = counts[c];
        counts[c] = static_cast<std::uint8_t>(seen + 1);
        order[distinct] = c;
        distinct += seen == 0;
        const std::uint64_t entry = kCharEntries[c];
        tallies += entry & kTallyMask;
        const auto cls = static_cast<std::size_t>(entry >> kClassShift);
        classRun = cls == prevClass ? classRun + 1 : 1;
        bestClassRun[cls] = std::max(bestClassRun[cls], classRun);
        prevClass = cls;
        // Letter-digit switches (other characters keep the kind), one lookup.
        const std::uint8_t step = kKindSteps[prevKind][cls];
        transitions += step >> 2;
        prevKind = step & 3;
        const bool repeat = c == prev;
        repeats += repeat;
        repeatRun = repeat ? repeatRun + 1 : 1;
        bestRepeatRun = std::max(bestRepeatRun, repeatRun);
        prev = c;
    }
    auto tally = [&](unsigned field) {
        return static_cast<std::size_t>((tallies >> (8 * field)) & 0xff);
    };
    const std::size_t letters = tally(kTallyLetters), vowels = tally(kTallyVowels),
                      digits = tally(kTallyDigits), hexChars = tally(kTallyHex),
                      hyphens = tally(kTallyHyphens);
    const bool hexOnly = !label.empty() && hexChars == label.size();
    // Entropies sum n * log2(n) over the distinct bytes in order of first appearance: the
    // label's distinct bytes in that order, then those the rest of the registrable domain (".",
    // the suffix) adds. Letter frequencies are zero but for the letters in the label.
    const auto& nLog2nOf = nLog2n();
    const std::size_t sldDistinct = distinct;
    float sldSum = 0;
    for (std::size_t k = 0; k < sldDistinct; ++k) {
        const unsigned char c = order[k];
        sldSum += nLog2nOf[counts[c]];
        if (isLetter(c)) out[kFreqA + (c - 'a')] = static_cast<float>(counts[c]) / len;
    }
    // The registrable domain starts with the label whenever the label is not empty.
    std::size_t regLetters = letters, regDigits = digits;
    for (char ch : reg.substr(label.size())) {
        const auto c = static_cast<unsigned char>(ch);
        const std::uint8_t seen = counts[c];
        counts[c] = static_cast<std::uint8_t>(seen + 1);
        order[distinct] = c;
        distinct += seen == 0;
        regLetters += isLetter(c);
        regDigits += isDigit(c);
    }
    // Summed in the same order, clearing each count for the next call.
    float regSum = 0;
    for (std::size_t k = 0; k < distinct; ++k) {
        std::uint8_t& c = counts[order[k]];
        regSum += nLog2nOf[c];
        c = 0;
    }
    const CharStats sldStats = charStats(label.size(), letters, digits, sldSum);
    const CharStats regStats = charStats(reg.size(), regLetters, regDigits, regSum);
    out[kSldAlpha] = sldStats.alpha;
    out[kSldNumeric] = sldStats.numeric;
    out[kSldSpecial] = sldStats.special;
    out[kSldEntropy] = sldStats.entropy;
    out[kNameAlpha] = regStats.alpha;
    out[kNameNumeric] = regStats.numeric;
    out[kNameSpecial] = regStats.special;
    out[kNameEntropy] = regStats.entropy;
    out[kSldLength] = len;
    out[kSldVowelRatio] = letters ? static_cast<float>(vowels) / static_cast<float>(letters) : 0;
    out[kSldConsonantRun] = static_cast<float>(bestClassRun[kConsonants]);
    out[kSldDigitRun] = static_cast<float>(bestClassRun[kDigits]);
    out[kSldTransitions] = static_cast<float>(transitions);
    out[kSldHexOnly] = hexOnly ? 1.0f : 0.0f;
    out[kSldRepeatRatio] = label.size() > 1 ? static_cast<float>(repeats) / (len - 1) : 0;
    out[kSldDistinctRatio] = len > 0 ? static_cast<float>(sldDistinct) / len : 0;
    const EnglishLexicon& lexicon = EnglishLexicon::instance();
    const EnglishLexicon::LetterScores letterScores = lexicon.letterScores(label);
    out[kSldBigram] = letterScores.bigram;
    out[kSuffixLength] = static_cast<float>(split.suffix.size());
    out[kSldUnseenBigrams] = letterScores.unseen;
    out[kTldRank] = tldRank(split.suffix);
    out[kSldTrigram] = letterScores.trigram;
    const EnglishLexicon::Segmentation seg = lexicon.segment(label);
    out[kSldWordCoverage] = seg.coverage;
    out[kSldWords] = seg.words;
    out[kSldLongestWord] = seg.longestWord;
    out[kSldWordsPerChar] = seg.words ? seg.coverage * len / static_cast<float>(seg.words) : 0;
    out[kSldVowelRun] = static_cast<float>(bestClassRun[kVowels]);
    out[kSldHyphens] = static_cast<float>(hyphens);
    out[kSldMaxRepeatRun] = static_cast<float>(bestRepeatRun);
    out[kSldHexRatio] = len > 0 ? static_cast<float>(hexChars) / len : 0;
    out[kSldDigitCount] = static_cast<float>(digits);
    if (models == nullptr) {
        for (std::size_t i = kSldBenignNgramMean; i < kCount; ++i) out[i] = std::nanf("");
        return;
    }
    const auto [b, g] = models->scoreLabel(grams);
    out[kSldBenignNgramMean] = b.mean;
    out[kSldBenignNgramMin] = b.min;
    out[kSldDgaNgramMean] = g.mean;
    out[kSldNgramRatioMean] = g.mean - b.mean;
    out[kSldNgramRatioSum] = g.sum - b.sum;
    const auto [suffixBenign, suffixDga] =
        CharNgramModel::score(models->benignSuffix, models->dgaSuffix, split.suffix);
    out[kSuffixBenignLoglik] = suffixBenign.sum;
    out[kSuffixRatio] = suffixDga.sum - suffixBenign.sum;
    const FamilyProfiles::Score family = models->families.score(grams);
    out[kSldFamilyLlr] = family.llr;
    out[kSldFamilyNgramLlr] = family.ngramLlr;
    out[kSldFamilyLlrPerChar] = family.llrPerChar;
    const LongGramRatio::Score longGrams = models->longGrams.score(grams);
    out[kSldLongGramLlrSum] = longGrams.sum;
    out[kSldLongGramLlrMean] = longGrams.mean;
    const FamilyWordLists::Match listed = models->wordLists.match(label);
    out[kSldFamilyListWords] = listed.words;
    out[kSldFamilyListShare] = listed.shapeShare;
}

}  // namespace dnshound::core::features
