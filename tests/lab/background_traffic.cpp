#include "background_traffic.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <random>
#include <set>

#include "core/sample/dga_algorithms.h"
#include "dns_query_client.h"

namespace dnshound::tests::lab {

namespace {

constexpr std::uint16_t kA = 1, kPtr = 12, kMx = 15, kTxt = 16, kAaaa = 28, kSrv = 33, kHttps = 65;

// Host names of the shapes seen in real home, office and cloud-host logs.
constexpr std::array kWebNames{"www.google.com",
                               "www.gstatic.com",
                               "fonts.googleapis.com",
                               "fonts.gstatic.com",
                               "accounts.google.com",
                               "clients1.google.com",
                               "mtalk.google.com",
                               "ssl.google-analytics.com",
                               "www.googletagmanager.com",
                               "stats.g.doubleclick.net",
                               "googleads.g.doubleclick.net",
                               "redirector.gvt1.com",
                               "r3---sn-jxnoxu-2gbe.gvt1.com",
                               "www.youtube.com",
                               "i.ytimg.com",
                               "www.facebook.com",
                               "static.xx.fbcdn.net",
                               "www.linkedin.com",
                               "dc.ads.linkedin.com",
                               "platform.twitter.com",
                               "t.co",
                               "www.bing.com",
                               "login.live.com",
                               "www.msftncsi.com",
                               "go.microsoft.com",
                               "watson.microsoft.com",
                               "ocsp.digicert.com",
                               "ocsp.msocsp.com",
                               "th.symcd.com",
                               "www.spotify.com",
                               "i.scdn.co",
                               "static.hotjar.com",
                               "script.hotjar.com",
                               "ib.adnxs.com",
                               "match.adsrvr.org",
                               "tags.bluekai.com",
                               "dpm.demdex.net",
                               "d2oh4tlt9mrke9.cloudfront.net",
                               "img-s-msn-com.akamaized.net",
                               "sp-bootstrap.global.ssl.fastly.net",
                               "github.com",
                               "api.github.com",
                               "objects.githubusercontent.com",
                               "www.wikipedia.org",
                               "upload.wikimedia.org",
                               "news.ycombinator.com",
                               "cdn.jsdelivr.net",
                               "ajax.googleapis.com",
                               "outlook.office365.com",
                               "teams.microsoft.com",
                               "slack.com",
                               "edgeapi.slack.com",
                               "zoom.us",
                               "www.amazon.com",
                               "m.media-amazon.com",
                               "www.netflix.com",
                               "occ-0-1-2.1.nflxso.net",
                               "www.reddit.com",
                               "styles.redditmedia.com",
                               "www.nytimes.com"};

constexpr std::array kUpdateNames{
    "security.ubuntu.com",      "archive.ubuntu.com", "changelogs.ubuntu.com",
    "esm.ubuntu.com",           "api.snapcraft.io",   "download.docker.com",
    "mirrors.digitalocean.com", "cdn.fwupd.org",      "ntp.ubuntu.com",
    "0.debian.pool.ntp.org",    "deb.debian.org",     "connectivity-check.ubuntu.com"};

constexpr std::array kMailDomains{"gmail.com",     "outlook.com",   "yahoo.com",
                                  "example.org",   "mailchimp.com", "sendgrid.net",
                                  "amazonses.com", "protonmail.ch", "gmx.de"};
constexpr std::array kDkimSelectors{"selector1", "selector2", "google", "s1", "k1", "20230601"};
constexpr std::array kDnsbls{"zen.spamhaus.org", "bl.spamcop.net", "b.barracudacentral.org"};

// The registered domain of the names above: all of them have a two-label registrable part.
std::string registered(std::string_view name) {
    const auto last = name.rfind('.');
    const auto prev = name.rfind('.', last - 1);
    return std::string(prev == std::string_view::npos ? name : name.substr(prev + 1));
}

std::string hex(std::mt19937_64& rng, int digits) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s;
    for (int i = 0; i < digits; ++i) s.push_back(kHex[rng() % 16]);
    return s;
}

std::string alnum(std::mt19937_64& rng, int n) {
    static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string s;
    for (int i = 0; i < n; ++i) s.push_back(kChars[rng() % 36]);
    return s;
}

std::string reversedIpv4(std::mt19937_64& rng) {
    return std::to_string(rng() % 254 + 1) + '.' + std::to_string(rng() % 256) + '.' +
           std::to_string(rng() % 256) + '.' + std::to_string(rng() % 223 + 1);
}

struct Query {
    std::string name;
    std::uint16_t qtype;
};

Query nextQuery(const std::string& role, std::mt19937_64& rng,
                const std::vector<std::string>& dgaNames, std::size_t& dgaNext) {
    const auto pick = [&](const auto& list) { return std::string(list[rng() % list.size()]); };
    if (role == "browser") {
        const auto r = rng() % 10;
        return {pick(kWebNames), r < 6 ? kA : (r < 9 ? kAaaa : kHttps)};
    }
    if (role == "updates") {
        if (rng() % 5 == 0) return {"_https._tcp." + pick(kUpdateNames), kSrv};
        return {pick(kUpdateNames), rng() % 2 ? kA : kAaaa};
    }
    if (role == "mail") {
        const auto r = rng() % 6;
        if (r < 3) return {reversedIpv4(rng) + '.' + pick(kDnsbls), kA};
        if (r == 3) return {"_dmarc." + pick(kMailDomains), kTxt};
        if (r == 4) return {pick(kDkimSelectors) + "._domainkey." + pick(kMailDomains), kTxt};
        return {pick(kMailDomains), rng() % 2 ? kMx : kTxt};
    }
    if (role == "antivirus") {
        // File-reputation lookups: a hash of the file as labels under the vendor's zone.
        if (rng() % 2) return {hex(rng, 32) + ".avqs.mcafee.com", kA};
        return {hex(rng, 40) + ".3.sxl.sophosxl.net", kA};
    }
    if (role == "cdn") {
        const auto r = rng() % 4;
        if (r == 0) return {'d' + alnum(rng, 13) + ".cloudfront.net", kA};
        if (r == 1)
            return {'r' + std::to_string(rng() % 20 + 1) + "---sn-" + alnum(rng, 8) + '-' +
                        alnum(rng, 4) + ".googlevideo.com",
                    kA};
        if (r == 2)
            return {'e' + std::to_string(rng() % 90000 + 1000) + ".dscb.akamaiedge.net", kA};
        return {"img-" + hex(rng, 16) + ".fbcdn.net", kAaaa};
    }
    if (role == "ptr") {
        if (rng() % 4) return {reversedIpv4(rng) + ".in-addr.arpa", kPtr};
        std::string n;
        const std::string h = "2a0014500400" + hex(rng, 20);
        for (auto it = h.rbegin(); it != h.rend(); ++it) (n += *it) += '.';
        return {n + "ip6.arpa", kPtr};
    }
    // dga
    const auto& name = dgaNames[dgaNext++ % dgaNames.size()];
    return {name, kA};
}

}  // namespace

