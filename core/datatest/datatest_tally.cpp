#include "core/datatest/datatest_tally.h"

#include <unordered_set>

namespace dnshound::core::datatest {

namespace {
constexpr std::uint8_t kUnresolved = 0xff;

double ratio(std::uint64_t a, std::uint64_t b) {
    return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b);
}
}  // namespace

double ConfusionMatrix::precision() const {
    return ratio(truePositives, truePositives + falsePositives);
}

double ConfusionMatrix::recall() const {
    return ratio(truePositives, truePositives + falseNegatives);
}

double ConfusionMatrix::f1() const {
    const double p = precision();
    const double r = recall();
    return p + r == 0.0 ? 0.0 : 2.0 * p * r / (p + r);
}

double ConfusionMatrix::falsePositiveRate() const {
    return ratio(falsePositives, falsePositives + trueNegatives);
}

std::vector<store::ConfusionCell> ConfusionMatrix::cells() const {
    auto n = [](std::uint64_t v) { return static_cast<std::int64_t>(v); };
    return {{level, "malicious", "malicious", n(truePositives)},
            {level, "malicious", "benign", n(falseNegatives)},
            {level, "benign", "malicious", n(falsePositives)},
            {level, "benign", "benign", n(trueNegatives)}};
}

DatatestTally::DatatestTally(const TruthTable& truth, const event::NameTable& names)
    : m_truth(truth), m_names(names) {}

Truth DatatestTally::truthOf(event::NameId name) {
    if (name >= m_nameTruth.size()) m_nameTruth.resize(name + 1u, kUnresolved);
    std::uint8_t& t = m_nameTruth[name];
    if (t == kUnresolved) t = static_cast<std::uint8_t>(m_truth.nameTruth(m_names.name(name)));
    return static_cast<Truth>(t);
}

void DatatestTally::add(const pipeline::SubnetBatch& batch) {
    for (const event::DnsEvent& e : batch.events) {
        if (e.name == event::kNoName) continue;
        const bool bad = truthOf(e.name) == Truth::Malicious;
        auto [it, inserted] = m_clients.try_emplace(e.client, bad);
        if (!inserted && bad) it->second = true;
    }
}

DatatestResult DatatestTally::finish(const detect::NameScores* scores, double nameThreshold,
                                     const std::vector<store::AlertRecord>& alerts) {
    DatatestResult r;
    r.nameThreshold = nameThreshold;
    const std::size_t nameCount = m_names.size();
    for (std::size_t id = 0; id < nameCount; ++id) {
        const auto name = static_cast<event::NameId>(id);
        const Truth truth = truthOf(name);
        const float score = scores ? scores->scoreOf(name) : -1.0f;
        if (score < 0.0f) {
            if (truth == Truth::Malicious) ++r.maliciousNamesUnscored;
            continue;
        }
        if (truth == Truth::Unknown) {
            ++r.namesUnlabelled;
            continue;
        }
        const bool predicted = score >= nameThreshold;
        if (truth == Truth::Malicious)
            ++(predicted ? r.queries.truePositives : r.queries.falseNegatives);
        else
            ++(predicted ? r.queries.falsePositives : r.queries.trueNegatives);
    }

    std::unordered_set<event::IpAddress, event::IpAddressHash> alerted;
    for (const auto& a : alerts)
        if (a.kind == "dga")
            if (const auto ip = event::IpAddress::parse(a.client)) alerted.insert(*ip);
    for (const auto& [client, queriedBad] : m_clients) {
        Truth truth = queriedBad ? Truth::Malicious : Truth::Benign;
        if (m_truth.hasClientTruth()) {
            const auto explicitTruth = m_truth.clientTruth(client);
            if (!explicitTruth || *explicitTruth == Truth::Unknown) {
                ++r.clientsUnlabelled;
                continue;
            }
            truth = *explicitTruth;
        }
        const bool predicted = alerted.count(client) != 0;
        if (truth == Truth::Malicious)
            ++(predicted ? r.clients.truePositives : r.clients.falseNegatives);
        else
            ++(predicted ? r.clients.falsePositives : r.clients.trueNegatives);
    }
    return r;
}

}  // namespace dnshound::core::datatest
