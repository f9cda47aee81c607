#pragma once

#include <array>
#include <cstdint>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/features/family_profiles.h"

namespace dnshound::core::features {

// The word lists of word-list DGA families, learned from their training labels. suppobox,
// matsnu and nymaim glue two or three words of a fixed list ("wrongabout", "front-star-data",
// "sunshine-dust"); a letter model cannot tell those from benign word names ("paintparty"), but a
// label every part of which splits into words of one family's list, in a shape the family uses,
// is rare among benign names. Families whose labels do not split that way (random letters) get
// no list. Built once per model and then immutable.
class FamilyWordLists final {
public:
    static constexpr std::size_t kMaxFamilies = 6;  // one bit each in a trie node
    static constexpr std::size_t kMaxParts = 4;     // hyphen-separated parts a shape records
    static constexpr std::size_t kMaxWordsPerPart = 3;
    static constexpr std::size_t kMinWordLength = 3;
    static constexpr std::size_t kMaxWordLength = 24;

    // A family gets a list when at least this share of its letter-and-hyphen labels split into
    // words of the list learned from them (random-letter families reach a few percent).
    static constexpr double kMinCoverage = 0.9;
    // A word enters a family's list when at least this many of its labels' splits use it.
    static constexpr std::uint32_t kMinWordUses = 10;
    // Families with fewer usable labels are skipped (too few to tell words from fragments).
    static constexpr std::size_t kMinLabels = 500;
    // A list is learned from a family's first kMaxLearnLabels usable labels (in the order given):
    // enough to see each word of a list of thousands many times, and a bound on the piece counts
    // a family of millions of names would otherwise build.
    static constexpr std::size_t kMaxLearnLabels = 50'000;
    // A family whose list would hold more words is no word-list family (word-list DGAs use lists
    // of hundreds to a few thousand words); read() refuses files with more words than
    // kMaxFamilies lists of this size.
    static constexpr std::size_t kMaxListWords = 20'000;

    // Learns the lists from each family's second-level labels; at most kMaxFamilies families get
    // one (the best covered first, ties by name). Deterministic for the same input.
    static FamilyWordLists train(std::span<const FamilyProfiles::Family> families);

    struct Match {
        // Words of the best-matching family's list in the label, 0 when no family's list covers
        // every hyphen-separated part.
        float words = 0;
        // Share of that family's training labels with the same shape (words per part), the
        // largest over the families whose lists cover the label; 0 when none does.
        float shapeShare = 0;
    };
    Match match(std::string_view label) const;
    // Starts loading what match(label) reads first into the cache (a hint, no effect on results).
    void prefetch(std::string_view label) const;

    const std::vector<std::string>& families() const { return m_families; }
    std::size_t wordCount() const { return m_words.size(); }
    // Words in family `family`'s list (index into families()).
    std::size_t wordsOf(std::size_t family) const;
    // "matsnu (1,523 words), suppobox (1,146 words)", or "none" (logs and reports).
    std::string summary() const;

    // Binary form: family count (u8); per family its name (u8 length, bytes) and shapes (u16
    // count, then u32 code and f32 share each); word count (u32); per word its length (u8),
    // letters and family bit mask (u8).
    void write(std::ostream& out) const;
    // Throws std::runtime_error (naming `path`) on a truncated or malformed stream.
    static FamilyWordLists read(std::istream& in, const std::string& path);

    bool operator==(const FamilyWordLists& other) const {
        return m_families == other.m_families && m_shapes == other.m_shapes &&
               m_words == other.m_words;
    }

private:
    struct Word {
        std::string letters;
        std::uint8_t families = 0;  // bit f: in family f's list
        bool operator==(const Word&) const = default;
    };
    struct Shape {
        std::uint32_t code = 0;  // words per part, base 4, first part lowest
        float share = 0;
        bool operator==(const Shape&) const = default;
    };
    void buildTrie();
    float shareOf(std::size_t family, std::uint32_t code) const;

    std::vector<std::string> m_families;
    std::vector<std::vector<Shape>> m_shapes;  // per family, by code
    std::vector<Word> m_words;                 // sorted by letters

    // The words as a trie, children of a node stored together in letter order: 8 bytes a node,
    // so the walks that per-name matching makes stay in few cache lines.
    static constexpr unsigned kEndShift = 26;  // family bits above the 26 letter bits
    struct Node {
        std::uint32_t children = 0;  // bit i < 26: a child for letter i; bit 26 + f: a word of
                                     // family f ends here
        std::uint32_t first = 0;     // index of the lowest child
        bool operator==(const Node&) const = default;
    };
    std::vector<Node> m_trie;
    // Every word has three letters or more, so a walk starts at the node after the first three,
    // found by their letter indices five bits each ((a << 10) | (b << 5) | c): one bit per key in
    // a bitmap of 4 KiB (most starts of a random label end there), and a copy of the node for
    // each set bit, in key order, found by the bit's rank (set bits before it: m_prefixRank
    // per 64-bit word, plus a bit count). A few KiB in all, so they stay in cache, where a table
    // of every key's node (256 KiB) did not.
    static constexpr std::uint32_t kPrefixKeys = std::uint32_t{1} << 15;
    std::array<std::uint64_t, kPrefixKeys / 64> m_hasPrefix{};
    std::array<std::uint16_t, kPrefixKeys / 64> m_prefixRank{};
    std::vector<Node> m_afterPrefix;
    const Node& afterPrefix(std::uint32_t key) const;
    // The same bitmap for the last three letters of every word: a part that does not end like
    // a word is turned away before any walk.
    std::array<std::uint64_t, kPrefixKeys / 64> m_hasSuffix{};
};

}  // namespace dnshound::core::features