BackgroundTraffic::BackgroundTraffic(std::uint64_t seed) : m_seed(seed) {
    for (int i = 10; i < 22; ++i) m_clients.push_back({"127.0.0." + std::to_string(i), "browser"});
    m_clients.push_back({"127.0.0.30", "mail"});
    m_clients.push_back({"127.0.0.31", "antivirus"});
    m_clients.push_back({"127.0.0.32", "cdn"});
    m_clients.push_back({"127.0.0.33", "ptr"});
    m_clients.push_back({"127.0.0.34", "updates"});
    m_clients.push_back({"127.0.0.66", "dga"});
}

BackgroundTraffic::~BackgroundTraffic() {
    stop();
}

std::vector<std::string> BackgroundTraffic::resolverLines() {
    std::set<std::string> zones;
    for (const char* n : kWebNames) zones.insert(registered(n));
    for (const char* n : kUpdateNames) zones.insert(registered(n));
    for (const char* n : kMailDomains) zones.insert(n);
    for (const char* n : {"mcafee.com", "sophosxl.net", "cloudfront.net", "googlevideo.com",
                          "akamaiedge.net", "fbcdn.net"})
        zones.insert(n);
    std::vector<std::string> lines;
    int host = 1;
    for (const auto& z : zones) {
        // A redirect zone answers every name under it with the apex's records.
        lines.push_back("local-zone: \"" + z + ".\" redirect");
        lines.push_back("local-data: \"" + z + ". 300 IN A 192.0.2." +
                        std::to_string(host++ % 250 + 1) + "\"");
        lines.push_back("local-data: \"" + z + ". 300 IN MX 10 mx." + z + ".\"");
        lines.push_back("local-data: '" + z + ". 300 IN TXT \"v=spf1 -all\"'");
    }
    // A listed address, as DNSBLs publish for testing; every other lookup is NXDOMAIN.
    lines.push_back("local-data: \"2.0.0.127.zen.spamhaus.org. 300 IN A 127.0.0.2\"");
    return lines;
}

std::vector<std::string> BackgroundTraffic::benignClients() const {
    std::vector<std::string> out;
    for (const auto& c : m_clients)
        if (c.role != "dga") out.push_back(c.address);
    return out;
}

std::string BackgroundTraffic::dgaClient() const {
    for (const auto& c : m_clients)
        if (c.role == "dga") return c.address;
    return {};
}

bool BackgroundTraffic::start() {
    stop();
    m_sockets.clear();
    for (const auto& c : m_clients) {
        m_sockets.push_back(std::make_unique<DnsQueryClient>(c.address));
        if (!m_sockets.back()->ok()) return false;
    }
    m_stop.store(false);
    m_thread = std::thread([this] { run(); });
    return true;
}

void BackgroundTraffic::stop() {
    m_stop.store(true);
    if (m_thread.joinable()) m_thread.join();
}

void BackgroundTraffic::run() {
    using Clock = std::chrono::steady_clock;
    std::mt19937_64 rng(m_seed);
    const auto dgaNames = core::sample::generateDgaDomains(core::sample::DgaFamily::Ramnit, m_seed,
                                                           {2026, 11, 27}, 400);
    std::size_t dgaNext = 0;
    // Mean gap between one client's queries: browsers are slower than the busy services.
    const auto meanGapMs = [](const std::string& role) { return role == "browser" ? 2000 : 300; };
    std::vector<Clock::time_point> next(m_clients.size(), Clock::now());
    for (std::size_t i = 0; i < next.size(); ++i)
        next[i] += std::chrono::milliseconds(rng() % 1000);
    while (!m_stop.load()) {
        const auto now = Clock::now();
        for (std::size_t i = 0; i < m_clients.size(); ++i) {
            auto& sock = *m_sockets[i];
            m_received += static_cast<std::uint64_t>(sock.receive(0));
            if (now < next[i]) continue;
            const Query q = nextQuery(m_clients[i].role, rng, dgaNames, dgaNext);
            if (sock.send(q.name, q.qtype)) ++m_sent;
            const int mean = meanGapMs(m_clients[i].role);
            next[i] = now + std::chrono::milliseconds(mean / 2 + static_cast<int>(rng() % mean));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    for (auto& s : m_sockets) m_received += static_cast<std::uint64_t>(s->receive(200));
}

}  // namespace dnshound::tests::lab
