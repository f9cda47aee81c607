#include "core/sample/bench_log_writer.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/sample/benign_traffic.h"
#include "core/sample/civil_time.h"
#include "core/sample/dga_algorithms.h"
#include "core/sample/log_line_writer.h"
#include "core/sample/record_shape.h"
#include "core/sample/seeded_random.h"

namespace dnshound::core::sample {

namespace {

constexpr double kQueriesPerSecond = 250.0;
constexpr double kLongTailShare = 0.05;
constexpr double kBenignNxShare = 0.05;
constexpr double kDgaShare = 0.012;
constexpr std::size_t kDgaListLength = 4000;
constexpr std::size_t kMaxNameLength = 253;

struct PoolEntry {
    std::string name;
    std::string answer;
    RecordType type = RecordType::A;
    Rcode rcode = Rcode::NoError;
};

struct BenchClient {
    std::string address;
    std::string_view server;
    int family = -1;  // index into kDgaFamilies when infected
    std::uint64_t cursor = 0;
    std::int64_t firstDgaMs = 0;
    std::uint64_t dgaLookups = 0;
};

struct Burst {
    std::uint32_t client = 0;
    std::uint32_t left = 0;
};

constexpr std::array<std::string_view, 24> kTailWords{
    "garden", "river",  "studio", "market", "travel", "design",  "health",  "school",
    "coffee", "motor",  "photo",  "music",  "energy", "fitness", "kitchen", "books",
    "games",  "office", "print",  "clinic", "bakery", "legal",   "finance", "outdoor"};
constexpr std::array<std::string_view, 8> kTailSuffixes{"shop", "news", "blog",  "online",
                                                        "hub",  "labs", "media", "group"};
constexpr std::array<std::string_view, 8> kTlds{".com",   ".de", ".net", ".org",
                                                ".co.uk", ".fr", ".io",  ".nl"};

void appendNumber(std::string& out, std::uint64_t v) {
    char buf[24];
    out.append(buf, std::to_chars(buf, buf + sizeof(buf), v).ptr);
}

std::string randomAlnum(SeededRandom& random, std::size_t length) {
    static constexpr std::string_view kChars = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string out(length, 'a');
    for (char& c : out) c = kChars[random.below(kChars.size())];
    return out;
}

class BenchGenerator final {
public:
    BenchGenerator(std::uint64_t lines, std::uint64_t seed) : m_lines(lines), m_random(seed) {
        makeClients(seed);
        makePools();
        makeDgaLists(seed);
    }

