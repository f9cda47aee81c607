#include "core/features/char_ngram_model.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace dnshound::core::features {

namespace {

constexpr std::size_t S = CharNgramModel::kSymbols;
constexpr std::size_t kBoundary = CharNgramModel::kBoundary;
constexpr float kStep = CharNgramModel::kCostsPerNat;
constexpr char kMagic[8] = {'D', 'N', 'S', 'H', 'N', 'G', 'R', '4'};

constexpr std::array<std::uint8_t, 256> makeSymbols() {
    std::array<std::uint8_t, 256> t{};
    for (std::size_t c = 0; c < 256; ++c)
        t[c] = static_cast<std::uint8_t>(CharNgramModel::symbolOf(static_cast<char>(c)));
    return t;
}
constexpr std::array<std::uint8_t, 256> kSymbolOf = makeSymbols();

// The symbol sequence of a label: three boundaries, the characters, one boundary.
template <typename F>
void forEachGram(std::string_view label, F&& f) {
    std::size_t a = kBoundary, b = kBoundary, c = kBoundary;
    for (char ch : label) {
        const std::size_t s = kSymbolOf[static_cast<unsigned char>(ch)];
        f(a, b, c, s);
        a = b;
        b = c;
        c = s;
    }
    f(a, b, c, kBoundary);
}

// A Score from the summed and the largest table cost of `n` symbols.
CharNgramModel::Score scoreOf(unsigned sum, unsigned worst, unsigned n) {
    CharNgramModel::Score out;
    out.sum = -static_cast<float>(sum) / kStep;
    out.mean = out.sum / static_cast<float>(n);
    out.min = -static_cast<float>(worst) / kStep;
    return out;
}

// Both models' scores of a label's precomputed 4-gram indices.
template <typename Costs>
std::array<CharNgramModel::Score, 2> scorePair(std::span<const std::uint32_t> grams,
                                               Costs&& costs) {
    unsigned sum1 = 0, worst1 = 0, sum2 = 0, worst2 = 0;
    for (const std::uint32_t i : grams) {
        const auto [q1, q2] = costs(i);
        sum1 += q1;
        worst1 = std::max(worst1, q1);
        sum2 += q2;
        worst2 = std::max(worst2, q2);
    }
    const auto n = static_cast<unsigned>(grams.size());
    return {scoreOf(sum1, worst1, n), scoreOf(sum2, worst2, n)};
}

// Both models' scores of a label in one walk; `costs(i)` gives the two costs of gram index i.
template <typename Costs>
std::array<CharNgramModel::Score, 2> scorePair(std::string_view label, Costs&& costs) {
    unsigned sum1 = 0, worst1 = 0, sum2 = 0, worst2 = 0, n = 0;
    forEachGram(label, [&](std::size_t a, std::size_t b, std::size_t c, std::size_t s) {
        const auto [q1, q2] = costs(((a * S + b) * S + c) * S + s);
        sum1 += q1;
        worst1 = std::max(worst1, q1);
        sum2 += q2;
        worst2 = std::max(worst2, q2);
        ++n;
    });
    return {scoreOf(sum1, worst1, n), scoreOf(sum2, worst2, n)};
}

struct Registry {
    std::mutex mutex;
    std::vector<std::shared_ptr<const LanguageModels>> alive;
    std::atomic<const LanguageModels*> current{nullptr};
};
Registry& registry() {
    static Registry r;
    return r;
}

}  // namespace

std::vector<double> wittenBellProbabilities(std::span<const std::string_view> labels,
                                            std::size_t order) {
    if (order < 1 || order > CharNgramModel::kOrder)
        throw std::invalid_argument("n-gram order must be 1 to 4");
    // counts[k]: n-grams of order k+1, indexed by their symbols (oldest first).
    std::vector<std::vector<std::uint32_t>> counts(order);
    std::size_t size = S;
    for (std::size_t k = 0; k < order; ++k, size *= S) counts[k].resize(size);
    for (std::string_view label : labels)
        forEachGram(label, [&](std::size_t a, std::size_t b, std::size_t c, std::size_t s) {
            const std::size_t grams[] = {s, c * S + s, (b * S + c) * S + s,
                                         ((a * S + b) * S + c) * S + s};
            for (std::size_t k = 0; k < order; ++k) ++counts[k][grams[k]];
        });
    // Witten-Bell: P(s|h) = (C(h,s) + T(h) P(s|h')) / (C(h) + T(h)), T(h) = distinct successors.
    std::vector<double> lower(S);
    double total = 0;
    for (std::uint32_t v : counts[0]) total += v;
    for (std::size_t s = 0; s < S; ++s)
        lower[s] = (static_cast<double>(counts[0][s]) + 1.0) / (total + static_cast<double>(S));
    for (std::size_t k = 1; k < order; ++k) {
        const std::vector<std::uint32_t>& c = counts[k];
        std::vector<double> p(c.size());
        const std::size_t lowerContexts = lower.size() / S;
        for (std::size_t h = 0; h < c.size() / S; ++h) {
            const std::uint32_t* ch = &c[h * S];
            const double* lh = &lower[(h % lowerContexts) * S];
            double n = 0, t = 0;
            for (std::size_t s = 0; s < S; ++s) {
                n += ch[s];
                t += ch[s] > 0;
            }
            for (std::size_t s = 0; s < S; ++s)
                p[h * S + s] = n > 0 ? (static_cast<double>(ch[s]) + t * lh[s]) / (n + t) : lh[s];
        }
        lower = std::move(p);
    }
    return lower;
}

