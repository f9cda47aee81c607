#include "core/pipeline/dga_alerter.h"

#include <algorithm>

#include "core/features/public_suffix.h"

namespace dnshound::core::pipeline {

namespace {
constexpr double kWeightSlack = 1e-9;  // 3 x (1/3) must reach 1

// A yes/no per name, computed once: `cache` holds 0 (not yet), 1 (yes) or 2 (no) by NameId.
template <typename Compute>
bool cachedFlag(std::vector<std::uint8_t>& cache, event::NameId name, Compute compute) {
    if (name >= cache.size()) cache.resize(name + 1u, 0);
    std::uint8_t& v = cache[name];
    if (v == 0) v = compute() ? 1 : 2;
    return v == 1;
}
}  // namespace

DgaAlerter::DgaAlerter(const config::AlerterConfig& config, double detectorThreshold,
                       store::AlertIdSequence* ids, const config::Allowlist* allowlist)
    : m_config(config),
      m_threshold(config.dgaNameThreshold >= 0.0 ? config.dgaNameThreshold : detectorThreshold),
      m_ids(ids),
      m_allowlist(allowlist && !allowlist->empty() ? allowlist : nullptr) {
    if (m_config.dgaMinDistinctNames == 0) m_config.dgaMinDistinctNames = 1;
}

double DgaAlerter::weightOf(std::uint16_t rcode) const {
    return rcode == event::kRcodeNxDomain ? m_config.nxdomainWeight : m_config.noerrorWeight;
}

bool DgaAlerter::nameAllowed(event::NameId name, const event::NameTable& names) {
    return cachedFlag(m_nameAllowed, name,
                      [&] { return m_allowlist->matchesName(names.name(name)); });
}

bool DgaAlerter::candidate(event::NameId name, const event::NameTable& names) {
    return cachedFlag(m_candidate, name,
                      [&] { return detect::DgaDetector::isCandidate(names.name(name)); });
}

features::DomainSplit DgaAlerter::splitOf(std::string_view name) {
    m_lowered.assign(name);
    for (char& ch : m_lowered)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch + 32);
    while (!m_lowered.empty() && m_lowered.back() == '.') m_lowered.pop_back();
    return features::PublicSuffix::split(m_lowered);
}

event::NameId DgaAlerter::registrableKey(event::NameId name, const event::NameTable& names) {
    if (name >= m_registrableKey.size()) m_registrableKey.resize(name + 1u, event::kNoName);
    event::NameId& key = m_registrableKey[name];
    if (key != event::kNoName) return key;
    const std::string_view registrable = splitOf(names.name(name)).registrable();
    key = m_keyByRegistrable.try_emplace(std::string(registrable), name).first->second;
    return key;
}

bool DgaAlerter::typo(event::NameId key, const event::NameTable& names) {
    if (key >= m_typo.size()) m_typo.resize(key + std::size_t{1}, 0);
    std::uint32_t& state = m_typo[key];
    const auto notYet = static_cast<std::uint32_t>(m_answered.indexed() + 1);
    if (state == kTypo || state == notYet) return state == kTypo;
    if (m_answered.typoOf(splitOf(names.name(key)).registrable()).empty()) {
        state = notYet;
        return false;
    }
    state = kTypo;
    ++m_typoDomains;
    return true;
}

void DgaAlerter::learnAnswers(const SubnetBatch& batch, const event::NameTable& names) {
    const event::IpAddressHash hash;
    for (const event::DnsEvent& e : batch.events) {
        if (e.rcode != event::kRcodeNoError || !candidate(e.name, names)) continue;
        const event::NameId key = registrableKey(e.name, names);
        if (!m_answered.answered(key, hash(e.client))) continue;
        const features::DomainSplit split = splitOf(names.name(key));
        m_answered.index(split.registrable(), split.secondLevelLabel.size());
    }
}

