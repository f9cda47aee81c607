#include "core/detect/tunnel_detector.h"

#include <algorithm>
#include <cstdio>
#include <mutex>

#include "core/features/label_encoding.h"

namespace dnshound::core::detect {

namespace {

constexpr std::int64_t kMinuteUs = 60'000'000;
constexpr std::uint64_t kNoKey = ~std::uint64_t{0};  // an event without a tunnel state

// Length of the longest common suffix of `a` and `b` that starts at a label boundary in both.
std::size_t commonLabelSuffix(std::string_view a, std::string_view b) {
    std::size_t i = 0;
    while (i < a.size() && i < b.size() && a[a.size() - 1 - i] == b[b.size() - 1 - i]) ++i;
    const bool aWhole = i == a.size() || a[a.size() - 1 - i] == '.';
    const bool bWhole = i == b.size() || b[b.size() - 1 - i] == '.';
    if (aWhole && bWhole) return i;
    const std::string_view suffix = a.substr(a.size() - i);
    const std::size_t dot = suffix.find('.');
    return dot == std::string_view::npos ? 0 : i - dot - 1;
}

std::shared_ptr<const model::TunnelModel> shippedOrLog(std::string& status) {
    std::string error;
    auto m = model::TunnelModel::shipped(&error);
    if (!m) {
        status = "rules only: " + error;
        static std::once_flag logged;
        std::call_once(logged, [&] {
            std::fprintf(stderr, "tunnel detector: no tunnel model, rules only (%s)\n",
                         error.c_str());
        });
    }
    return m;
}

}  // namespace

TunnelDetector::TunnelDetector(const config::TunnelConfig& config) : TunnelDetector(config, {}) {
    m_model = shippedOrLog(m_modelStatus);
    if (m_model) m_modelStatus = "model " + m_model->path() + " (sha256 " + m_model->sha256() + ")";
}

TunnelDetector::TunnelDetector(const config::TunnelConfig& config,
                               std::shared_ptr<const model::TunnelModel> model,
                               std::string modelStatus)
    : m_config(config),
      m_model(std::move(model)),
      m_modelStatus(std::move(modelStatus)),
      m_states(config.maxKeys, config.idleUs) {
    if (m_model && m_modelStatus.empty())
        m_modelStatus = "model " + m_model->path() + " (sha256 " + m_model->sha256() + ")";
    if (!m_model && m_modelStatus.empty()) m_modelStatus = "rules only: no tunnel model given";
}

bool TunnelDetector::isAllowed(std::string_view name) const {
    for (const auto& d : m_config.allowDomains) {
        if (name == d) return true;
        if (name.size() > d.size() && name.ends_with(d) && name[name.size() - d.size() - 1] == '.')
            return true;
    }
    return false;
}

TunnelDetector::CachedProfile& TunnelDetector::cached(event::NameId id,
                                                      const event::NameTable& names) {
    if (id >= m_profiles.size())
        m_profiles.resize(std::max<std::size_t>(static_cast<std::size_t>(id) + 1,
                                                names.size() + names.size() / 4));
    CachedProfile& c = m_profiles[id];
    if (!c.computed) {
        const std::string_view name = names.name(id);
        c.profile = features::profileTunnelName(name);
        c.allowed = c.profile.candidate && isAllowed(name);
        if (c.profile.candidate) c.domainId = domainId(name.substr(c.profile.registrableOffset));
        c.computed = true;
        ++m_stats.namesProfiled;
    }
    return c;
}

std::uint32_t TunnelDetector::domainId(std::string_view domain) {
    const auto [it, added] =
        m_domainIds.try_emplace(domain, static_cast<std::uint32_t>(m_domains.size()));
    if (added) m_domains.push_back(domain);
    return it->second;
}

const std::string& TunnelDetector::clientText(const TunnelState& s) {
    const auto clientId = static_cast<std::uint32_t>(s.key >> 32);
    if (clientId >= m_clientTexts.size())
        m_clientTexts.resize(
            std::max<std::size_t>(clientId + std::size_t{1}, m_clientTexts.size() * 2));
    std::string& text = m_clientTexts[clientId];
    if (text.empty()) text = s.client.toString();
    return text;
}

const features::TunnelLabelProfile& TunnelDetector::profile(event::NameId id,
                                                            const event::NameTable& names) {
    return cached(id, names).profile;
}

float TunnelDetector::modelScore(event::NameId id, const event::NameTable& names) {
    return scoredModel(cached(id, names), id, names);
}

float TunnelDetector::scoredModel(CachedProfile& c, event::NameId id,
                                  const event::NameTable& names) {
    // Scored when first needed, not when first seen: most candidate names are the only name
    // their (client, domain) state ever sees, and account() never looks at those. A name scored
    // alone gets exactly the score it would get in a batch (TreeEnsemble: same comparisons and
    // summation order per row).
    if (m_model && !c.modelScored && c.profile.candidate && !c.allowed) {
        c.modelScore = m_model->score(names.name(id));
        c.modelScored = true;
        ++m_stats.namesModelScored;
    }
    return c.modelScore;
}

void TunnelDetector::account(TunnelState& s, event::NameId id, CachedProfile& c,
                             const event::NameTable& names) {
    const features::TunnelLabelProfile& p = c.profile;
    // The model is one more input beside the lexical score: a name it scores at least
    // model_threshold counts with max(lexical score, model score).
    float score = p.score;
    const float modelScore = scoredModel(c, id, names);
    if (modelScore >= 0 && modelScore >= m_config.modelThreshold) {
        ++s.modelScored;
        score = std::max(score, modelScore);
    }
    const std::string_view name = names.name(id);
    std::string_view payload =
        name.substr(0, name.size() - std::min<std::size_t>(s.zoneLen, name.size()));
    features::CharInventory inv;
    inv.add(payload);
    s.payloadChars += inv.chars;
    s.evidence += score;
    s.labelEntropySum += p.entropy;
    s.maxLabel = std::max<std::uint32_t>(s.maxLabel, p.longestLabel);
    if (score < m_config.minLabelScore) return;
    ++s.encoded;
    s.encodedChars += inv.chars;
    s.charMask |= inv.encodingMask();
    if (p.digestShaped) ++s.digestShaped;
    s.minuteBytes +=
        inv.chars * features::bitsPerChar(features::classifyEncoding(inv.encodingMask())) / 8.0;
    for (auto& sample : s.samples) {
        if (sample == event::kNoName) {
            sample = id;
            break;
        }
    }
}

void TunnelDetector::update(TunnelState& s, const event::DnsEvent& e, CachedProfile& c,
                            const event::NameTable& names) {
    if (s.queries > 0) {
        const double gap = static_cast<double>(e.timeUs - s.lastUs) / 1e6;
        if (gap >= 0) {
            ++s.gaps;
            const double d = gap - s.gapMean;
            s.gapMean += d / s.gaps;
            s.gapM2 += d * (gap - s.gapMean);
        }
    }
    ++s.queries;
    s.firstUs = std::min(s.firstUs, e.timeUs);
    s.lastUs = std::max(s.lastUs, e.timeUs);
    const QtypeClass qc = classifyQtype(e.qtype);
    ++s.qtypes[static_cast<std::size_t>(qc)];
    if (e.rcode == event::kRcodeNoError)
        ++s.noError;
    else if (e.rcode == event::kRcodeNxDomain)
        ++s.nxDomain;
    else if (e.rcode == event::kRcodeNone)
        ++s.unanswered;
    else
        ++s.otherRcode;
    if (carriesData(qc) && (e.rcode == event::kRcodeNoError || e.rcode == event::kRcodeNone))
        ++s.dataAnswers;
    if (e.responseBytes > 0) {
        ++s.sized;
        s.responseBytes += e.responseBytes;
    }

    const std::int64_t minute = e.timeUs / kMinuteUs * kMinuteUs;
    if (minute > s.minuteUs) {
        s.minuteUs = minute;
        s.minuteQueries = 0;
        s.minuteDistinct = 0;
        s.minuteBytes = 0;
    }
    ++s.minuteQueries;
    s.minuteUnsent = true;

    bool isNew = false;
    if (s.firstName == event::kNoName) {
        s.firstName = e.name;
        isNew = true;
    } else if (e.name != s.firstName) {
        if (s.seen.size() >= m_config.maxNamesPerKey) {
            // Forget and start over: a state this busy has long made its case either way.
            s.seen.clear();
            ++m_stats.nameSetResets;
        }
        isNew = s.seen.insert(e.name);
    }
    if (!isNew) return;
    ++s.distinct;
    ++s.minuteDistinct;
    const std::string_view name = names.name(e.name);
    if (s.zoneRef == event::kNoName) {
        s.zoneRef = e.name;
        s.zoneLen = static_cast<std::uint16_t>(name.size());
        return;  // a payload is what differs between names: wait for the second one
    }
    const std::string_view ref = names.name(s.zoneRef);
    const std::string_view zone = ref.substr(ref.size() - s.zoneLen);
    s.zoneLen =
        static_cast<std::uint16_t>(std::max(commonLabelSuffix(zone, name), s.domain.size()));
    if (s.distinct == 2) account(s, s.firstName, cached(s.firstName, names), names);
    account(s, e.name, c, names);
}

void TunnelDetector::refresh(store::AlertRecord& a, const TunnelState& s,
                             const event::NameTable& names) {
    const TunnelVerdict v = a.kind == "tunnel" ? TunnelVerdict::Tunnel : TunnelVerdict::Exfil;
    a.domain = std::string(tunnelZone(s, names));
    a.firstSeenUs = std::min(a.firstSeenUs, s.firstUs);
    a.lastSeenUs = std::max(a.lastSeenUs, s.lastUs);
    a.count = std::max<std::int64_t>(a.count, s.encoded);
    a.score = s.distinct ? std::min(1.0, static_cast<double>(s.evidence) / s.distinct) : 0.0;
    for (auto id : s.samples) {
        if (id == event::kNoName || a.evidence.size() >= m_config.evidenceMax) continue;
        const std::string_view n = names.name(id);
        if (std::find(a.evidence.begin(), a.evidence.end(), n) == a.evidence.end())
            a.evidence.emplace_back(n);
    }
    a.reason = tunnelReason(s, v);
    a.details = tunnelDetailsJson(s, v, names);
    if (m_model) {
        char buf[160];
        std::snprintf(buf, sizeof(buf), "; model: %u names scored >= %.2f", s.modelScored,
                      m_config.modelThreshold);
        a.reason += buf;
        if (!a.details.empty() && a.details.back() == '}') {
            std::snprintf(buf, sizeof(buf),
                          "%s\"model\":{\"names_scored\":%u,\"threshold\":%.4g,\"sha256\":\"",
                          a.details.size() > 2 ? "," : "", s.modelScored, m_config.modelThreshold);
            a.details.pop_back();
            a.details += buf;
            a.details += m_model->sha256();
            a.details += "\"}}";
        }
    }
}

void TunnelDetector::raise(TunnelState& s, TunnelVerdict v, store::AlertIdSequence& ids) {
    s.alertedAtQuery = s.queries;
    std::string client = s.client.toString();
    std::string key = std::string(verdictKind(v)) + "|" + client + "|" + std::string(s.domain);
    auto it = m_alertByKey.find(key);
    if (it != m_alertByKey.end()) {  // the state was evicted after alerting and came back
        s.alertIndex = static_cast<std::int32_t>(it->second);
        return;
    }
    store::AlertRecord a;
    a.id = ids.next();
    a.kind = std::string(verdictKind(v));
    a.client = std::move(client);
    a.scope = std::string(s.domain);
    a.firstSeenUs = s.firstUs;
    a.lastSeenUs = s.lastUs;
    s.alertIndex = static_cast<std::int32_t>(m_alerts.size());
    m_alertByKey.emplace(std::move(key), m_alerts.size());
    m_alerts.push_back(std::move(a));
    m_alertSlots.push_back({s.client, s.domain, 0});
    ++m_stats.alertsRaised;
}

void TunnelDetector::emitMinute(TunnelState& s, std::vector<store::TunnelSeriesPoint>& series) {
    if (s.minuteUs < 0) return;
    s.minuteUnsent = false;
    series.push_back({clientText(s), std::string(s.domain), s.minuteUs, s.minuteQueries,
                      s.minuteDistinct, s.minuteBytes});
}

void TunnelDetector::process(std::span<const event::DnsEvent> events, const event::NameTable& names,
                             store::AlertIdSequence& ids, std::vector<store::AlertRecord>& changed,
                             std::vector<store::TunnelSeriesPoint>& series,
                             std::span<const std::uint32_t> clientIds) {
    if (!m_config.enabled || events.empty()) return;
    ++m_serial;
    m_touchedWatched.clear();
    std::vector<std::size_t> touchedAlerts;
    const double watchEvidence = m_config.tunnelMinEvidence / 2;
    // First pass: every event's state key, with its index entry and then the state itself
    // fetched ahead, so that the second pass finds them in cache instead of waiting on each in
    // turn.
    const bool givenIds = clientIds.size() == events.size();
    m_keys.resize(events.size());
    // The names' cached profiles are scattered over a large array: fetch them all first.
    for (const event::DnsEvent& e : events)
        if (e.name < m_profiles.size()) __builtin_prefetch(&m_profiles[e.name]);
    event::IpAddress lastClient;  // events come in runs of one client: intern it once per run
    std::uint32_t lastClientId = 0;
    bool haveClient = false;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const event::DnsEvent& e = events[i];
        m_keys[i] = kNoKey;
        if (e.name == event::kNoName) continue;
        CachedProfile& c = cached(e.name, names);
        if (!c.profile.candidate || c.allowed) continue;
        if (givenIds) {
            lastClientId = clientIds[i];
        } else if (!haveClient || !(e.client == lastClient)) {
            lastClient = e.client;
            lastClientId = m_clients.intern(e.client);
            haveClient = true;
        }
        m_keys[i] = tunnelKey(lastClientId, c.domainId);
        m_states.prefetchIndex(m_keys[i]);
        __builtin_prefetch(&m_domains[c.domainId]);
    }
    std::size_t created = 0;
    for (const std::uint64_t key : m_keys)
        if (key != kNoKey && !m_states.prefetchState(key)) ++created;
    m_states.prefetchVictims(created);
    for (std::size_t i = 0; i < events.size(); ++i) {
        const event::DnsEvent& e = events[i];
        ++m_stats.events;
        if (e.name == event::kNoName) continue;
        CachedProfile& c = cached(e.name, names);
        if (!c.profile.candidate) {
            ++m_stats.notCandidates;
            continue;
        }
        if (c.allowed) {
            ++m_stats.allowed;
            continue;
        }
        if (e.timeUs > m_nowUs) {
            // Expiring costs a look at the LRU tail; once per event-time second is plenty.
            if (e.timeUs / 1'000'000 != m_nowUs / 1'000'000) m_states.expire(e.timeUs);
            m_nowUs = e.timeUs;
        }
        const std::uint64_t key = m_keys[i];
        TunnelState& s = m_states.touch(key, e.client, m_domains[c.domainId], e.timeUs);
        const bool watchedBefore = s.watched;
        // The minute is over: send its final figures unless the batch-end send already did.
        if (s.watched && s.minuteUnsent && s.minuteUs >= 0 &&
            e.timeUs / kMinuteUs * kMinuteUs > s.minuteUs)
            emitMinute(s, series);
        update(s, e, c, names);
        if (s.alertIndex < 0) {
            const TunnelVerdict v = evaluateTunnelRules(s, m_config);
            if (v != TunnelVerdict::None) raise(s, v, ids);
        }
        if (!s.watched && (s.alertIndex >= 0 || s.evidence >= watchEvidence)) s.watched = true;
        if (s.batchSerial != m_serial) {
            s.batchSerial = m_serial;
            if (s.watched) m_touchedWatched.push_back(key);
        } else if (s.watched && !watchedBefore) {
            m_touchedWatched.push_back(key);
        }
    }
    // Once per batch: refresh the alerts of the states it touched, send their open minutes.
    for (const std::uint64_t key : m_touchedWatched) {
        TunnelState* s = m_states.find(key);
        if (!s) continue;
        emitMinute(*s, series);
        if (s->alertIndex < 0) continue;
        const auto idx = static_cast<std::size_t>(s->alertIndex);
        refresh(m_alerts[idx], *s, names);
        if (m_alertSlots[idx].serial != m_serial) {
            m_alertSlots[idx].serial = m_serial;
            touchedAlerts.push_back(idx);
        }
    }
    std::sort(touchedAlerts.begin(), touchedAlerts.end());
    for (auto idx : touchedAlerts) changed.push_back(m_alerts[idx]);
}

}  // namespace dnshound::core::detect
