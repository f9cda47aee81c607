#include <QtTest/QtTest>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/sample/dga_algorithms.h"
#include "core/sample/sample_log_check.h"

using namespace dnshound::core::sample;

namespace {

constexpr CivilDate kDay{2026, 11, 27};

std::string tldOf(const std::string& name) {
    return name.substr(name.rfind('.'));
}
std::string firstLabel(const std::string& name) {
    return name.substr(0, name.find('.'));
}

std::size_t overlap(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    const std::set<std::string> sa(a.begin(), a.end());
    return static_cast<std::size_t>(
        std::count_if(b.begin(), b.end(), [&sa](const std::string& s) { return sa.count(s) > 0; }));
}

}  // namespace

class TestDgaAlgorithms : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void familyNamesRoundTrip() {
        std::set<std::string_view> names;
        for (DgaFamily f : kDgaFamilies) {
            names.insert(dgaFamilyName(f));
            QCOMPARE(dgaFamilyFromName(dgaFamilyName(f)), std::optional<DgaFamily>(f));
        }
        QCOMPARE(names.size(), kDgaFamilies.size());
        QVERIFY(!dgaFamilyFromName("conficker").has_value());
    }

    void documentedCountOfDistinctValidNames_data() {
        QTest::addColumn<int>("family");
        QTest::addColumn<int>("count");
        for (DgaFamily f : kDgaFamilies) {
            for (int count : {0, 1, 50, 3000}) {
                const std::string row = std::string(dgaFamilyName(f)) + "/" + std::to_string(count);
                QTest::newRow(row.c_str()) << static_cast<int>(f) << count;
            }
        }
    }
    void documentedCountOfDistinctValidNames() {
        QFETCH(int, family);
        QFETCH(int, count);
        const auto names = generateDgaDomains(static_cast<DgaFamily>(family), 42, kDay,
                                              static_cast<std::size_t>(count));
        QCOMPARE(names.size(), static_cast<std::size_t>(count));
        const std::set<std::string> distinct(names.begin(), names.end());
        QCOMPARE(distinct.size(), names.size());
        static const std::set<std::string> kRealisticTlds{".com", ".net", ".org", ".info",
                                                          ".biz", ".ru",  ".in"};
        for (const auto& n : names) {
            QVERIFY2(sample_check::validGeneratedName(n), n.c_str());
            QVERIFY2(kRealisticTlds.count(tldOf(n)) == 1, n.c_str());
        }
    }

    void suppoboxDailyListIsCapped() {
        QCOMPARE(generateDgaDomains(DgaFamily::Suppobox, 7, kDay, kSuppoboxMaxDomains).size(),
                 kSuppoboxMaxDomains);
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument,
            generateDgaDomains(DgaFamily::Suppobox, 7, kDay, kSuppoboxMaxDomains + 1));
    }

    void deterministic() {
        for (DgaFamily f : kDgaFamilies)
            QCOMPARE(generateDgaDomains(f, 99, kDay, 500), generateDgaDomains(f, 99, kDay, 500));
    }

    // Pinned outputs: integer-only algorithms must give these names on every platform.
    void knownFirstNames() {
        const std::vector<std::pair<DgaFamily, std::vector<std::string>>> expected{
            {DgaFamily::Ramnit, {"jwaoixguxkdejgq.com", "mjpporkn.com"}},
            {DgaFamily::Banjori,
             {"hfwpowmarketsofttoothbrushing.com", "pldpowmarketsofttoothbrushing.com"}},
            {DgaFamily::Tinba, {"bofhudmafjgs.com", "vgxklhcyxcpc.net"}},
            {DgaFamily::Suppobox, {"branchmother.net", "duringmoment.net"}},
        };
        for (const auto& [family, names] : expected)
            QCOMPARE(generateDgaDomains(family, 20261127, kDay, 2), names);
    }

    void prefixIsStable() {
        // Asking for more names extends the list; it does not reshuffle it.
        for (DgaFamily f : kDgaFamilies) {
            const auto shortList = generateDgaDomains(f, 5, kDay, 100);
            const auto longList = generateDgaDomains(f, 5, kDay, 400);
            QVERIFY(std::equal(shortList.begin(), shortList.end(), longList.begin()));
        }
    }

    void seedAndDateChangeTheList() {
        const CivilDate nextDay{2026, 11, 28};
        for (DgaFamily f : kDgaFamilies) {
            const auto base = generateDgaDomains(f, 1, kDay, 300);
            const auto otherSeed = generateDgaDomains(f, 2, kDay, 300);
            const auto otherDay = generateDgaDomains(f, 1, nextDay, 300);
            QVERIFY(base != otherSeed);
            QVERIFY(base != otherDay);
            if (f != DgaFamily::Banjori) {
                // Banjori walks one orbit from a shifted start, so its lists may overlap.
                QVERIFY(overlap(base, otherSeed) < 10);
                QVERIFY(overlap(base, otherDay) < 10);
            }
        }
    }

    void familyShapes() {
        for (const auto& n : generateDgaDomains(DgaFamily::Ramnit, 3, kDay, 1000)) {
            const auto label = firstLabel(n);
            QVERIFY2(label.size() >= 8 && label.size() <= 19 && tldOf(n) == ".com", n.c_str());
        }
        for (const auto& n : generateDgaDomains(DgaFamily::Tinba, 3, kDay, 1000))
            QVERIFY2(firstLabel(n).size() == 12, n.c_str());
        // Banjori keeps the base domain's tail: every name shares a long common suffix.
        const auto banjori = generateDgaDomains(DgaFamily::Banjori, 3, kDay, 1000);
        std::set<std::string> tails;
        for (const auto& n : banjori) tails.insert(n.substr(8));
        QVERIFY2(tails.size() <= 3, "banjori tails vary too much");
        QVERIFY(firstLabel(banjori.front()).size() >= 20);
        // Word pairs: letters only, and far fewer distinct first halves than names.
        const auto words = generateDgaDomains(DgaFamily::Suppobox, 3, kDay, 2000);
        std::set<std::string> tlds;
        for (const auto& n : words) {
            const auto label = firstLabel(n);
            QVERIFY2(label.size() >= 8 &&
                         label.find_first_not_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos,
                     n.c_str());
            tlds.insert(tldOf(n));
        }
        QVERIFY(tlds.size() >= 2);
        const auto tinbaTlds = generateDgaDomains(DgaFamily::Tinba, 3, kDay, 10);
        QVERIFY(std::set<std::string>({tldOf(tinbaTlds[0]), tldOf(tinbaTlds[1])}).size() == 2);
    }
};

QTEST_APPLESS_MAIN(TestDgaAlgorithms)
#include "test_dga_algorithms.moc"