std::uint8_t quantizedCost(double probability) {
    const double q = std::round(-std::log(probability) * kStep);
    return static_cast<std::uint8_t>(std::clamp(q, 0.0, 255.0));
}

CharNgramModel CharNgramModel::train(std::span<const std::string_view> labels) {
    const std::vector<double> p = wittenBellProbabilities(labels, kOrder);
    CharNgramModel m;
    m.m_table.resize(kTableSize);
    for (std::size_t i = 0; i < kTableSize; ++i) m.m_table[i] = quantizedCost(p[i]);
    return m;
}

CharNgramModel CharNgramModel::fromTable(std::vector<std::uint8_t> table) {
    if (table.size() != kTableSize) throw std::runtime_error("n-gram table has the wrong size");
    CharNgramModel m;
    m.m_table = std::move(table);
    return m;
}

CharNgramModel::Score CharNgramModel::score(std::string_view label) const {
    if (m_table.size() != kTableSize) return Score{};
    const std::uint8_t* t = m_table.data();
    unsigned sum = 0, worst = 0, n = 0;
    forEachGram(label, [&](std::size_t a, std::size_t b, std::size_t c, std::size_t s) {
        const unsigned q = t[((a * S + b) * S + c) * S + s];
        sum += q;
        worst = std::max(worst, q);
        ++n;
    });
    return scoreOf(sum, worst, n);
}

std::array<CharNgramModel::Score, 2> CharNgramModel::score(const CharNgramModel& first,
                                                           const CharNgramModel& second,
                                                           std::string_view label) {
    if (first.m_table.size() != kTableSize || second.m_table.size() != kTableSize)
        return {first.score(label), second.score(label)};
    const std::uint8_t* t1 = first.m_table.data();
    const std::uint8_t* t2 = second.m_table.data();
    return scorePair(label, [&](std::size_t i) {
        return std::pair<unsigned, unsigned>{t1[i], t2[i]};
    });
}

CharNgramModel::Score CharNgramModel::score(const LabelGrams& grams) const {
    if (m_table.size() != kTableSize) return Score{};
    const std::uint8_t* t = m_table.data();
    unsigned sum = 0, worst = 0;
    for (const std::uint32_t i : grams.grams4()) {
        const unsigned q = t[i];
        sum += q;
        worst = std::max(worst, q);
    }
    return scoreOf(sum, worst, static_cast<unsigned>(grams.grams4().size()));
}

std::array<CharNgramModel::Score, 2> CharNgramModel::score(const CharNgramModel& first,
                                                           const CharNgramModel& second,
                                                           const LabelGrams& grams) {
    if (first.m_table.size() != kTableSize || second.m_table.size() != kTableSize)
        return {first.score(grams), second.score(grams)};
    const std::uint8_t* t1 = first.m_table.data();
    const std::uint8_t* t2 = second.m_table.data();
    return scorePair(grams.grams4(), [&](std::size_t i) {
        return std::pair<unsigned, unsigned>{t1[i], t2[i]};
    });
}

void CharNgramModel::prefetch(std::string_view label) const {
    if (m_table.size() != kTableSize) return;
    const std::uint8_t* t = m_table.data();
    forEachGram(label, [&](std::size_t a, std::size_t b, std::size_t c, std::size_t s) {
        __builtin_prefetch(t + ((a * S + b) * S + c) * S + s);
    });
}

CharNgramModel::Interleaved CharNgramModel::interleave(const CharNgramModel& first,
                                                       const CharNgramModel& second) {
    Interleaved pair;
    if (first.m_table.size() != kTableSize || second.m_table.size() != kTableSize) return pair;
    pair.resize(2 * kTableSize);
    for (std::size_t i = 0; i < kTableSize; ++i) {
        pair[2 * i] = first.m_table[i];
        pair[2 * i + 1] = second.m_table[i];
    }
    return pair;
}

std::array<CharNgramModel::Score, 2> CharNgramModel::score(const Interleaved& pair,
                                                           std::string_view label) {
    if (pair.size() != 2 * kTableSize) return {Score{}, Score{}};
    const std::uint8_t* t = pair.data();
    return scorePair(label, [&](std::size_t i) {
        return std::pair<unsigned, unsigned>{t[2 * i], t[2 * i + 1]};
    });
}

void CharNgramModel::prefetch(const Interleaved& pair, std::string_view label) {
    if (pair.size() != 2 * kTableSize) return;
    const std::uint8_t* t = pair.data();
    forEachGram(label, [&](std::size_t a, std::size_t b, std::size_t c, std::size_t s) {
        __builtin_prefetch(t + 2 * (((a * S + b) * S + c) * S + s));
    });
}