bool DgaAlerter::accumulate(ClientState& c, std::int64_t timeUs, event::NameId name,
                            double weight) {
    auto [it, inserted] = c.seen.try_emplace(name, weight);
    double added = weight;
    if (!inserted) {
        if (weight <= it->second) return false;
        added = weight - it->second;  // seen answered before, now NXDOMAIN: top it up
        it->second = weight;
    }
    c.window.push_back({timeUs, name, added, inserted});
    c.windowWeight += added;
    // Events of one batch are near time order; keep the window sorted cheaply.
    for (auto w = c.window.end() - 1; w != c.window.begin() && (w - 1)->timeUs > w->timeUs; --w)
        std::iter_swap(w, w - 1);
    while (!c.window.empty() &&
           c.window.back().timeUs - c.window.front().timeUs > m_config.dgaWindowUs) {
        c.windowWeight -= c.window.front().weight;
        c.window.pop_front();
    }
    return true;
}

bool DgaAlerter::reachesAlert(const ClientState& c) const {
    return c.windowWeight + kWeightSlack >= static_cast<double>(m_config.dgaMinDistinctNames);
}

void DgaAlerter::countFamily(ClientState& c, std::string_view family) {
    if (family.empty()) return;
    auto f = std::find_if(c.families.begin(), c.families.end(),
                          [&](const auto& p) { return p.first == family; });
    if (f == c.families.end()) f = c.families.insert(f, {family, 0});
    ++f->second;
}

bool DgaAlerter::spread(ClientState& c, std::int64_t timeUs, event::NameId key) {
    if (!c.spread.add(timeUs, key, m_config.nxdomainSpreadWindowUs)) return false;
    if (c.spread.distinct() >= m_config.nxdomainSpreadDomains) c.spreadReached = true;
    return true;
}

void DgaAlerter::process(const SubnetBatch& batch, const detect::NameScores& scores,
                         const event::NameTable& names, std::vector<store::AlertRecord>& changed) {
    const bool spreadOn = m_config.nxdomainSpreadDomains > 0;
    if (m_config.ignoreTypos) learnAnswers(batch, names);
    // Only forwarded batches were scored; the spread rule needs no scores.
    const bool scored = batch.forwarded;
    if (!scored && !spreadOn) return;
    ++m_batchSerial;
    std::vector<std::size_t> touched;
    for (auto i : batch.relevant) {
        const event::DnsEvent& e = batch.events[i];
        const bool nxdomain = e.rcode == event::kRcodeNxDomain;
        if (!scored && !nxdomain) continue;
        if (!candidate(e.name, names)) continue;  // reverse lookups, local names
        // Unscored names (unforwarded batches) show as 0 in the alert's top score.
        const float score = scored ? std::max(scores.scoreOf(e.name), 0.0f) : 0.0f;
        bool lexical = scored && score >= m_threshold;
        const bool nx = spreadOn && nxdomain;  // every candidate that does not exist
        if (!lexical && !nx) continue;
        const double weight = weightOf(e.rcode);
        const event::NameId key = registrableKey(e.name, names);
        if (lexical && m_config.ignoreTypos && typo(key, names)) {
            lexical = false;  // a typo of a domain this network resolves
            if (!nx) continue;
        }
        if (m_allowlist) {
            // The allowlist-blind rules run alongside, so suppressed alerts can be counted.
            ClientState& shadow = m_shadow[e.client];
            if (!shadow.shadowAlerted) {
                if (lexical && accumulate(shadow, e.timeUs, key, weight))
                    shadow.shadowAlerted = reachesAlert(shadow);
                if (nx && spread(shadow, e.timeUs, key))
                    shadow.shadowAlerted = shadow.shadowAlerted || shadow.spreadReached;
            }
            if (m_allowlist->matchesClient(e.client) || nameAllowed(e.name, names)) {
                ++m_suppressedQueries;
                continue;
            }
        }
        ClientState& c = m_clients[e.client];
        bool grew = false;
        // Distinct registrable domains only.
        const std::size_t seenBefore = c.seen.size();
        if (lexical && accumulate(c, e.timeUs, key, weight)) {
            grew = true;
            if (reachesAlert(c)) c.lexicalReached = true;
            if (c.seen.size() > seenBefore) countFamily(c, scores.familyOf(e.name));
        }
        if (nx && spread(c, e.timeUs, key)) grew = true;
        if (!grew) continue;
        if (score > c.maxScore || c.topName == event::kNoName) {
            c.maxScore = score;
            c.topName = e.name;
        }

        if (c.alertIndex < 0) {
            if (!c.lexicalReached && !c.spreadReached) continue;
            store::AlertRecord a;
            a.id = m_ids ? m_ids->next() : static_cast<std::int64_t>(m_alerts.size()) + 1;
            a.kind = "dga";
            a.client = e.client.toString();
            a.firstSeenUs = c.lexicalReached ? c.window.front().timeUs : c.spread.oldestUs();
            a.lastSeenUs = e.timeUs;
            if (c.lexicalReached) {
                for (const auto& w : c.window) {
                    if (a.evidence.size() >= m_config.evidenceMax) break;
                    if (w.firstSighting) a.evidence.emplace_back(names.name(w.name));
                }
            } else {
                for (const event::NameId d : c.spread.domains(m_config.evidenceMax))
                    a.evidence.emplace_back(names.name(d));
            }
            c.alertIndex = static_cast<std::int64_t>(m_alerts.size());
            m_alerts.push_back(std::move(a));
            m_changedInBatch.push_back(0);
        } else {
            store::AlertRecord& a = m_alerts[static_cast<std::size_t>(c.alertIndex)];
            a.firstSeenUs = std::min(a.firstSeenUs, e.timeUs);
            a.lastSeenUs = std::max(a.lastSeenUs, e.timeUs);
            const std::string_view name = names.name(e.name);
            if (a.evidence.size() < m_config.evidenceMax &&
                std::find(a.evidence.begin(), a.evidence.end(), name) == a.evidence.end())
                a.evidence.emplace_back(name);
        }
        store::AlertRecord& a = m_alerts[static_cast<std::size_t>(c.alertIndex)];
        const auto lexicalNames = static_cast<std::int64_t>(c.seen.size());
        a.count = c.spreadReached
                      ? std::max(lexicalNames, static_cast<std::int64_t>(c.spread.peak()))
                      : lexicalNames;
        a.score = c.maxScore;
        a.domain = std::string(names.name(c.topName));
        a.reason = reasonFor(c);
        auto idx = static_cast<std::size_t>(c.alertIndex);
        if (m_changedInBatch[idx] != m_batchSerial) {
            m_changedInBatch[idx] = m_batchSerial;
            touched.push_back(idx);
        }
    }
    for (auto idx : touched) changed.push_back(m_alerts[idx]);
}

