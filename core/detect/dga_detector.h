#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/config/config.h"
#include "core/event/name_table.h"
#include "core/model/dga_model.h"
#include "core/pipeline/subnet_batch.h"

namespace dnshound::core::detect {

struct NameScore {
    event::NameId name = event::kNoName;
    float score = 0.0f;
};

// Per-name scores as the alerter sees them; negative for names never scored.
class NameScores {
public:
    virtual ~NameScores() = default;
    virtual float scoreOf(event::NameId name) const = 0;
    // The known DGA family a scored name is confidently attributed to (DgaModel::resemblance),
    // or empty. The view stays valid as long as the scores do.
    virtual std::string_view familyOf(event::NameId) const { return {}; }
};

struct DgaDetectorStats {
    std::uint64_t eventsSeen = 0;          // relevant events of forwarded batches
    std::uint64_t namesScored = 0;         // distinct names sent through the model
    std::uint64_t cacheHits = 0;           // events answered from the per-name cache
    std::uint64_t namesNotCandidates = 0;  // reverse lookups, local names: never DGA
};

// Scores the relevant events of forwarded batches with the DGA model. Work is per distinct name:
// a name is featurised and predicted once per run (one batched predict per SubnetBatch), every
// later occurrence is an array lookup.
class DgaDetector final : public NameScores {
public:
    DgaDetector(std::unique_ptr<model::DgaModel> model, const config::DgaDetectorConfig& config);
    ~DgaDetector() override;

    // Scores the batch's new names; appends them to `newScores` (for the store).
    void score(const pipeline::SubnetBatch& batch, const event::NameTable& names,
               std::vector<NameScore>& newScores);
    // Cached score of a name; negative when it was never scored.
    float scoreOf(event::NameId name) const override {
        return name < m_scores.size() ? m_scores[name] : -1.0f;
    }
    // Attributed for names scoring at least kFamilyMinScore (a few per client under attack, none
    // in ordinary traffic), once per name.
    std::string_view familyOf(event::NameId name) const override;
    static constexpr float kFamilyMinScore = 0.5f;
    double threshold() const { return m_threshold; }
    const model::DgaModel& model() const { return *m_model; }
    const DgaDetectorStats& stats() const { return m_stats; }

    // Names that are not DGA candidates whatever they look like: reverse lookups (.arpa),
    // link-local and private-use suffixes (.local, .lan, .internal, .home.arpa), single labels.
    static bool isCandidate(std::string_view name);

private:
    void attribute(event::NameId id, const event::NameTable& names);

    std::unique_ptr<model::DgaModel> m_model;
    double m_threshold;
    std::vector<float> m_scores;            // by NameId; -1 = not scored yet
    std::deque<std::string> m_familyNames;  // attributed families (stable, for the views)
    std::unordered_map<event::NameId, std::string_view> m_familyOf;  // attributed names only
    std::vector<float> m_features;
    std::vector<float> m_batchScores;
    std::vector<event::NameId> m_pendingNames;
    DgaDetectorStats m_stats;
};

}  // namespace dnshound::core::detect
