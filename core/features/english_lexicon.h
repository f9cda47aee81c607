#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace dnshound::core::features {

// The built-in word list (english_words.cpp): blank-separated lower-case words.
extern const std::string_view kEnglishWords;
// The words of kEnglishWords in list order, repeats kept.
std::vector<std::string_view> englishWordList();

// How English a label looks, from a small word list compiled into the binary: a letter-bigram
// language model and dictionary-word coverage. Built once from kEnglishWords, then immutable, so
// training and scoring always see the same tables.
class EnglishLexicon final {
public:
    static const EnglishLexicon& instance();

    // Mean natural-log probability of the letter bigrams of `label` (with word-boundary
    // transitions; any non-letter is a boundary). A label without letters gets the uniform
    // model's value, log(1/27).
    float bigramLogLikelihood(std::string_view label) const;
    // Fraction of the label's letter bigrams (boundaries excluded) that no word in the list
    // contains ("qx", "zk"); 0 for labels without one.
    float unseenBigramRatio(std::string_view label) const;
    // Fraction of the label's characters covered by non-overlapping dictionary words of three
    // or more letters (best cover, by dynamic programming).
    float wordCoverage(std::string_view label) const;

    // Mean natural-log probability of the label's letter trigrams (add-0.5 smoothed, word
    // boundaries as context); log(1/27) for labels without letters.
    float trigramLogLikelihood(std::string_view label) const;

    // The three letter-model values above, in one pass over the label (feature extraction).
    struct LetterScores {
        float bigram = 0;   // bigramLogLikelihood()
        float unseen = 0;   // unseenBigramRatio()
        float trigram = 0;  // trigramLogLikelihood()
    };
    LetterScores letterScores(std::string_view label) const;

    // The maximum-coverage segmentation of wordCoverage(), with fewest words among equal covers.
    struct Segmentation {
        float coverage = 0;             // as wordCoverage()
        std::uint16_t words = 0;        // dictionary words in the cover
        std::uint16_t longestWord = 0;  // longest dictionary word found anywhere in the label
    };
    Segmentation segment(std::string_view label) const;

    std::size_t wordCount() const { return m_wordCount; }
    // Dictionary words (segment(), wordCoverage()) are list words of this many letters or more.
    static constexpr std::size_t kMinWordLength = 3;

    // segment()'s symbol for a byte that is not a letter: above the 26 letter bits of a packed
    // node's child mask and below its word bit, so no node has a child for it.
    static constexpr std::uint32_t kNotLetter = 30;

private:
    EnglishLexicon();
    void addWord(std::string_view word);
    void packTrie();  // m_packed, m_prefixNode and m_hasPrefix from m_trie

    static constexpr int kBoundary = 26;
    std::array<std::array<float, 27>, 27> m_logProb{};                   // [previous][next]
    std::array<std::array<std::array<float, 27>, 27>, 27> m_logProb3{};  // [a][b][next]
    // [previous][next]: what a letter after `previous` adds to letterScores()' pair tallies: one
    // letter pair (low half) and, when no word contains the bigram, one unseen pair (high half).
    // The boundary row (previous kBoundary) adds nothing: no letter pair.
    std::array<std::array<std::uint32_t, 26>, 27> m_pairTallies{};
    // 16-bit child indices keep the trie small enough for the L2 cache (the built-in list has
    // well under 32k nodes; the constructor checks).
    struct Node {
        std::array<std::int16_t, 26> next;
        bool word = false;
    };
    std::vector<Node> m_trie;  // as built; wordCoverage() walks it
    // The same trie packed for segment(), which runs per name: 8 bytes a node (the fat nodes'
    // 54 bytes outgrow L2), the children of a node stored together in letter order.
    struct PackedNode {
        std::uint32_t children = 0;  // bit i: a child for letter i; bit 31: a word ends here
        std::uint32_t first = 0;     // index of the node's lowest child
    };
    static constexpr std::uint32_t kWordBit = std::uint32_t{1} << 31;
    std::vector<PackedNode> m_packed;
    // The packed node after three letters, indexed by their letter indices five bits each
    // ((a << 10) | (b << 5) | c), -1 when no word starts with them: every word has three or more
    // letters, so segment() starts each walk there, one lookup instead of three dependent ones,
    // and most starts of a random label end at it. A key with a kNotLetter symbol has no node.
    static constexpr std::uint32_t kPrefixKeyMask = (std::uint32_t{1} << 15) - 1;
    std::vector<std::int16_t> m_prefixNode;
    // One bit per key of m_prefixNode: does a word start with these three letters? 4 KiB that
    // stay in L1, where m_prefixNode does not.
    std::array<std::uint64_t, (kPrefixKeyMask + 1) / 64> m_hasPrefix{};
    std::size_t m_wordCount = 0;
};

}  // namespace dnshound::core::features