    SampleTruth generate(const BenchLineSink& sink) {
        const std::int64_t startUs = epochMs(CivilDate{2026, 11, 27}, 8, 0, 0) * 1000;
        double offsetUs = 0;
        const double meanGapUs = 1e6 / kQueriesPerSecond;
        const double burstStart = kDgaShare / 24.0;
        std::array<char, kMaxNameLength + 2> scratch{};
        std::string tailName;
        std::string tailAnswer;
        tailName.reserve(kMaxNameLength);
        tailAnswer.reserve(48);
        std::int64_t firstMs = 0;
        std::int64_t ms = 0;
        for (std::uint64_t i = 0; i < m_lines; ++i) {
            offsetUs += m_random.exponential(meanGapUs);
            ms = (startUs + static_cast<std::int64_t>(offsetUs)) / 1000;
            if (i == 0) firstMs = ms;
            LogLine line;
            line.timeMs = ms;
            if (!m_infected.empty() && m_random.chance(burstStart))
                m_bursts.push_back(Burst{m_infected[m_random.below(m_infected.size())],
                                         static_cast<std::uint32_t>(m_random.between(12, 36))});
            std::string_view name;
            RecordType type = RecordType::A;
            Rcode rcode = Rcode::NoError;
            const BenchClient* client = nullptr;
            if (!m_bursts.empty() && m_random.chance(0.5)) {
                Burst& burst = m_bursts.front();
                BenchClient& c = m_clients[burst.client];
                const std::vector<std::string>& list =
                    m_dgaLists[static_cast<std::size_t>(c.family)];
                const std::uint64_t index = c.cursor++ % list.size();
                name = list[index];
                if (c.dgaLookups++ == 0) c.firstDgaMs = ms;
                const bool c2 = mixBits(index ^ static_cast<std::uint64_t>(c.family)) % 37 == 0;
                rcode = c2 ? Rcode::NoError : Rcode::NxDomain;
                line.responseIp =
                    c2 ? std::string_view("185.174.20.7") : std::string_view("0.0.0.0");
                if (--burst.left == 0 || c2) m_bursts.pop_front();
                client = &c;
            } else {
                client = &m_clients[pickClient()];
                const double kind = m_random.uniform();
                if (kind < kBenignNxShare) {
                    const PoolEntry& e = m_nxPool[m_random.zipfIndex(m_nxPool.size())];
                    name = e.name;
                    type = e.type;
                    rcode = Rcode::NxDomain;
                    line.responseIp = e.answer;
                } else if (kind < kBenignNxShare + kLongTailShare) {
                    makeTailName(tailName, tailAnswer);
                    name = tailName;
                    line.responseIp = tailAnswer;
                } else {
                    const PoolEntry& e = m_pool[m_random.zipfIndex(m_pool.size())];
                    name = e.name;
                    type = e.type;
                    line.responseIp = e.answer;
                    if (m_random.chance(0.002)) {
                        rcode = Rcode::ServFail;
                        line.responseIp = "0.0.0.0";
                    }
                }
            }
            const double style = m_random.uniform();
            if (style < 0.04 && name.size() <= kMaxNameLength) {
                std::memcpy(scratch.data(), name.data(), name.size());
                std::size_t length = name.size();
                if (style < 0.01)
                    randomiseCase(scratch.data(), length, m_random.next());
                else
                    scratch[length++] = '.';
                name = std::string_view(scratch.data(), length);
            }
            line.status = rcodeText(rcode);
            line.client = client->address;
            line.server = client->server;
            line.name = name;
            line.recordType = recordTypeName(type);
            line.sizeBytes = plausibleSize(name, type, rcode, m_random.uniform());
            if (!sink(line)) {
                m_lines = i + 1;
                break;
            }
        }
        return truth(firstMs, ms);
    }

private:
    void makeClients(std::uint64_t seed) {
        const std::uint64_t clientCount = std::clamp<std::uint64_t>(m_lines / 1000, 24, 20000);
        const std::uint64_t subnetCount = std::max<std::uint64_t>(4, clientCount / 20);
        for (std::uint64_t i = 0; i < clientCount; ++i) {
            const std::uint64_t subnet = i % subnetCount;
            BenchClient c;
            if (subnet % 10 == 9) {
                char buf[8];
                c.address = "2001:db8:20:";
                c.address.append(buf, std::to_chars(buf, buf + sizeof(buf), subnet, 16).ptr);
                for (int g = 0; g < 4; ++g) {
                    c.address.push_back(':');
                    const std::uint64_t group =
                        g == 0 ? 0x1000 + m_random.below(0xF000) : m_random.below(0x10000);
                    c.address.append(buf, std::to_chars(buf, buf + sizeof(buf), group, 16).ptr);
                }
                c.server = "2001:db8:ffff::53";
            } else {
                // Host numbers step through the /24 so that clients of one subnet never collide.
                c.address = "10.";
                appendNumber(c.address, 16 + subnet / 250);
                c.address.push_back('.');
                appendNumber(c.address, subnet % 250);
                c.address.push_back('.');
                appendNumber(c.address, 2 + (i / subnetCount) % 250);
                c.server = m_random.chance(0.7) ? "10.255.0.53" : "10.255.0.54";
            }
            m_clients.push_back(std::move(c));
        }
        const std::uint64_t infected = std::max<std::uint64_t>(2, clientCount / 500);
        SeededRandom pick(mixBits(seed ^ 0x1AFEC7EDull));
        for (std::uint64_t k = 0; k < infected; ++k) {
            std::uint32_t index = 0;
            do {
                index = static_cast<std::uint32_t>(pick.below(clientCount));
            } while (m_clients[index].family >= 0);
            m_clients[index].family = static_cast<int>(k % kDgaFamilies.size());
            m_clients[index].cursor = pick.below(kDgaListLength);
            m_infected.push_back(index);
        }
    }