std::array<CharNgramModel::Score, 2> CharNgramModel::score(const Interleaved& pair,
                                                           const LabelGrams& grams) {
    if (pair.size() != 2 * kTableSize) return {Score{}, Score{}};
    const std::uint8_t* t = pair.data();
    return scorePair(grams.grams4(), [&](std::size_t i) {
        return std::pair<unsigned, unsigned>{t[2 * i], t[2 * i + 1]};
    });
}

void CharNgramModel::prefetch(const Interleaved& pair, const LabelGrams& grams) {
    if (pair.size() != 2 * kTableSize) return;
    const std::uint8_t* t = pair.data();
    for (const std::uint32_t i : grams.grams4()) __builtin_prefetch(t + 2 * std::size_t{i});
}

const CharNgramModel::Interleaved& LanguageModels::labelPair() const {
    std::call_once(m_pairOnce, [this] { m_pair = CharNgramModel::interleave(benign, dga); });
    return m_pair;
}

std::array<CharNgramModel::Score, 2> LanguageModels::scoreLabel(std::string_view label) const {
    const CharNgramModel::Interleaved& pair = labelPair();
    if (pair.empty()) return CharNgramModel::score(benign, dga, label);
    return CharNgramModel::score(pair, label);
}

void LanguageModels::prefetch(std::string_view label) const {
    const CharNgramModel::Interleaved& pair = labelPair();
    if (pair.empty()) {
        benign.prefetch(label);
        dga.prefetch(label);
    } else {
        CharNgramModel::prefetch(pair, label);
    }
    families.prefetch(label);
    longGrams.prefetch(label);
    wordLists.prefetch(label);
}

std::array<CharNgramModel::Score, 2> LanguageModels::scoreLabel(const LabelGrams& grams) const {
    const CharNgramModel::Interleaved& pair = labelPair();
    if (pair.empty()) return CharNgramModel::score(benign, dga, grams);
    return CharNgramModel::score(pair, grams);
}

void LanguageModels::prefetch(const LabelGrams& grams) const {
    const CharNgramModel::Interleaved& pair = labelPair();
    if (!pair.empty()) CharNgramModel::prefetch(pair, grams);
    families.prefetch(grams);
    longGrams.prefetch(grams);
}

std::shared_ptr<const LanguageModels> LanguageModels::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read n-gram models " + path);
    char magic[sizeof(kMagic)];
    in.read(magic, sizeof(magic));
    if (!in || std::memcmp(magic, kMagic, sizeof(kMagic)) != 0)
        throw std::runtime_error(path + " is not a DNS Hound n-gram model file");
    auto readTable = [&] {
        std::vector<std::uint8_t> t(CharNgramModel::kTableSize);
        in.read(reinterpret_cast<char*>(t.data()), static_cast<std::streamsize>(t.size()));
        if (!in) throw std::runtime_error(path + " is truncated");
        return CharNgramModel::fromTable(std::move(t));
    };
    auto m = std::make_shared<LanguageModels>();
    m->benign = readTable();
    m->dga = readTable();
    m->benignSuffix = readTable();
    m->dgaSuffix = readTable();
    m->families = FamilyProfiles::read(in, path);
    m->longGrams = LongGramRatio::read(in, path);
    m->wordLists = FamilyWordLists::read(in, path);
    if (in.peek() != std::char_traits<char>::eof())
        throw std::runtime_error(path + " has trailing bytes");
    m->labelPair();  // built now rather than by the first name scored
    return m;
}

void LanguageModels::save(const std::string& path) const {
    for (const CharNgramModel* m : {&benign, &dga, &benignSuffix, &dgaSuffix})
        if (m->table().size() != CharNgramModel::kTableSize)
            throw std::runtime_error("cannot save untrained n-gram models to " + path);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(kMagic, sizeof(kMagic));
    for (const CharNgramModel* m : {&benign, &dga, &benignSuffix, &dgaSuffix})
        out.write(reinterpret_cast<const char*>(m->table().data()),
                  static_cast<std::streamsize>(m->table().size()));
    families.write(out);
    longGrams.write(out);
    wordLists.write(out);
    if (!out) throw std::runtime_error("cannot write " + path);
}

const LanguageModels* LanguageModels::installed() {
    return registry().current.load(std::memory_order_acquire);
}

void LanguageModels::install(std::shared_ptr<const LanguageModels> models) {
    Registry& r = registry();
    const std::lock_guard lock(r.mutex);
    r.current.store(models.get(), std::memory_order_release);
    r.alive.push_back(std::move(models));
}

std::string ngramPathFor(const std::string& modelPath) {
    std::string base = modelPath;
    const std::size_t slash = base.find_last_of('/');
    const std::size_t dot = base.rfind('.');
    if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) base.resize(dot);
    return base + ".ngrams.bin";
}

}  // namespace dnshound::core::features
