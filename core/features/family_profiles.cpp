#include "core/features/family_profiles.h"

#include <algorithm>
#include <cmath>
#include <istream>
#include <ostream>
#include <stdexcept>

#include "core/features/char_ngram_model.h"

namespace dnshound::core::features {

namespace {

constexpr std::size_t S = CharNgramModel::kSymbols;
constexpr std::size_t kBoundary = CharNgramModel::kBoundary;
constexpr std::size_t kMaxLabel = 255;  // 256 symbols of cost <= 255 plus a length cost fit u16

std::size_t lengthBucket(std::size_t length) {
    return std::min(length, FamilyProfiles::kLengths - 1);
}

// One column of the cost tables: the trigram model and the length distribution of `labels`.
void fillColumn(std::span<const std::string_view> labels, std::size_t column, std::size_t stride,
                std::vector<std::uint8_t>& costs, std::vector<std::uint8_t>& lengthCosts) {
    const std::vector<double> p = wittenBellProbabilities(labels, 3);
    for (std::size_t i = 0; i < FamilyProfiles::kContexts; ++i)
        costs[i * stride + column] = quantizedCost(p[i]);
    // Add-half smoothing: a length the family never produced costs about log(2 n) nats.
    std::array<double, FamilyProfiles::kLengths> counts{};
    for (std::string_view l : labels) counts[lengthBucket(std::min(l.size(), kMaxLabel))] += 1;
    const double total = static_cast<double>(labels.size()) + 0.5 * FamilyProfiles::kLengths;
    for (std::size_t len = 0; len < FamilyProfiles::kLengths; ++len)
        lengthCosts[len * stride + column] = quantizedCost((counts[len] + 0.5) / total);
}

}  // namespace

std::size_t FamilyProfiles::strideFor(std::size_t families) {
    return (families + 1 + 15) / 16 * 16;
}

FamilyProfiles FamilyProfiles::train(std::span<const std::string_view> benign,
                                     std::span<const Family> families) {
    FamilyProfiles p;
    std::vector<const Family*> kept;
    for (const Family& f : families)
        if (!f.labels.empty()) kept.push_back(&f);
    if (kept.size() > kMaxFamilies)
        throw std::invalid_argument("too many DGA families for family profiles");
    if (kept.empty()) return p;
    p.m_stride = strideFor(kept.size());
    p.m_costs.assign(kContexts * p.m_stride, 0);
    p.m_lengthCosts.assign(kLengths * p.m_stride, 0);
    fillColumn(benign, 0, p.m_stride, p.m_costs, p.m_lengthCosts);
    for (std::size_t k = 0; k < kept.size(); ++k) {
        p.m_families.push_back(kept[k]->name);
        fillColumn(kept[k]->labels, k + 1, p.m_stride, p.m_costs, p.m_lengthCosts);
    }
    return p;
}

FamilyProfiles::Score FamilyProfiles::score(std::string_view label) const {
    Score out;
    const std::size_t families = m_families.size();
    if (families == 0) {
        out.llr = out.ngramLlr = out.llrPerChar = std::nanf("");
        return out;
    }
    label = label.substr(0, kMaxLabel);
    const std::size_t stride = m_stride;
    std::array<std::uint16_t, kMaxStride> sums{};
    auto add = [&](const std::uint8_t* row) {
        for (std::size_t j = 0; j < stride; ++j)
            sums[j] = static_cast<std::uint16_t>(sums[j] + row[j]);
    };
    const std::uint8_t* costs = m_costs.data();
    std::size_t b = kBoundary, c = kBoundary;
    for (char ch : label) {
        const std::size_t s = CharNgramModel::symbolOf(ch);
        add(costs + ((b * S + c) * S + s) * stride);
        b = c;
        c = s;
    }
    add(costs + ((b * S + c) * S + kBoundary) * stride);
    const float symbols = static_cast<float>(label.size() + 1);
    auto bestFamily = [&] {
        return *std::min_element(sums.begin() + 1, sums.begin() + 1 + families);
    };
    out.ngramLlr = (static_cast<float>(sums[0]) - static_cast<float>(bestFamily())) /
                   CharNgramModel::kCostsPerNat;
    add(m_lengthCosts.data() + lengthBucket(label.size()) * stride);
    out.llr = (static_cast<float>(sums[0]) - static_cast<float>(bestFamily())) /
              CharNgramModel::kCostsPerNat;
    out.llrPerChar = out.llr / symbols;
    return out;
}

void FamilyProfiles::write(std::ostream& out) const {
    const auto count = static_cast<std::uint32_t>(m_families.size());
    out.write(reinterpret_cast<const char*>(&count), sizeof(count));
    for (const std::string& name : m_families) {
        const auto len = static_cast<std::uint8_t>(std::min<std::size_t>(name.size(), 255));
        out.put(static_cast<char>(len));
        out.write(name.data(), len);
    }
    out.write(reinterpret_cast<const char*>(m_costs.data()),
              static_cast<std::streamsize>(m_costs.size()));
    out.write(reinterpret_cast<const char*>(m_lengthCosts.data()),
              static_cast<std::streamsize>(m_lengthCosts.size()));
}

FamilyProfiles FamilyProfiles::read(std::istream& in, const std::string& path) {
    FamilyProfiles p;
    std::uint32_t count = 0;
    in.read(reinterpret_cast<char*>(&count), sizeof(count));
    if (!in) throw std::runtime_error(path + " is truncated (family profiles)");
    if (count > kMaxFamilies) throw std::runtime_error(path + " has too many family profiles");
    for (std::uint32_t k = 0; k < count; ++k) {
        const int len = in.get();
        if (len == std::char_traits<char>::eof())
            throw std::runtime_error(path + " is truncated (family names)");
        std::string name(static_cast<std::size_t>(len), '\0');
        in.read(name.data(), len);
        p.m_families.push_back(std::move(name));
    }
    if (count == 0) return p;
    p.m_stride = strideFor(count);
    p.m_costs.resize(kContexts * p.m_stride);
    p.m_lengthCosts.resize(kLengths * p.m_stride);
    in.read(reinterpret_cast<char*>(p.m_costs.data()),
            static_cast<std::streamsize>(p.m_costs.size()));
    in.read(reinterpret_cast<char*>(p.m_lengthCosts.data()),
            static_cast<std::streamsize>(p.m_lengthCosts.size()));
    if (!in) throw std::runtime_error(path + " is truncated (family profiles)");
    return p;
}

}  // namespace dnshound::core::features
