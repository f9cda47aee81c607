#include "core/sample/traffic_generator.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/event/ip_address.h"
#include "core/sample/benign_traffic.h"
#include "core/sample/dga_algorithms.h"
#include "core/sample/log_line_writer.h"
#include "core/sample/record_shape.h"
#include "core/sample/seeded_random.h"

namespace dnshound::core::sample {

namespace {

constexpr std::int64_t kMinuteMs = 60000;
constexpr double kTrailingDotShare = 0.04;
constexpr double kMixedCaseShare = 0.01;
constexpr double kServFailShare = 0.002;
constexpr std::size_t kDgaListLength = 2000;
// Families of the bundled sample's infected clients, in assignment order. Banjori is left out:
// its names are one long pronounceable dictionary-word label with only the first four letters
// mutated, which the shipped lexical model (trained without any Banjori names) scores as benign.
// Detecting unseen and word-list families is the detection-quality issue's work; the bench log
// still carries Banjori traffic.
constexpr std::array<DgaFamily, 3> kSampleFamilies{DgaFamily::Ramnit, DgaFamily::Tinba,
                                                   DgaFamily::Suppobox};

struct Client {
    std::string address;
    std::string server;
    event::IpAddress sortKey;
    ClientOs os = ClientOs::Windows;
    bool dualStack = false;
    bool asksHttps = false;
    double visitMeanSec = 45.0;
    double backgroundMeanSec = 60.0;
    std::vector<std::size_t> favourites;  // indices into BenignCatalogue::sites()
    std::vector<std::size_t> nxNames;     // indices into BenignCatalogue::nxNames(), at most 2
    std::optional<DgaFamily> family;
    std::int64_t firstDgaMs = 0;
    std::uint64_t dgaLookups = 0;
};

struct Event {
    std::int64_t ms = 0;
    std::uint32_t order = 0;  // creation order: a total, deterministic tie-break
    std::uint32_t client = 0;
    RecordType type = RecordType::A;
    Rcode rcode = Rcode::NoError;
    std::uint32_t size = 0;
    std::string name;
    std::string answer;
    int dgaFamily = -1;  // the DgaFamily whose algorithm made the name; -1: benign
};

// Fraction of the usual activity at a time of day: quieter over lunch, as office networks are.
double activityAt(std::int64_t ms) {
    const std::int64_t minuteOfDay = (ms / kMinuteMs) % (24 * 60);
    if (minuteOfDay >= 12 * 60 && minuteOfDay < 13 * 60) return 0.35;
    if (minuteOfDay < 7 * 60 || minuteOfDay >= 19 * 60) return 0.1;
    return 1.0;
}

class SampleScenario final {
public:
    SampleScenario(const SampleSpec& spec) : m_spec(spec), m_random(spec.seed) {
        m_endMs = spec.startMs + static_cast<std::int64_t>(spec.hours * 3600.0 * 1000.0);
    }

    SampleTruth write(std::ostream& out) {
        makeClients();
        for (std::uint32_t c = 0; c < m_clients.size(); ++c) {
            browse(c);
            background(c);
            benignNx(c);
            if (m_clients[c].family) dgaBursts(c);
        }
        std::sort(m_events.begin(), m_events.end(), [](const Event& a, const Event& b) {
            return a.ms != b.ms ? a.ms < b.ms : a.order < b.order;
        });
        LogLineWriter writer([&out](std::string_view text) {
            out.write(text.data(), static_cast<std::streamsize>(text.size()));
        });
        for (const Event& e : m_events) {
            const Client& c = m_clients[e.client];
            writer.write(LogLine{e.ms, rcodeText(e.rcode), c.address, c.server, e.name,
                                 recordTypeName(e.type), e.answer, e.size});
        }
        writer.flush();
        return truth();
    }

private:
    void makeClients() {
        const std::size_t total = m_spec.cleanClients + m_spec.infectedClients;
        std::vector<std::string> used;
        for (std::size_t i = 0; i < total; ++i) {
            Client c;
            if (i % 6 == 5) {
                c.address = "2001:db8:10:1";
                for (int g = 0; g < 4; ++g) {
                    char buf[8];
                    const auto group =
                        g == 0 ? 0x1000 + m_random.below(0xF000) : m_random.below(0x10000);
                    c.address += ':';
                    c.address.append(buf, std::to_chars(buf, buf + sizeof(buf), group, 16).ptr);
                }
                c.server = "2001:db8:10::53";
            } else {
                do {
                    c.address = "10.0." + std::to_string(1 + i % 3) + "." +
                                std::to_string(m_random.between(10, 250));
                } while (std::find(used.begin(), used.end(), c.address) != used.end());
                c.server = m_random.chance(0.7) ? "10.0.0.53" : "10.0.0.54";
            }
            used.push_back(c.address);
            c.sortKey = event::IpAddress::parse(c.address).value_or(event::IpAddress{});
            const double osDraw = m_random.uniform();
            c.os = osDraw < 0.6 ? ClientOs::Windows
                                : (osDraw < 0.8 ? ClientOs::MacOs : ClientOs::Linux);
            c.dualStack = m_random.chance(0.7);
            c.asksHttps = m_random.chance(0.5);
            c.visitMeanSec = static_cast<double>(m_random.between(30, 70));
            c.backgroundMeanSec = static_cast<double>(m_random.between(40, 90));
            const std::size_t siteCount = BenignCatalogue::sites().size();
            for (int f = 0; f < 8; ++f) c.favourites.push_back(m_random.zipfIndex(siteCount));
            const std::size_t nxCount = BenignCatalogue::nxNames().size();
            const auto wanted = m_random.below(3);
            while (c.nxNames.size() < wanted) {
                const std::size_t pick = m_random.below(nxCount);
                if (std::find(c.nxNames.begin(), c.nxNames.end(), pick) == c.nxNames.end())
                    c.nxNames.push_back(pick);
            }
            m_clients.push_back(std::move(c));
        }
        // Which clients are infected is itself drawn, so tests cannot lean on positions.
        std::vector<std::size_t> order(total);
        for (std::size_t i = 0; i < total; ++i) order[i] = i;
        for (std::size_t i = total; i > 1; --i) std::swap(order[i - 1], order[m_random.below(i)]);
        for (std::size_t k = 0; k < m_spec.infectedClients; ++k)
            m_clients[order[k]].family = kSampleFamilies[k % kSampleFamilies.size()];
    }

