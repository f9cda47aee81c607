#include "core/features/family_word_lists.h"

#include <algorithm>
#include <istream>
#include <map>
#include <ostream>
#include <span>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "core/features/bit_count.h"

namespace dnshound::core::features {

namespace {

constexpr std::size_t kMaxPart = 63;  // letters of one hyphen-separated part
constexpr std::uint8_t kNoWords = 0xff;

bool isLetter(char c) {
    return c >= 'a' && c <= 'z';
}

// The prefix key of the three letters at `p`.
std::uint32_t prefixKey(const char* p) {
    return (static_cast<std::uint32_t>(p[0] - 'a') << 10) |
           (static_cast<std::uint32_t>(p[1] - 'a') << 5) | static_cast<std::uint32_t>(p[2] - 'a');
}

// The hyphen-separated parts of a label made of letters and single inner hyphens, at most
// kMaxParts of them and each 3 to kMaxPart letters long; count 0 for any other label. Training
// and matching split alike.
struct Parts {
    std::array<std::string_view, FamilyWordLists::kMaxParts> part;
    std::size_t count = 0;
};

Parts splitParts(std::string_view label) {
    Parts out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= label.size(); ++i) {
        if (i < label.size() && isLetter(label[i])) continue;
        if (i < label.size() && label[i] != '-') return {};
        const std::string_view part = label.substr(start, i - start);
        if (part.size() < FamilyWordLists::kMinWordLength || part.size() > kMaxPart ||
            out.count == FamilyWordLists::kMaxParts)
            return {};
        out.part[out.count++] = part;
        start = i + 1;
    }
    return out;
}

// Words in a shape code (its base-4 digits: words per part).
std::uint32_t wordsInShape(std::uint32_t code) {
    std::uint32_t words = 0;
    for (; code != 0; code /= 4) words += code % 4;
    return words;
}

// Fewest words of `vocabulary` that make up `part` exactly, 0 when more than kMaxWordsPerPart
// or none do (training only: one set lookup per substring).
std::size_t fewestWords(std::string_view part,
                        const std::unordered_set<std::string_view>& vocabulary) {
    std::array<std::uint8_t, kMaxPart + 1> best;
    best.fill(kNoWords);
    best[0] = 0;
    for (std::size_t i = 0; i < part.size(); ++i) {
        if (best[i] >= FamilyWordLists::kMaxWordsPerPart) continue;
        const std::size_t longest = std::min(part.size(), i + FamilyWordLists::kMaxWordLength);
        for (std::size_t j = i + FamilyWordLists::kMinWordLength; j <= longest; ++j)
            if (vocabulary.contains(part.substr(i, j - i)))
                best[j] = std::min(best[j], static_cast<std::uint8_t>(best[i] + 1));
    }
    return best[part.size()] == kNoWords ? 0 : best[part.size()];
}

struct LearnedList {
    std::string family;
    double coverage = 0;
    std::vector<std::string> words;
    std::map<std::uint32_t, std::size_t> shapeCounts;
    std::size_t labels = 0;
};

// One family's list: every part is split into the one or two pieces whose prefix and suffix
// counts over all parts multiply highest (a word of the list starts and ends many parts, a
// fragment of one does not), and the pieces used often enough are the words.
LearnedList learn(const FamilyProfiles::Family& family) {
    LearnedList out;
    out.family = family.name.substr(0, 255);  // the file's name length is one byte
    std::vector<Parts> labels;
    for (std::string_view label : family.labels) {
        if (labels.size() == FamilyWordLists::kMaxLearnLabels) break;
        if (Parts parts = splitParts(label); parts.count > 0) labels.push_back(parts);
    }
    out.labels = labels.size();
    if (labels.size() < FamilyWordLists::kMinLabels) return out;
    std::unordered_map<std::string_view, std::uint64_t> starts, ends;
    for (const Parts& parts : labels)
        for (std::string_view part : std::span(parts.part.data(), parts.count))
            for (std::size_t len = FamilyWordLists::kMinWordLength;
                 len <= std::min(part.size(), FamilyWordLists::kMaxWordLength); ++len) {
                ++starts[part.substr(0, len)];
                ++ends[part.substr(part.size() - len)];
            }
    auto count = [](const auto& map, std::string_view key) -> std::uint64_t {
        const auto it = map.find(key);
        return it == map.end() ? 0 : it->second;
    };
    std::unordered_map<std::string_view, std::uint32_t> uses;
    for (const Parts& parts : labels)
        for (std::string_view part : std::span(parts.part.data(), parts.count)) {
            std::uint64_t best = part.size() <= FamilyWordLists::kMaxWordLength
                                     ? count(starts, part) * count(ends, part)
                                     : 0;
            std::size_t cut = part.size();
            for (std::size_t i = FamilyWordLists::kMinWordLength;
                 i + FamilyWordLists::kMinWordLength <= part.size(); ++i) {
                const std::uint64_t score =
                    count(starts, part.substr(0, i)) * count(ends, part.substr(i));
                if (score > best) {
                    best = score;
                    cut = i;
                }
            }
            if (best == 0) continue;
            ++uses[part.substr(0, cut)];
            if (cut < part.size()) ++uses[part.substr(cut)];
        }
    std::unordered_set<std::string_view> vocabulary;
    for (const auto& [word, n] : uses)
        if (n >= FamilyWordLists::kMinWordUses && word.size() <= FamilyWordLists::kMaxWordLength)
            vocabulary.insert(word);
    std::size_t covered = 0;
    for (const Parts& parts : labels) {
        std::uint32_t code = 0, scale = 1;
        for (std::string_view part : std::span(parts.part.data(), parts.count)) {
            const std::size_t words = fewestWords(part, vocabulary);
            if (words == 0) {
                code = 0;
                break;
            }
            code += static_cast<std::uint32_t>(words) * scale;
            scale *= 4;
        }
        if (code == 0) continue;
        ++covered;
        ++out.shapeCounts[code];
    }
    out.coverage = static_cast<double>(covered) / static_cast<double>(labels.size());
    out.words.assign(vocabulary.begin(), vocabulary.end());
    std::sort(out.words.begin(), out.words.end());
    return out;
}

template <typename T>
void put(std::ostream& out, T value) {
    out.write(reinterpret_cast<const char*>(&value), sizeof(value));
}

template <typename T>
T get(std::istream& in, const std::string& path) {
    T value{};
    in.read(reinterpret_cast<char*>(&value), sizeof(value));
    if (!in) throw std::runtime_error(path + " is truncated (family word lists)");
    return value;
}

std::string getString(std::istream& in, const std::string& path) {
    const auto len = get<std::uint8_t>(in, path);
    std::string s(len, '\0');
    in.read(s.data(), len);
    if (!in) throw std::runtime_error(path + " is truncated (family word lists)");
    return s;
}

}  // namespace