    std::size_t pickClient() {
        // Most clients are alike; a few (servers, busy desktops) are much chattier.
        return m_random.chance(0.7) ? m_random.below(m_clients.size())
                                    : m_random.zipfIndex(m_clients.size());
    }

    void addPool(std::string_view name, RecordType type) {
        m_pool.push_back(PoolEntry{std::string(name), plausibleAnswer(name, type, Rcode::NoError),
                                   type, Rcode::NoError});
    }

    void addNx(std::string name, RecordType type) {
        m_nxPool.push_back(PoolEntry{std::move(name), "0.0.0.0", type, Rcode::NxDomain});
    }

    void makePools() {
        for (const BenignSite& site : BenignCatalogue::sites()) {
            addPool(site.primary, RecordType::A);
            addPool(site.primary, RecordType::AAAA);
            addPool(site.primary, RecordType::HTTPS);
            for (std::string_view related : site.related) {
                if (related.empty()) continue;
                addPool(related, RecordType::A);
                addPool(related, RecordType::AAAA);
            }
        }
        for (const BackgroundName& b : BenignCatalogue::background()) addPool(b.name, b.type);
        // The mid-popularity body: CDN edges and a few thousand smaller sites.
        for (int i = 0; i < 1500; ++i) {
            std::string name = "e";
            appendNumber(name, 1000 + m_random.below(29000));
            name += m_random.chance(0.5) ? ".dscb.akamaiedge.net" : ".dsce9.akamaiedge.net";
            addPool(name, RecordType::A);
            name = "d" + randomAlnum(m_random, 13) + ".cloudfront.net";
            addPool(name, RecordType::A);
        }
        for (int i = 0; i < 6000; ++i) {
            std::string name = "www.";
            name += kTailWords[m_random.below(kTailWords.size())];
            name += kTailSuffixes[m_random.below(kTailSuffixes.size())];
            if (m_random.chance(0.3)) appendNumber(name, m_random.below(100));
            name += kTlds[m_random.below(kTlds.size())];
            addPool(name, m_random.chance(0.7) ? RecordType::A : RecordType::AAAA);
        }
        // Lightly shuffle so the head mixes sites and types instead of following the catalogue.
        for (std::size_t i = 0; i < m_pool.size(); ++i)
            std::swap(m_pool[i], m_pool[std::min(m_pool.size() - 1, i + m_random.below(24))]);

        for (const BenignNxName& nx : BenignCatalogue::nxNames())
            addNx(std::string(nx.name), nx.type);
        for (int i = 0; i < 1500; ++i) {
            const PoolEntry& source = m_pool[m_random.zipfIndex(m_pool.size())];
            std::string name = source.name;
            if (m_random.chance(0.5)) {
                name += '.';
                name += BenignCatalogue::kLocalDomain;  // search-list suffix appended
            } else {
                // A typo in the registered label: a letter dropped or doubled.
                const auto dot = name.rfind('.');
                const auto start = name.rfind('.', dot == 0 ? 0 : dot - 1);
                const std::size_t from = start == std::string::npos ? 0 : start + 1;
                if (dot == std::string::npos || dot <= from + 2) continue;
                const std::size_t at = from + m_random.below(dot - from);
                if (m_random.chance(0.5))
                    name.erase(at, 1);
                else
                    name.insert(at, 1, name[at]);
            }
            addNx(std::move(name), source.type);
        }
    }

    void makeDgaLists(std::uint64_t seed) {
        for (DgaFamily family : kDgaFamilies)
            m_dgaLists.push_back(
                generateDgaDomains(family, mixBits(seed ^ static_cast<std::uint64_t>(family)),
                                   CivilDate{2026, 11, 27}, kDgaListLength));
    }

