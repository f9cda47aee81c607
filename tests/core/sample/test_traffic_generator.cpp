#include <QtTest/QtTest>

#include <QCryptographicHash>

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/sample/benign_traffic.h"
#include "core/sample/sample_log_check.h"
#include "core/sample/traffic_generator.h"

using namespace dnshound::core::sample;

namespace {

struct Generated {
    std::string text;
    SampleTruth truth;
};

Generated generate(const SampleSpec& spec) {
    std::ostringstream out;
    Generated g;
    g.truth = writeSampleLog(out, spec);
    g.text = out.str();
    return g;
}

QByteArray sha256(const std::string& s) {
    return QCryptographicHash::hash(QByteArrayView(s.data(), static_cast<qsizetype>(s.size())),
                                    QCryptographicHash::Sha256);
}

std::vector<sample_check::ParsedLine> parseAll(const std::string& text, std::string& error) {
    std::vector<sample_check::ParsedLine> lines;
    std::size_t start = 0;
    std::size_t number = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        if (end == std::string::npos) {
            error = "last line lacks a newline";
            break;
        }
        ++number;
        std::string why;
        auto p = sample_check::parseLine(std::string_view(text).substr(start, end - start), why);
        if (!p) {
            error = "line " + std::to_string(number) + ": " + why + ": " +
                    text.substr(start, end - start);
            break;
        }
        lines.push_back(std::move(*p));
        start = end + 1;
    }
    return lines;
}

// The largest number of distinct names seen within any one hour.
std::size_t maxDistinctPerHour(std::vector<std::pair<std::int64_t, std::string>> events) {
    std::sort(events.begin(), events.end());
    std::size_t best = 0;
    std::map<std::string, int> window;
    std::size_t head = 0;
    for (std::size_t tail = 0; tail < events.size(); ++tail) {
        ++window[events[tail].second];
        while (events[tail].first - events[head].first >= 3600000) {
            if (--window[events[head].second] == 0) window.erase(events[head].second);
            ++head;
        }
        best = std::max(best, window.size());
    }
    return best;
}

std::set<std::string> catalogueNames() {
    std::set<std::string> names;
    for (const auto& s : BenignCatalogue::sites()) {
        names.insert(sample_check::normalise(s.primary));
        for (auto r : s.related)
            if (!r.empty()) names.insert(sample_check::normalise(r));
    }
    for (const auto& b : BenignCatalogue::background())
        names.insert(sample_check::normalise(b.name));
    return names;
}

}  // namespace

class TestTrafficGenerator : public QObject {
    Q_OBJECT

    Generated m_default;
    std::vector<sample_check::ParsedLine> m_lines;

private Q_SLOTS:
    void initTestCase() {
        m_default = generate(SampleSpec{});
        std::string error;
        m_lines = parseAll(m_default.text, error);
        QVERIFY2(error.empty(), error.c_str());
    }

    void sameSeedGivesIdenticalBytes() {
        const Generated again = generate(SampleSpec{});
        QCOMPARE(sha256(again.text), sha256(m_default.text));
        QCOMPARE(again.text.size(), m_default.text.size());
    }

    void differentSeedGivesDifferentLog() {
        SampleSpec spec;
        spec.seed = 7;
        const Generated other = generate(spec);
        QVERIFY(sha256(other.text) != sha256(m_default.text));
        std::set<std::string> a, b;
        for (const auto& i : m_default.truth.infected) a.insert(i.client);
        for (const auto& i : other.truth.infected) b.insert(i.client);
        QVERIFY(a != b);
    }

    void everyLineIsWellFormedAndSorted() {
        QCOMPARE(m_lines.size(), static_cast<std::size_t>(m_default.truth.lines));
        QVERIFY2(m_lines.size() >= 30000 && m_lines.size() <= 60000,
                 std::to_string(m_lines.size()).c_str());
        const SampleSpec spec;
        const std::int64_t end = spec.startMs + static_cast<std::int64_t>(spec.hours * 3600000);
        std::int64_t previous = spec.startMs;
        for (const auto& l : m_lines) {
            QVERIFY(l.ms >= previous);
            previous = l.ms;
        }
        QVERIFY(m_lines.front().ms >= spec.startMs);
        QVERIFY(m_lines.back().ms < end);
        QCOMPARE(m_lines.front().ms, m_default.truth.firstMs);
        QCOMPARE(m_lines.back().ms, m_default.truth.lastMs);
        // Spans most of the run, not a burst at its start.
        QVERIFY(m_lines.back().ms - m_lines.front().ms > 3 * 3600000);
    }

    void resolverStyleAndTypeMix() {
        std::map<std::string, std::size_t> types, statuses;
        std::size_t trailingDot = 0, upper = 0;
        for (const auto& l : m_lines) {
            ++types[l.type];
            ++statuses[l.status];
            if (l.name.back() == '.') ++trailingDot;
            if (std::any_of(l.name.begin(), l.name.end(),
                            [](char c) { return c >= 'A' && c <= 'Z'; }))
                ++upper;
        }
        QVERIFY(trailingDot > 100 && trailingDot < m_lines.size() / 10);
        QVERIFY(upper > 50 && upper < m_lines.size() / 10);
        QVERIFY(types["A"] > m_lines.size() / 2);
        QVERIFY(types["AAAA"] > m_lines.size() / 10);
        for (const char* t : {"HTTPS", "TXT", "MX", "PTR", "SRV"}) QVERIFY2(types[t] > 10, t);
        QVERIFY(statuses["SERVFAIL"] > 0 && statuses["SERVFAIL"] < m_lines.size() / 100);
        QVERIFY(statuses["NXDOMAIN"] > 100);
    }

