#include "core/features/label_grams.h"

#include "core/features/char_ngram_model.h"

namespace dnshound::core::features {

static_assert(LabelGrams::kSymbols == CharNgramModel::kSymbols &&
              LabelGrams::kBoundary == CharNgramModel::kBoundary);

LabelGrams::LabelGrams(std::string_view label) {
    label = label.substr(0, kMaxLabel);
    m_length = label.size();
    constexpr std::uint32_t S = kSymbols;
    constexpr std::uint32_t kMask6 = (std::uint32_t{1} << 30) - 1;
    std::uint32_t a = kBoundary, b = kBoundary, c = kBoundary, key = kBoundary;
    auto push = [&](std::size_t i, std::uint32_t s) {
        const std::uint32_t g3 = (b * S + c) * S + s;
        m_grams3[i] = g3;
        m_grams4[i] = a * (S * S * S) + g3;
        key = ((key << 5) | s) & kMask6;
        m_keys6[i] = key;
        a = b;
        b = c;
        c = s;
    };
    for (std::size_t i = 0; i < label.size(); ++i)
        push(i, kCharSymbols[static_cast<unsigned char>(label[i])]);
    push(label.size(), kBoundary);
}

}  // namespace dnshound::core::features
