#include <QtTest/QtTest>

#include <QCryptographicHash>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/sample/bench_log_writer.h"
#include "core/sample/sample_log_check.h"

using namespace dnshound::core::sample;

namespace {

std::string artifact(const std::string& name) {
    return std::string(DNSHOUND_TEST_ARTIFACTS) + "/sample_bench_" + name;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::size_t countLines(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

class TestBenchLogWriter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writesExactlyNLines_data() {
        QTest::addColumn<qulonglong>("lines");
        for (qulonglong n : {0ull, 1ull, 999ull, 12345ull})
            QTest::newRow(std::to_string(n).c_str()) << n;
    }
    void writesExactlyNLines() {
        QFETCH(qulonglong, lines);
        const std::string path = artifact("count.log");
        const SampleTruth truth = writeBenchLog(path, lines, 1);
        const std::string text = readFile(path);
        QCOMPARE(countLines(text), static_cast<std::size_t>(lines));
        QCOMPARE(truth.lines, static_cast<std::uint64_t>(lines));
        QVERIFY(text.empty() || text.back() == '\n');
    }

    void realisticMixAndWellFormed() {
        const std::string path = artifact("mix.log");
        const std::uint64_t n = 60000;
        const SampleTruth truth = writeBenchLog(path, n, 20261127);
        const std::string text = readFile(path);
        std::istringstream in(text);
        std::string raw;
        std::int64_t previous = 0;
        std::size_t nx = 0, count = 0;
        std::map<std::string, std::size_t> nameCounts;
        std::map<std::string, std::size_t> types;
        std::set<std::string> clients, subnets;
        std::map<std::string, std::set<std::string>> nxNamesByClient;
        while (std::getline(in, raw)) {
            std::string why;
            const auto l = sample_check::parseLine(raw, why);
            QVERIFY2(l.has_value(), (why + ": " + raw).c_str());
            QVERIFY(l->ms >= previous);
            previous = l->ms;
            ++count;
            const std::string name = sample_check::normalise(l->name);
            ++nameCounts[name];
            ++types[l->type];
            clients.insert(l->client);
            if (l->client.find(':') == std::string::npos)
                subnets.insert(l->client.substr(0, l->client.rfind('.')));
            if (l->status == "NXDOMAIN") {
                ++nx;
                nxNamesByClient[l->client].insert(name);
            }
        }
        QCOMPARE(count, static_cast<std::size_t>(n));
        const double nxShare = static_cast<double>(nx) / static_cast<double>(n);
        QVERIFY2(nxShare > 0.03 && nxShare < 0.12, std::to_string(nxShare).c_str());
        // Heavy repetition at the head, a long tail of names seen once.
        std::vector<std::size_t> counts;
        std::size_t seenOnce = 0;
        for (const auto& [name, c] : nameCounts) {
            counts.push_back(c);
            seenOnce += c == 1 ? 1 : 0;
        }
        std::sort(counts.rbegin(), counts.rend());
        std::size_t top100 = 0;
        for (std::size_t i = 0; i < 100 && i < counts.size(); ++i) top100 += counts[i];
        QVERIFY(top100 > n / 4);
        QVERIFY(seenOnce > 1000);
        QVERIFY(types["A"] > n / 2 && types["AAAA"] > n / 10 && types["HTTPS"] > 0);
        QVERIFY(clients.size() >= 24);
        QVERIFY(subnets.size() >= 3);
        // Truth covers every client; infected ones show many distinct NXDOMAIN names.
        std::set<std::string> infected, clean(truth.clean.begin(), truth.clean.end());
        for (const auto& i : truth.infected) infected.insert(i.client);
        QVERIFY(!infected.empty());
        for (const auto& c : clients) QVERIFY2(infected.count(c) + clean.count(c) == 1, c.c_str());
        for (const auto& i : truth.infected)
            if (i.dgaLookups >= 30)
                QVERIFY2(nxNamesByClient[i.client].size() >= 20, i.client.c_str());
    }

    void manyClientsAcrossManySubnetsWhenLarge() {
        const std::string path = artifact("large.log");
        const SampleTruth truth = writeBenchLog(path, 400000, 3);
        QCOMPARE(truth.clean.size() + truth.infected.size(), std::size_t{400});
        QVERIFY(truth.infected.size() >= 2);
        std::set<std::string> subnets;
        for (const auto& c : truth.clean)
            subnets.insert(c.find(':') == std::string::npos ? c.substr(0, c.rfind('.'))
                                                            : c.substr(0, c.find(':', 13)));
        QVERIFY(subnets.size() >= 20);
    }

    void deterministicPerSeed() {
        writeBenchLog(artifact("a.log"), 20000, 5);
        writeBenchLog(artifact("b.log"), 20000, 5);
        writeBenchLog(artifact("c.log"), 20000, 6);
        const auto hash = [](const std::string& path) {
            const std::string t = readFile(path);
            return QCryptographicHash::hash(
                QByteArrayView(t.data(), static_cast<qsizetype>(t.size())),
                QCryptographicHash::Sha256);
        };
        QCOMPARE(hash(artifact("a.log")), hash(artifact("b.log")));
        QVERIFY(hash(artifact("a.log")) != hash(artifact("c.log")));
    }

    void unwritablePathThrows() {
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 writeBenchLog(artifact("no/such/dir/x.log"), 10, 1));
    }
};

QTEST_APPLESS_MAIN(TestBenchLogWriter)
#include "test_bench_log_writer.moc"