    void truthIsDisjointAndCoversTheLog() {
        const SampleTruth& t = m_default.truth;
        QCOMPARE(t.infected.size(), std::size_t{4});
        QCOMPARE(t.clean.size(), std::size_t{20});
        std::set<std::string> infected, clean, families;
        for (const auto& i : t.infected) {
            infected.insert(i.client);
            families.insert(i.family);
            QVERIFY(i.dgaLookups > 0);
        }
        clean.insert(t.clean.begin(), t.clean.end());
        QCOMPARE(infected.size(), t.infected.size());
        QCOMPARE(clean.size(), t.clean.size());
        for (const auto& c : infected) QVERIFY2(!clean.count(c), c.c_str());
        QCOMPARE(families, (std::set<std::string>{"ramnit", "banjori", "tinba", "suppobox"}));
        std::set<std::string> inLog;
        bool ipv6 = false;
        for (const auto& l : m_lines) {
            inLog.insert(l.client);
            ipv6 |= l.client.find(':') != std::string::npos;
        }
        QVERIFY(ipv6);
        for (const auto& c : inLog) QVERIFY2(infected.count(c) + clean.count(c) == 1, c.c_str());
        QCOMPARE(inLog.size(), infected.size() + clean.size());
    }

    void infectedClientsStandOutCleanOnesDoNot() {
        std::set<std::string> benignNx;
        for (const auto& n : BenignCatalogue::nxNames())
            benignNx.insert(sample_check::normalise(n.name));
        const std::set<std::string> catalogue = catalogueNames();
        std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>> nxByClient;
        std::map<std::string, std::size_t> noErrorByClient;
        std::map<std::string, std::set<std::string>> unknownResolvedByClient;
        for (const auto& l : m_lines) {
            const std::string name = sample_check::normalise(l.name);
            if (l.status == "NXDOMAIN") nxByClient[l.client].emplace_back(l.ms, name);
            if (l.status == "NOERROR") {
                ++noErrorByClient[l.client];
                if (!catalogue.count(name)) unknownResolvedByClient[l.client].insert(name);
            }
        }
        std::size_t c2Resolutions = 0;
        for (const auto& i : m_default.truth.infected) {
            const auto& nx = nxByClient[i.client];
            std::set<std::string> dgaNames;
            for (const auto& [ms, name] : nx)
                if (!benignNx.count(name)) dgaNames.insert(name);
            QVERIFY2(dgaNames.size() >= 40, i.family.c_str());
            QVERIFY2(maxDistinctPerHour(nx) >= 20, i.family.c_str());
            QVERIFY2(noErrorByClient[i.client] > 500, "infected clients browse too");
            c2Resolutions += unknownResolvedByClient[i.client].size();
            for (const auto& name : unknownResolvedByClient[i.client])
                QVERIFY2(!dgaNames.count(name), name.c_str());  // a C2 name resolves each time
        }
        QVERIFY(c2Resolutions >= 1);
        std::size_t cleanWithNx = 0;
        for (const auto& c : m_default.truth.clean) {
            const auto& nx = nxByClient[c];
            cleanWithNx += nx.empty() ? 0 : 1;
            QVERIFY2(maxDistinctPerHour(nx) < 3, c.c_str());
            for (const auto& [ms, name] : nx) QVERIFY2(benignNx.count(name), name.c_str());
            QVERIFY2(unknownResolvedByClient[c].empty(), c.c_str());
            QVERIFY(noErrorByClient[c] > 500);
        }
        QVERIFY(cleanWithNx >= 5);  // healthy clients do see NXDOMAIN now and then
    }

    void specShapesTheScenario() {
        SampleSpec spec;
        spec.cleanClients = 5;
        spec.infectedClients = 6;
        spec.hours = 1.5;
        spec.seed = 99;
        const Generated g = generate(spec);
        QCOMPARE(g.truth.clean.size(), std::size_t{5});
        QCOMPARE(g.truth.infected.size(), std::size_t{6});
        std::string error;
        const auto lines = parseAll(g.text, error);
        QVERIFY2(error.empty(), error.c_str());
        QVERIFY(!lines.empty());
        QVERIFY(lines.back().ms < spec.startMs + 5400000);
        std::map<std::string, int> families;
        for (const auto& i : g.truth.infected) ++families[i.family];
        QCOMPARE(families.size(), std::size_t{4});

        spec.cleanClients = 0;
        spec.infectedClients = 0;
        const Generated empty = generate(spec);
        QVERIFY(empty.text.empty());
        QCOMPARE(empty.truth.lines, std::uint64_t{0});
    }

    void truthJsonListsClientsAndFamilies() {
        const std::string json = truthToJson(m_default.truth);
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json));
        QVERIFY(doc.isObject());
        const QJsonArray infected = doc.object().value(QStringLiteral("infected")).toArray();
        const QJsonArray clean = doc.object().value(QStringLiteral("clean")).toArray();
        QCOMPARE(infected.size(), 4);
        QCOMPARE(clean.size(), 20);
        for (qsizetype i = 0; i < infected.size(); ++i) {
            const QJsonObject o = infected[i].toObject();
            QCOMPARE(o.value(QStringLiteral("client")).toString().toStdString(),
                     m_default.truth.infected[static_cast<std::size_t>(i)].client);
            QCOMPARE(o.value(QStringLiteral("family")).toString().toStdString(),
                     m_default.truth.infected[static_cast<std::size_t>(i)].family);
        }
        QCOMPARE(doc.object().value(QStringLiteral("lines")).toInteger(),
                 static_cast<qint64>(m_lines.size()));
    }
};

QTEST_APPLESS_MAIN(TestTrafficGenerator)
#include "test_traffic_generator.moc"
