#include "core/features/english_lexicon.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

#include "core/features/bit_count.h"

namespace dnshound::core::features {

namespace {
constexpr std::size_t kMaxLabel = 255;

// letterScores()' symbol of a byte: its letter index, or 26 (the boundary) for any other byte.
constexpr std::array<std::uint8_t, 256> kLetterOrBoundary = [] {
    std::array<std::uint8_t, 256> t{};
    for (unsigned c = 0; c < 256; ++c)
        t[c] = c >= 'a' && c <= 'z' ? static_cast<std::uint8_t>(c - 'a') : std::uint8_t{26};
    return t;
}();

// segment()'s symbol of a byte: its letter index, or kNotLetter.
constexpr std::array<std::uint8_t, 256> kTrieSymbols = [] {
    std::array<std::uint8_t, 256> t{};
    for (unsigned c = 0; c < 256; ++c)
        t[c] = c >= 'a' && c <= 'z' ? static_cast<std::uint8_t>(c - 'a')
                                    : static_cast<std::uint8_t>(EnglishLexicon::kNotLetter);
    return t;
}();

int letterIndex(char c) {
    return (c >= 'a' && c <= 'z') ? c - 'a' : -1;
}

}  // namespace

const EnglishLexicon& EnglishLexicon::instance() {
    static const EnglishLexicon lexicon;
    return lexicon;
}

std::vector<std::string_view> englishWordList() {
    std::vector<std::string_view> words;
    constexpr std::string_view kBlanks = " \n\t\r";
    std::string_view rest = kEnglishWords;
    for (;;) {
        const std::size_t start = rest.find_first_not_of(kBlanks);
        if (start == std::string_view::npos) break;
        rest.remove_prefix(start);
        const std::size_t end = std::min(rest.find_first_of(kBlanks), rest.size());
        words.push_back(rest.substr(0, end));
        rest.remove_prefix(end);
    }
    return words;
}

EnglishLexicon::EnglishLexicon() {
    m_trie.push_back(Node{});
    m_trie[0].next.fill(-1);
    std::array<std::array<double, 27>, 27> counts{};
    auto counts3 = std::make_unique<std::array<std::array<std::array<double, 27>, 27>, 27>>();
    for (const std::string_view word : englishWordList()) {
        int prev = kBoundary, prev2 = kBoundary;
        bool clean = true;
        for (char c : word) {
            const int li = letterIndex(c);
            if (li < 0) {
                clean = false;
                break;
            }
            counts[static_cast<std::size_t>(prev)][static_cast<std::size_t>(li)] += 1.0;
            (*counts3)[static_cast<std::size_t>(prev2)][static_cast<std::size_t>(prev)]
                      [static_cast<std::size_t>(li)] += 1.0;
            prev2 = prev;
            prev = li;
        }
        if (!clean) continue;
        counts[static_cast<std::size_t>(prev)][kBoundary] += 1.0;
        (*counts3)[static_cast<std::size_t>(prev2)][static_cast<std::size_t>(prev)][kBoundary] +=
            1.0;
        if (word.size() >= kMinWordLength) addWord(word);
    }
    packTrie();
    for (std::size_t a = 0; a < 26; ++a)
        for (std::size_t b = 0; b < 26; ++b)
            m_pairTallies[a][b] = 1 | (counts[a][b] == 0 ? std::uint32_t{1} << 16 : 0);
    for (std::size_t a = 0; a < 27; ++a)
        for (std::size_t b = 0; b < 27; ++b) {
            double total = 0;
            for (std::size_t c = 0; c < 27; ++c) total += (*counts3)[a][b][c] + 0.5;
            for (std::size_t c = 0; c < 27; ++c)
                m_logProb3[a][b][c] =
                    static_cast<float>(std::log(((*counts3)[a][b][c] + 0.5) / total));
        }
    // Add-one smoothing keeps unseen bigrams finite.
    for (std::size_t a = 0; a < 27; ++a) {
        double total = 0;
        for (std::size_t b = 0; b < 27; ++b) total += counts[a][b] + 1.0;
        for (std::size_t b = 0; b < 27; ++b)
            m_logProb[a][b] = static_cast<float>(std::log((counts[a][b] + 1.0) / total));
    }
}

void EnglishLexicon::packTrie() {
    // Breadth first, a node's packed index is its position in `order`: each node's children
    // are appended together, in letter order.
    std::vector<std::size_t> order{0};
    std::vector<std::int32_t> packedOf(m_trie.size(), -1);
    packedOf[0] = 0;
    m_packed.clear();
    for (std::size_t k = 0; k < order.size(); ++k) {
        const Node& fat = m_trie[order[k]];
        PackedNode packed;
        packed.first = static_cast<std::uint32_t>(order.size());
        if (fat.word) packed.children |= kWordBit;
        for (std::size_t li = 0; li < 26; ++li) {
            if (fat.next[li] < 0) continue;
            packed.children |= std::uint32_t{1} << li;
            const auto child = static_cast<std::size_t>(fat.next[li]);
            packedOf[child] = static_cast<std::int32_t>(order.size());
            order.push_back(child);
        }
        m_packed.push_back(packed);
    }
    m_prefixNode.assign(kPrefixKeyMask + 1, -1);
    for (std::size_t a = 0; a < 26; ++a) {
        const std::int16_t na = m_trie[0].next[a];
        for (std::size_t b = 0; na >= 0 && b < 26; ++b) {
            const std::int16_t nb = m_trie[static_cast<std::size_t>(na)].next[b];
            for (std::size_t c = 0; nb >= 0 && c < 26; ++c)
                if (const std::int16_t nc = m_trie[static_cast<std::size_t>(nb)].next[c]; nc >= 0) {
                    const std::size_t key = (a << 10) | (b << 5) | c;
                    m_prefixNode[key] =
                        static_cast<std::int16_t>(packedOf[static_cast<std::size_t>(nc)]);
                    setBit(m_hasPrefix, static_cast<std::uint32_t>(key));
                }
        }
    }
}

void EnglishLexicon::addWord(std::string_view word) {
    std::size_t node = 0;
    for (char c : word) {
        const auto li = static_cast<std::size_t>(letterIndex(c));
        if (m_trie[node].next[li] < 0) {
            if (m_trie.size() >= 32767) throw std::logic_error("word list too large for the trie");
            m_trie[node].next[li] = static_cast<std::int16_t>(m_trie.size());
            m_trie.push_back(Node{});
            m_trie.back().next.fill(-1);
        }
        node = static_cast<std::size_t>(m_trie[node].next[li]);
    }
    if (!m_trie[node].word) ++m_wordCount;
    m_trie[node].word = true;
}

float EnglishLexicon::bigramLogLikelihood(std::string_view label) const {
    return letterScores(label).bigram;
}

float EnglishLexicon::unseenBigramRatio(std::string_view label) const {
    return letterScores(label).unseen;
}

float EnglishLexicon::trigramLogLikelihood(std::string_view label) const {
    return letterScores(label).trigram;
}

EnglishLexicon::LetterScores EnglishLexicon::letterScores(std::string_view label) const {
    // a, b: the two previous letters, kBoundary at the start and after any non-letter (so b is
    // a letter exactly when the previous character was one). n counts every scored transition:
    // each letter adds one, and a boundary adds one only after a letter, so n == 0 exactly when
    // the label has no letter.
    float bigramSum = 0, trigramSum = 0;
    int n = 0;
    std::uint32_t pairTallies = 0;  // letter pairs in the low half, unseen ones in the high half
    std::size_t a = kBoundary, b = kBoundary;
    for (char c : label) {
        const std::size_t l = kLetterOrBoundary[static_cast<unsigned char>(c)];
        if (l == kBoundary) {
            if (b != kBoundary) {
                bigramSum += m_logProb[b][kBoundary];
                trigramSum += m_logProb3[a][b][kBoundary];
                ++n;
            }
            a = b = kBoundary;
            continue;
        }
        bigramSum += m_logProb[b][l];
        trigramSum += m_logProb3[a][b][l];
        ++n;
        pairTallies += m_pairTallies[b][l];
        a = b;
        b = l;
    }
    if (b != kBoundary) {
        bigramSum += m_logProb[b][kBoundary];
        trigramSum += m_logProb3[a][b][kBoundary];
        ++n;
    }
    const std::uint32_t pairs = pairTallies & 0xffff, unseen = pairTallies >> 16;
    LetterScores out;
    out.unseen = pairs ? static_cast<float>(unseen) / static_cast<float>(pairs) : 0.0f;
    if (n == 0) {
        out.bigram = out.trigram = std::log(1.0f / 27.0f);
    } else {
        out.bigram = bigramSum / static_cast<float>(n);
        out.trigram = trigramSum / static_cast<float>(n);
    }
    return out;
}

float EnglishLexicon::wordCoverage(std::string_view label) const {
    if (label.empty()) return 0;
    const std::size_t n = std::min(label.size(), kMaxLabel);
    std::array<std::uint16_t, kMaxLabel + 1> best;
    std::fill_n(best.begin(), n + 1, std::uint16_t{0});
    for (std::size_t i = 0; i < n; ++i) {
        best[i + 1] = std::max(best[i + 1], best[i]);
        std::size_t node = 0;
        for (std::size_t j = i; j < n; ++j) {
            const int li = letterIndex(label[j]);
            if (li < 0) break;
            const std::int16_t next = m_trie[node].next[static_cast<std::size_t>(li)];
            if (next < 0) break;
            node = static_cast<std::size_t>(next);
            if (m_trie[node].word) {
                const auto covered = static_cast<std::uint16_t>(best[i] + (j + 1 - i));
                best[j + 1] = std::max(best[j + 1], covered);
            }
        }
    }
    return static_cast<float>(best[n]) / static_cast<float>(n);
}

EnglishLexicon::Segmentation EnglishLexicon::segment(std::string_view label) const {
    static_assert(kMinWordLength == 3, "m_prefixKey holds three-letter prefixes");
    Segmentation out;
    if (label.empty()) return out;
    const std::size_t n = std::min(label.size(), kMaxLabel);
    // Each character's trie symbol (kNotLetter for anything else, and after the label: no node
    // has a child for it, so a walk stops there without a separate test), and at each start the
    // node after the three letters there (-1: no word starts so), from the rolling key of the
    // last three symbols. The lookups are independent, so their cache misses overlap.
    std::array<std::uint8_t, kMaxLabel + 1> symbols;
    // The node for a start at i is at startAt[i + 2], where its three letters end.
    std::array<std::int16_t, kMaxLabel + 2> startAt;
    std::uint32_t key = kPrefixKeyMask;  // three symbols that are no letters
    for (std::size_t j = 0; j < n; ++j) {
        const std::uint8_t sym = kTrieSymbols[static_cast<unsigned char>(label[j])];
        symbols[j] = sym;
        key = ((key << 5) | sym) & kPrefixKeyMask;
        startAt[j] = -1;
        if (testBit(m_hasPrefix, key)) startAt[j] = m_prefixNode[key];
    }
    symbols[n] = kNotLetter;
    startAt[n] = startAt[n + 1] = -1;
    // The best cover of label[0, i) as (characters covered) << 16 | (0xffff - words used): more
    // coverage wins, then fewer words, so keeping the better of two is a max (no branches).
    // ends[k] holds the best cover of the words ending at k, best the running maximum: the best
    // cover of label[0, i) is the maximum over all covers ending at or before i. Only the n + 1
    // entries in use are set (this runs per name).
    std::array<std::uint32_t, kMaxLabel + 1> ends;
    constexpr std::uint32_t kNoCover = 0xffff;  // nothing covered, no words
    std::fill_n(ends.begin(), n + 1, kNoCover);
    std::uint32_t best = kNoCover;
    for (std::size_t i = 0; i < n; ++i) {
        best = std::max(best, ends[i]);
        // Words starting at i: from the node of the first three letters, one letter at a time.
        if (startAt[i + 2] < 0) continue;
        auto node = static_cast<std::size_t>(startAt[i + 2]);
        // One more word (a word has at most n <= 255 letters, so the low half stays positive).
        const std::uint32_t from = best - 1;
        for (std::size_t j = i + kMinWordLength - 1;;) {
            const PackedNode at = m_packed[node];
            if (at.children & kWordBit) {
                const auto len = static_cast<std::uint16_t>(j + 1 - i);
                out.longestWord = std::max(out.longestWord, len);
                ends[j + 1] = std::max(ends[j + 1], from + (std::uint32_t{len} << 16));
            }
            const std::uint32_t bit = std::uint32_t{1} << symbols[++j];
            if (!(at.children & bit)) break;
            node = at.first + static_cast<std::size_t>(bitCount(at.children & (bit - 1)));
        }
    }
    best = std::max(best, ends[n]);
    out.coverage = static_cast<float>(best >> 16) / static_cast<float>(n);
    out.words = static_cast<std::uint16_t>(kNoCover - (best & 0xffff));
    return out;
}

}  // namespace dnshound::core::features