    void add(std::int64_t ms, std::uint32_t client, std::string_view name, RecordType type,
             Rcode rcode, std::string answer = {}, int dgaFamily = -1) {
        if (ms >= m_endMs) return;
        Event e;
        e.ms = ms;
        e.order = m_order++;
        e.client = client;
        e.type = type;
        e.rcode = rcode;
        e.size = plausibleSize(name, type, rcode, m_random.uniform());
        e.answer = answer.empty() ? plausibleAnswer(name, type, rcode) : std::move(answer);
        e.name.assign(name);
        e.dgaFamily = dgaFamily;
        if (m_random.chance(kMixedCaseShare))
            randomiseCase(e.name.data(), e.name.size(), m_random.next());
        if (m_random.chance(kTrailingDotShare)) e.name.push_back('.');
        m_events.push_back(std::move(e));
    }

    Rcode benignRcode() {
        return m_random.chance(kServFailShare) ? Rcode::ServFail : Rcode::NoError;
    }

    void browse(std::uint32_t ci) {
        const Client& c = m_clients[ci];
        const auto sites = BenignCatalogue::sites();
        for (std::int64_t t = m_spec.startMs + gapMs(c.visitMeanSec); t < m_endMs;
             t += gapMs(c.visitMeanSec)) {
            if (!m_random.chance(activityAt(t))) continue;
            const BenignSite& site = m_random.chance(0.7)
                                         ? sites[c.favourites[m_random.below(c.favourites.size())]]
                                         : sites[m_random.zipfIndex(sites.size())];
            add(t, ci, site.primary, RecordType::A, benignRcode());
            if (c.dualStack)
                add(t + m_random.between(0, 3), ci, site.primary, RecordType::AAAA, Rcode::NoError);
            if (c.asksHttps)
                add(t + m_random.between(0, 5), ci, site.primary, RecordType::HTTPS,
                    Rcode::NoError);
            for (std::string_view related : site.related) {
                if (related.empty() || !m_random.chance(0.6)) continue;
                const std::int64_t at = t + m_random.between(30, 900);
                add(at, ci, related, RecordType::A, benignRcode());
                if (c.dualStack)
                    add(at + m_random.between(0, 2), ci, related, RecordType::AAAA, Rcode::NoError);
            }
        }
    }

    void background(std::uint32_t ci) {
        const Client& c = m_clients[ci];
        std::vector<const BackgroundName*> names;
        double total = 0;
        for (const BackgroundName& b : BenignCatalogue::background()) {
            if (!BenignCatalogue::runsOn(b, c.os)) continue;
            names.push_back(&b);
            total += b.weight;
        }
        for (std::int64_t t = m_spec.startMs + gapMs(c.backgroundMeanSec); t < m_endMs;
             t += gapMs(c.backgroundMeanSec)) {
            double draw = m_random.uniform() * total;
            const BackgroundName* pick = names.back();
            for (const BackgroundName* b : names) {
                if (draw < b->weight) {
                    pick = b;
                    break;
                }
                draw -= b->weight;
            }
            add(t, ci, pick->name, pick->type, benignRcode());
        }
    }