FamilyWordLists FamilyWordLists::train(std::span<const FamilyProfiles::Family> families) {
    std::vector<LearnedList> lists;
    for (const FamilyProfiles::Family& family : families)
        if (LearnedList list = learn(family);
            list.coverage >= kMinCoverage && list.words.size() <= kMaxListWords)
            lists.push_back(std::move(list));
    std::sort(lists.begin(), lists.end(), [](const LearnedList& a, const LearnedList& b) {
        return a.coverage != b.coverage ? a.coverage > b.coverage : a.family < b.family;
    });
    if (lists.size() > kMaxFamilies) lists.resize(kMaxFamilies);
    std::sort(lists.begin(), lists.end(),
              [](const LearnedList& a, const LearnedList& b) { return a.family < b.family; });
    FamilyWordLists out;
    std::map<std::string, std::uint8_t> words;
    for (std::size_t f = 0; f < lists.size(); ++f) {
        out.m_families.push_back(lists[f].family);
        std::vector<Shape> shapes;
        for (const auto& [code, n] : lists[f].shapeCounts)
            shapes.push_back({code, static_cast<float>(static_cast<double>(n) /
                                                       static_cast<double>(lists[f].labels))});
        out.m_shapes.push_back(std::move(shapes));
        for (const std::string& w : lists[f].words)
            words[w] = static_cast<std::uint8_t>(words[w] | (1u << f));
    }
    for (auto& [letters, mask] : words) out.m_words.push_back({letters, mask});
    out.buildTrie();
    return out;
}