std::string DgaAlerter::reasonFor(const ClientState& c) const {
    // A resembled family says most; the spread explains alerts without one.
    std::string reason = familyReason(c);
    if (!reason.empty() || !c.spreadReached) return reason;
    reason = NxdomainSpread::describe(c.spread.peak(), c.spread.peakSpanUs());
    // Only the behavioural rule fired: the names themselves do not look generated.
    if (!c.lexicalReached) reason += ", though no name looks generated (a word-list DGA?)";
    return reason;
}

std::string DgaAlerter::familyReason(const ClientState& c) {
    const auto top =
        std::max_element(c.families.begin(), c.families.end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
    const auto names = static_cast<std::int64_t>(c.seen.size());
    if (top == c.families.end() || top->second < 3 || 2 * top->second < names) return {};
    return std::to_string(top->second) + " of " + std::to_string(names) + " names resemble the " +
           std::string(top->first) + " family";
}

std::vector<std::pair<event::IpAddress, std::int64_t>> DgaAlerter::dgaNamesPerClient() const {
    std::vector<std::pair<event::IpAddress, std::int64_t>> out;
    out.reserve(m_clients.size());
    for (const auto& [ip, c] : m_clients)  // spread-only clients have no scored names
        if (!c.seen.empty()) out.emplace_back(ip, static_cast<std::int64_t>(c.seen.size()));
    return out;
}

AllowlistCounts DgaAlerter::allowlistCounts() const {
    AllowlistCounts counts;
    counts.suppressedQueries = m_suppressedQueries;
    for (const auto& [ip, shadow] : m_shadow) {
        if (!shadow.shadowAlerted) continue;
        const auto it = m_clients.find(ip);
        if (it == m_clients.end() || it->second.alertIndex < 0) ++counts.suppressedAlerts;
    }
    return counts;
}

}  // namespace dnshound::core::pipeline