    void benignNx(std::uint32_t ci) {
        for (std::size_t index : m_clients[ci].nxNames) {
            const BenignNxName& nx = BenignCatalogue::nxNames()[index];
            for (std::int64_t t = m_spec.startMs + m_random.between(0, 40 * kMinuteMs); t < m_endMs;
                 t += 10 * kMinuteMs + gapMs(35 * 60.0))
                add(t, ci, nx.name, nx.type, Rcode::NxDomain);
        }
    }

    void dgaBursts(std::uint32_t ci) {
        Client& c = m_clients[ci];
        const DgaFamily family = *c.family;
        const std::uint64_t familySeed =
            mixBits(m_spec.seed ^ (0xD6A0ull + static_cast<std::uint64_t>(family)));
        std::uint64_t cursor = m_random.below(kDgaListLength);
        for (std::int64_t t = m_spec.startMs + m_random.between(20 * kMinuteMs, 75 * kMinuteMs);
             t < m_endMs; t += 2 * kMinuteMs + gapMs(8 * 60.0)) {
            const std::vector<std::string>& names = dgaList(family, familySeed, t);
            const auto burst = m_random.between(12, 36);
            std::int64_t at = t;
            for (std::int64_t i = 0; i < burst && at < m_endMs;
                 ++i, at += m_random.between(40, 700)) {
                const std::uint64_t index = cursor++ % names.size();
                if (c.dgaLookups++ == 0) c.firstDgaMs = at;
                if (mixBits(familySeed ^ index) % 37 == 0) {
                    add(at, ci, names[index], RecordType::A, Rcode::NoError,
                        c2Address(familySeed, index), static_cast<int>(family));
                    break;  // contact made: this burst is over
                }
                add(at, ci, names[index], RecordType::A, Rcode::NxDomain, {},
                    static_cast<int>(family));
            }
        }
    }

    const std::vector<std::string>& dgaList(DgaFamily family, std::uint64_t familySeed,
                                            std::int64_t ms) {
        const std::int64_t day = ms / (24 * 60 * kMinuteMs);
        auto key = std::make_pair(static_cast<int>(family), day);
        auto it = m_dgaLists.find(key);
        if (it == m_dgaLists.end())
            it = m_dgaLists
                     .emplace(key, generateDgaDomains(family, familySeed, civilFromDays(day),
                                                      kDgaListLength))
                     .first;
        return it->second;
    }

    static std::string c2Address(std::uint64_t familySeed, std::uint64_t index) {
        static constexpr std::string_view kHosting[] = {"185.174.", "91.215.", "45.142.",
                                                        "193.42."};
        const std::uint64_t h = mixBits(familySeed + index);
        return std::string(kHosting[h % 4]) + std::to_string((h >> 8) % 256) + "." +
               std::to_string(1 + (h >> 16) % 254);
    }

    std::int64_t gapMs(double meanSec) {
        return 1 + static_cast<std::int64_t>(m_random.exponential(meanSec * 1000.0));
    }

    SampleTruth truth() const {
        std::vector<std::uint32_t> byAddress(m_clients.size());
        for (std::uint32_t i = 0; i < byAddress.size(); ++i) byAddress[i] = i;
        std::sort(byAddress.begin(), byAddress.end(), [this](std::uint32_t a, std::uint32_t b) {
            return m_clients[a].sortKey < m_clients[b].sortKey;
        });
        SampleTruth t;
        for (std::uint32_t i : byAddress) {
            const Client& c = m_clients[i];
            if (c.family)
                t.infected.push_back(
                    {c.address, std::string(dgaFamilyName(*c.family)), c.firstDgaMs, c.dgaLookups});
            else
                t.clean.push_back(c.address);
        }
        std::map<std::string, int> names;  // normalised name -> family (-1: benign)
        for (const Event& e : m_events) {
            std::string n = e.name;
            if (!n.empty() && n.back() == '.') n.pop_back();
            for (char& ch : n)
                if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch + 32);
            int& family = names.try_emplace(std::move(n), -1).first->second;
            family = std::max(family, e.dgaFamily);
        }
        for (const auto& [n, family] : names)
            t.names.push_back(
                {n, family < 0 ? std::string()
                               : std::string(dgaFamilyName(static_cast<DgaFamily>(family)))});
        t.lines = m_events.size();
        if (!m_events.empty()) {
            t.firstMs = m_events.front().ms;
            t.lastMs = m_events.back().ms;
        }
        return t;
    }

    SampleSpec m_spec;
    SeededRandom m_random;
    std::int64_t m_endMs = 0;
    std::uint32_t m_order = 0;
    std::vector<Client> m_clients;
    std::vector<Event> m_events;
    std::map<std::pair<int, std::int64_t>, std::vector<std::string>> m_dgaLists;
};

}  // namespace

SampleTruth writeSampleLog(std::ostream& out, const SampleSpec& spec) {
    return SampleScenario(spec).write(out);
}

}  // namespace dnshound::core::sample