void FamilyWordLists::buildTrie() {
    // The words are sorted, so the children of a node are created in letter order, but not
    // together: build with fat nodes, then lay each node's children out side by side
    // (breadth first).
    struct Fat {
        std::array<std::int32_t, 26> next;
        std::uint8_t ends = 0;
    };
    std::vector<Fat> fat(1);
    fat[0].next.fill(-1);
    for (const Word& w : m_words) {
        std::size_t node = 0;
        for (char c : w.letters) {
            const auto li = static_cast<std::size_t>(c - 'a');
            if (fat[node].next[li] < 0) {
                fat[node].next[li] = static_cast<std::int32_t>(fat.size());
                fat.push_back({});
                fat.back().next.fill(-1);
            }
            node = static_cast<std::size_t>(fat[node].next[li]);
        }
        fat[node].ends |= w.families;
    }
    m_trie.clear();
    std::vector<std::size_t> order{0};
    for (std::size_t k = 0; k < order.size(); ++k) {
        const Fat& node = fat[order[k]];
        Node packed;
        packed.first = static_cast<std::uint32_t>(order.size());
        packed.children = std::uint32_t{node.ends} << kEndShift;
        for (std::size_t li = 0; li < 26; ++li) {
            if (node.next[li] < 0) continue;
            packed.children |= std::uint32_t{1} << li;
            order.push_back(static_cast<std::size_t>(node.next[li]));
        }
        m_trie.push_back(packed);
    }
    m_hasPrefix.fill(0);
    m_hasSuffix.fill(0);
    for (const Word& w : m_words) {
        setBit(m_hasSuffix, prefixKey(w.letters.data() + w.letters.size() - kMinWordLength));
    }
    auto child = [&](std::size_t node, std::size_t li) -> std::int64_t {
        const std::uint32_t children = m_trie[node].children, bit = std::uint32_t{1} << li;
        if (!(children & bit)) return -1;
        return m_trie[node].first + bitCount(children & (bit - 1));
    };
    // Keys in increasing order, so the nodes land in rank order.
    m_afterPrefix.clear();
    for (std::size_t a = 0; a < 26; ++a) {
        const std::int64_t na = child(0, a);
        for (std::size_t b = 0; na >= 0 && b < 26; ++b) {
            const std::int64_t nb = child(static_cast<std::size_t>(na), b);
            for (std::size_t c = 0; nb >= 0 && c < 26; ++c) {
                const std::int64_t nc = child(static_cast<std::size_t>(nb), c);
                if (nc < 0) continue;
                m_afterPrefix.push_back(m_trie[static_cast<std::size_t>(nc)]);
                setBit(m_hasPrefix, static_cast<std::uint32_t>((a << 10) | (b << 5) | c));
            }
        }
    }
    std::uint32_t rank = 0;
    for (std::size_t w = 0; w < m_hasPrefix.size(); ++w) {
        m_prefixRank[w] = static_cast<std::uint16_t>(rank);
        rank += bitCount64(m_hasPrefix[w]);
    }
}

const FamilyWordLists::Node& FamilyWordLists::afterPrefix(std::uint32_t key) const {
    const std::uint64_t below = m_hasPrefix[key / 64] & ((std::uint64_t{1} << (key % 64)) - 1);
    return m_afterPrefix[m_prefixRank[key / 64] + bitCount64(below)];
}

std::size_t FamilyWordLists::wordsOf(std::size_t family) const {
    return static_cast<std::size_t>(
        std::count_if(m_words.begin(), m_words.end(),
                      [&](const Word& w) { return (w.families >> family & 1) != 0; }));
}

std::string FamilyWordLists::summary() const {
    if (m_families.empty()) return "none";
    std::string out;
    for (std::size_t f = 0; f < m_families.size(); ++f)
        out += (f ? ", " : "") + m_families[f] + " (" + std::to_string(wordsOf(f)) + " words)";
    return out;
}

float FamilyWordLists::shareOf(std::size_t family, std::uint32_t code) const {
    const std::vector<Shape>& shapes = m_shapes[family];
    const auto it = std::lower_bound(shapes.begin(), shapes.end(), code,
                                     [](const Shape& s, std::uint32_t c) { return s.code < c; });
    return it != shapes.end() && it->code == code ? it->share : 0.0f;
}

void FamilyWordLists::prefetch(std::string_view label) const {
    if (m_families.empty() || label.size() < kMinWordLength ||
        !(isLetter(label[0]) && isLetter(label[1]) && isLetter(label[2])))
        return;
    const std::uint32_t key = prefixKey(label.data());
    if (testBit(m_hasPrefix, key)) __builtin_prefetch(&afterPrefix(key));
}