    // A name seen once or twice in a day: video cache hosts, per-object CDN names, small sites.
    void makeTailName(std::string& name, std::string& answer) {
        name.clear();
        const std::uint64_t r = m_random.next();
        char buf[24];
        switch (r % 4) {
            case 0:
                name = "rr";
                name.push_back(static_cast<char>('1' + (r >> 8) % 9));
                name += "---sn-";
                for (int i = 0; i < 8; ++i)
                    name.push_back(
                        "abcdefghijklmnopqrstuvwxyz0123456789"[(r >> (12 + 5 * i)) % 36]);
                name += ".googlevideo.com";
                break;
            case 1:
                name = "img";
                name.append(buf, std::to_chars(buf, buf + sizeof(buf), (r >> 8) % 100000).ptr);
                name += ".cdn.";
                name +=
                    BenignCatalogue::sites()[(r >> 32) % BenignCatalogue::sites().size()].primary;
                break;
            case 2:
                name = kTailWords[(r >> 8) % kTailWords.size()];
                name += "-";
                name += kTailWords[(r >> 16) % kTailWords.size()];
                name.append(buf, std::to_chars(buf, buf + sizeof(buf), (r >> 24) % 10000).ptr);
                name += kTlds[(r >> 40) % kTlds.size()];
                break;
            default:
                name = "ip-10-";
                name.append(buf, std::to_chars(buf, buf + sizeof(buf), (r >> 8) % 256).ptr);
                name += "-";
                name.append(buf, std::to_chars(buf, buf + sizeof(buf), (r >> 16) % 256).ptr);
                name += "-";
                name.append(buf, std::to_chars(buf, buf + sizeof(buf), (r >> 24) % 256).ptr);
                name += ".eu-central-1.compute.internal";
                break;
        }
        answer = "52.";
        answer.append(buf, std::to_chars(buf, buf + sizeof(buf), (r >> 44) % 256).ptr);
        answer += ".";
        answer.append(buf, std::to_chars(buf, buf + sizeof(buf), (r >> 52) % 256).ptr);
        answer += ".";
        answer.append(buf, std::to_chars(buf, buf + sizeof(buf), 1 + (r >> 20) % 254).ptr);
    }

    SampleTruth truth(std::int64_t firstMs, std::int64_t lastMs) const {
        SampleTruth t;
        for (const BenchClient& c : m_clients) {
            if (c.family >= 0)
                t.infected.push_back(
                    {c.address,
                     std::string(dgaFamilyName(kDgaFamilies[static_cast<std::size_t>(c.family)])),
                     c.firstDgaMs, c.dgaLookups});
            else
                t.clean.push_back(c.address);
        }
        t.lines = m_lines;
        t.firstMs = firstMs;
        t.lastMs = lastMs;
        return t;
    }

    std::uint64_t m_lines;
    SeededRandom m_random;
    std::vector<BenchClient> m_clients;
    std::vector<std::uint32_t> m_infected;
    std::vector<PoolEntry> m_pool;
    std::vector<PoolEntry> m_nxPool;
    std::vector<std::vector<std::string>> m_dgaLists;
    std::deque<Burst> m_bursts;
};

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

SampleTruth generateBenchLines(std::uint64_t lines, std::uint64_t seed, const BenchLineSink& sink) {
    return BenchGenerator(lines, seed).generate(sink);
}

SampleTruth writeBenchLog(const std::string& path, std::uint64_t lines, std::uint64_t seed) {
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "wb"));
    if (!file) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
    std::FILE* out = file.get();
    LogLineWriter writer(
        [out](std::string_view text) {
            if (std::fwrite(text.data(), 1, text.size(), out) != text.size())
                throw std::runtime_error(std::string("bench log: write failed: ") +
                                         std::strerror(errno));
        },
        std::size_t{4} << 20);
    SampleTruth truth = BenchGenerator(lines, seed).generate([&writer](const LogLine& line) {
        writer.write(line);
        return true;
    });
    writer.flush();
    std::FILE* raw = file.release();
    if (std::fclose(raw) != 0)
        throw std::runtime_error("cannot finish " + path + ": " + std::strerror(errno));
    return truth;
}

}  // namespace dnshound::core::sample
