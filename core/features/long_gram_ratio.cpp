#include "core/features/long_gram_ratio.h"

#include <algorithm>
#include <cmath>
#include <istream>
#include <ostream>
#include <stdexcept>

#include "core/features/char_ngram_model.h"

namespace dnshound::core::features {

namespace {

constexpr std::uint32_t kMask = (std::uint32_t{1} << 30) - 1;  // six 5-bit symbols

// The table bucket of a 6-gram's packed symbols.
std::size_t bucketOf(std::uint32_t key) {
    return static_cast<std::size_t>((key * 0x9E3779B1u) >> 12);
}

// Calls f(bucket) for each 6-gram of the boundary-framed label ("^label$"); labels shorter than
// four characters have none.
template <typename F>
void forEachBucket(std::string_view label, F&& f) {
    label = label.substr(0, 255);
    std::uint32_t key = static_cast<std::uint32_t>(CharNgramModel::kBoundary);
    std::size_t symbols = 1;
    auto push = [&](std::size_t s) {
        key = ((key << 5) | static_cast<std::uint32_t>(s)) & kMask;
        if (++symbols >= LongGramRatio::kOrder) f(bucketOf(key));
    };
    for (char c : label) push(charSymbol(c));
    push(CharNgramModel::kBoundary);
}

}  // namespace

LongGramRatio LongGramRatio::train(std::span<const std::string_view> benign,
                                   std::span<const std::string_view> dga) {
    std::vector<std::uint32_t> b(kBuckets), d(kBuckets);
    double nb = 0, nd = 0;
    for (std::string_view l : benign) forEachBucket(l, [&](std::size_t i) { ++b[i], ++nb; });
    for (std::string_view l : dga) forEachBucket(l, [&](std::size_t i) { ++d[i], ++nd; });
    LongGramRatio r;
    r.m_table.resize(kBuckets);
    if (nb == 0 || nd == 0) return r;
    for (std::size_t i = 0; i < kBuckets; ++i) {
        const double llr =
            std::log((d[i] + 0.5) / nd) - std::log((static_cast<double>(b[i]) + 0.5) / nb);
        r.m_table[i] =
            static_cast<std::int8_t>(std::clamp(std::round(llr * kStepsPerNat), -127.0, 127.0));
    }
    return r;
}

LongGramRatio::Score LongGramRatio::score(std::string_view label) const {
    return score(LabelGrams(label));
}

LongGramRatio::Score LongGramRatio::score(const LabelGrams& grams) const {
    Score out;
    if (!trained()) {
        out.sum = out.mean = std::nanf("");
        return out;
    }
    const std::int8_t* t = m_table.data();
    int sum = 0;
    for (const std::uint32_t key : grams.grams6()) sum += t[bucketOf(key)];
    const auto n = static_cast<int>(grams.grams6().size());
    out.sum = static_cast<float>(sum) / kStepsPerNat;
    out.mean = n ? out.sum / static_cast<float>(n) : 0.0f;
    return out;
}

void LongGramRatio::prefetch(std::string_view label) const {
    prefetch(LabelGrams(label));
}

void LongGramRatio::prefetch(const LabelGrams& grams) const {
    if (!trained()) return;
    const std::int8_t* t = m_table.data();
    for (const std::uint32_t key : grams.grams6()) __builtin_prefetch(t + bucketOf(key));
}

void LongGramRatio::write(std::ostream& out) const {
    out.put(trained() ? 1 : 0);
    if (trained())
        out.write(reinterpret_cast<const char*>(m_table.data()),
                  static_cast<std::streamsize>(m_table.size()));
}

LongGramRatio LongGramRatio::read(std::istream& in, const std::string& path) {
    LongGramRatio r;
    const int flag = in.get();
    if (flag == std::char_traits<char>::eof())
        throw std::runtime_error(path + " is truncated (6-gram ratios)");
    if (flag == 0) return r;
    r.m_table.resize(kBuckets);
    in.read(reinterpret_cast<char*>(r.m_table.data()), static_cast<std::streamsize>(kBuckets));
    if (!in) throw std::runtime_error(path + " is truncated (6-gram ratios)");
    return r;
}

}  // namespace dnshound::core::features