FamilyWordLists::Match FamilyWordLists::match(std::string_view label) const {
    Match out;
    if (m_families.empty() || label.size() > kMaxPart) return out;
    // Letters and inner hyphens only, and every part starts and ends like some word of a list
    // (two L1 bitmap looks a part) before any trie walk.
    const Parts parts = splitParts(label);
    if (parts.count == 0) return out;
    for (std::size_t p = 0; p < parts.count; ++p) {
        const std::string_view part = parts.part[p];
        if (!testBit(m_hasPrefix, prefixKey(part.data())) ||
            !testBit(m_hasSuffix, prefixKey(part.data() + part.size() - kMinWordLength)))
            return out;
    }
    // Families whose lists cover every part so far, and per family the shape code.
    auto alive = static_cast<std::uint8_t>((1u << m_families.size()) - 1);
    std::array<std::uint32_t, kMaxFamilies> codes{};
    std::uint32_t scale = 1;
    for (std::size_t p = 0; p < parts.count; ++p, scale *= 4) {
        const std::string_view part = parts.part[p];
        // reach[i]: families whose words make up part[0, i) exactly, with fewest words
        // words[i][f] (set where the bit is).
        std::array<std::uint8_t, kMaxPart + 1> reach{};
        std::array<std::array<std::uint8_t, kMaxFamilies>, kMaxPart + 1> words;
        reach[0] = alive;
        words[0].fill(0);
        for (std::size_t i = 0; i + kMinWordLength <= part.size(); ++i) {
            if (reach[i] == 0) continue;
            const std::uint32_t key = prefixKey(part.data() + i);
            if (!testBit(m_hasPrefix, key)) continue;
            // Families that reach i and may add a word there.
            std::uint8_t from = 0;
            for (std::size_t f = 0; f < m_families.size(); ++f)
                if ((reach[i] >> f & 1) && words[i][f] < kMaxWordsPerPart)
                    from = static_cast<std::uint8_t>(from | (1u << f));
            if (from == 0) continue;
            const std::size_t last = std::min(part.size(), i + kMaxWordLength);
            Node at = afterPrefix(key);
            for (std::size_t j = i + kMinWordLength;; ++j) {
                // `at` is the node after part[i, j).
                if (const auto ended =
                        static_cast<std::uint8_t>((at.children >> kEndShift) & from)) {
                    for (std::size_t f = 0; f < m_families.size(); ++f) {
                        if (!(ended >> f & 1)) continue;
                        const auto n = static_cast<std::uint8_t>(words[i][f] + 1);
                        if (!(reach[j] >> f & 1) || n < words[j][f]) words[j][f] = n;
                    }
                    reach[j] = static_cast<std::uint8_t>(reach[j] | ended);
                }
                if (j == last) break;
                const std::uint32_t bit = std::uint32_t{1} << (part[j] - 'a');
                if (!(at.children & bit)) break;
                at = m_trie[at.first + bitCount(at.children & (bit - 1))];
            }
        }
        alive = reach[part.size()];
        if (alive == 0) return out;
        for (std::size_t f = 0; f < m_families.size(); ++f)
            if (alive >> f & 1) codes[f] += words[part.size()][f] * scale;
    }
    for (std::size_t f = 0; f < m_families.size(); ++f) {
        if (!(alive >> f & 1)) continue;
        const float share = shareOf(f, codes[f]);
        if (out.words == 0 || share > out.shapeShare) {
            out.shapeShare = share;
            out.words = static_cast<float>(wordsInShape(codes[f]));
        }
    }
    return out;
}

void FamilyWordLists::write(std::ostream& out) const {
    put(out, static_cast<std::uint8_t>(m_families.size()));
    for (std::size_t f = 0; f < m_families.size(); ++f) {
        put(out, static_cast<std::uint8_t>(m_families[f].size()));
        out.write(m_families[f].data(), static_cast<std::streamsize>(m_families[f].size()));
        put(out, static_cast<std::uint16_t>(m_shapes[f].size()));
        for (const Shape& s : m_shapes[f]) {
            put(out, s.code);
            put(out, s.share);
        }
    }
    put(out, static_cast<std::uint32_t>(m_words.size()));
    for (const Word& w : m_words) {
        put(out, static_cast<std::uint8_t>(w.letters.size()));
        out.write(w.letters.data(), static_cast<std::streamsize>(w.letters.size()));
        put(out, w.families);
    }
}

FamilyWordLists FamilyWordLists::read(std::istream& in, const std::string& path) {
    auto malformed = [&](const char* what) {
        return std::runtime_error(path + ": malformed family word lists (" + what + ")");
    };
    FamilyWordLists out;
    const auto families = get<std::uint8_t>(in, path);
    if (families > kMaxFamilies) throw malformed("too many families");
    for (std::size_t f = 0; f < families; ++f) {
        out.m_families.push_back(getString(in, path));
        const auto shapes = get<std::uint16_t>(in, path);
        std::vector<Shape> list;
        for (std::size_t k = 0; k < shapes; ++k) {
            Shape s;
            s.code = get<std::uint32_t>(in, path);
            s.share = get<float>(in, path);
            if (!list.empty() && s.code <= list.back().code) throw malformed("shape order");
            if (!(s.share >= 0 && s.share <= 1)) throw malformed("shape share");
            list.push_back(s);
        }
        out.m_shapes.push_back(std::move(list));
    }
    const auto words = get<std::uint32_t>(in, path);
    if (words > kMaxFamilies * kMaxListWords) throw malformed("too many words");
    for (std::size_t k = 0; k < words; ++k) {
        Word w;
        w.letters = getString(in, path);
        w.families = get<std::uint8_t>(in, path);
        if (w.letters.size() < kMinWordLength || w.letters.size() > kMaxWordLength ||
            !std::all_of(w.letters.begin(), w.letters.end(), isLetter))
            throw malformed("word");
        if (w.families == 0 || (w.families >> families) != 0) throw malformed("word families");
        if (!out.m_words.empty() && w.letters <= out.m_words.back().letters)
            throw malformed("word order");
        out.m_words.push_back(std::move(w));
    }
    out.buildTrie();
    return out;
}

}  // namespace dnshound::core::features
