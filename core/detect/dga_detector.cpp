#include "core/detect/dga_detector.h"

#include <algorithm>
#include <array>

#include "core/features/domain_features.h"

namespace dnshound::core::detect {

namespace {
constexpr float kUnscored = -1.0f;
constexpr float kPending = -2.0f;

bool endsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
}  // namespace

DgaDetector::DgaDetector(std::unique_ptr<model::DgaModel> model,
                         const config::DgaDetectorConfig& config)
    : m_model(std::move(model)),
      m_threshold(config.threshold >= 0.0 ? config.threshold : m_model->threshold()) {}

DgaDetector::~DgaDetector() = default;

bool DgaDetector::isCandidate(std::string_view name) {
    if (name.find('.') == std::string_view::npos) return false;
    static constexpr std::array<std::string_view, 6> kNeverDga{
        ".arpa", ".local", ".lan", ".internal", ".localdomain", ".localhost"};
    for (auto suffix : kNeverDga)
        if (endsWith(name, suffix)) return false;
    return true;
}

void DgaDetector::score(const pipeline::SubnetBatch& batch, const event::NameTable& names,
                        std::vector<NameScore>& newScores) {
    if (!batch.forwarded) return;
    if (m_scores.size() < names.size()) m_scores.resize(names.size() + names.size() / 4, kUnscored);
    m_pendingNames.clear();
    for (auto i : batch.relevant) {
        const event::NameId id = batch.events[i].name;
        ++m_stats.eventsSeen;
        if (id >= m_scores.size()) m_scores.resize(static_cast<std::size_t>(id) + 1, kUnscored);
        float& s = m_scores[id];
        if (s != kUnscored) {
            ++m_stats.cacheHits;
            continue;
        }
        if (!isCandidate(names.name(id))) {
            s = 0.0f;
            ++m_stats.namesNotCandidates;
            newScores.push_back({id, 0.0f});
            continue;
        }
        s = kPending;
        m_pendingNames.push_back(id);
    }
    if (m_pendingNames.empty()) return;

    const std::size_t width = features::DomainFeatures::count();
    m_features.resize(m_pendingNames.size() * width);
    m_batchScores.resize(m_pendingNames.size());
    for (std::size_t r = 0; r < m_pendingNames.size(); ++r) {
        features::DomainFeatures::extract(names.name(m_pendingNames[r]),
                                          std::span<float>(m_features.data() + r * width, width));
    }
    m_model->predict(m_features, m_pendingNames.size(), m_batchScores);
    for (std::size_t r = 0; r < m_pendingNames.size(); ++r) {
        m_scores[m_pendingNames[r]] = m_batchScores[r];
        newScores.push_back({m_pendingNames[r], m_batchScores[r]});
        if (m_batchScores[r] >= kFamilyMinScore) attribute(m_pendingNames[r], names);
    }
    m_stats.namesScored += m_pendingNames.size();
}

void DgaDetector::attribute(event::NameId id, const event::NameTable& names) {
    const model::DgaModel::FamilyResemblance like = m_model->resemblance(names.name(id));
    if (!like.confident()) return;
    // A deque grown at its end keeps its strings in place, so the views stay valid.
    auto known = std::find(m_familyNames.begin(), m_familyNames.end(), like.family);
    const std::string& family =
        known != m_familyNames.end() ? *known : m_familyNames.emplace_back(like.family);
    m_familyOf.emplace(id, family);
}

std::string_view DgaDetector::familyOf(event::NameId name) const {
    const auto it = m_familyOf.find(name);
    return it == m_familyOf.end() ? std::string_view() : it->second;
}

}  // namespace dnshound::core::detect
