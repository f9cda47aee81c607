#include <QtTest>

#include <cmath>
#include <string>
#include <vector>

#include "core/model/family_attribution.h"

using namespace dnshound::core::model;

class TestFamilyAttribution : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void countsRightGuessesOverallAndAmongDetected() {
        const std::vector<std::string> truth = {"conficker", "conficker", "conficker", "conficker",
                                                "suppobox",  "suppobox",  "suppobox"};
        const std::vector<std::string> guesses = {"conficker", "locky",    "locky", "conficker",
                                                  "suppobox",  "suppobox", "nymaim"};
        const std::vector<float> margins = {4.0f, 0.5f, 0.2f, 7.0f, 12.0f, 12.5f, 1.5f};
        const std::vector<float> scores = {0.99f, 0.99f, 0.10f, 0.20f, 0.95f, 0.99f, 0.99f};
        const AttributionEvaluation a = evaluateAttribution(truth, guesses, margins, scores, 0.9);
        QCOMPARE(a.names, std::size_t(7));
        QCOMPARE(a.right, std::size_t(4));
        QCOMPARE(a.detected, std::size_t(5));
        QCOMPARE(a.detectedRight, std::size_t(3));
        QCOMPARE(a.families.size(), std::size_t(2));
        const FamilyAttribution& c = a.families[0];  // by name: conficker first
        QCOMPARE(c.family, std::string("conficker"));
        QCOMPARE(c.names, std::size_t(4));
        QCOMPARE(c.right, std::size_t(2));
        QCOMPARE(c.detected, std::size_t(2));
        QCOMPARE(c.detectedRight, std::size_t(1));
        QCOMPARE(c.commonestMistake, std::string("locky"));
        QCOMPARE(c.commonestMistakeCount, std::size_t(2));
        QCOMPARE(c.accuracy(), 0.5);
        const FamilyAttribution& s = a.families[1];
        QCOMPARE(s.detectedAccuracy(), 2.0 / 3.0);
        QCOMPARE(s.commonestMistake, std::string("nymaim"));
        // Macro over families with detected names: (1/2 + 2/3) / 2.
        QCOMPARE(a.macroDetectedAccuracy(), (0.5 + 2.0 / 3.0) / 2.0);
        QCOMPARE(a.detectedAccuracy(), 3.0 / 5.0);
        // Margin bands over the five names called DGA: [0,1) one wrong, [1,2) one wrong,
        // [3,5) one right, [10,inf) two right; names below the threshold are not counted.
        QCOMPARE(a.margins.size(), std::size_t(6));
        QCOMPARE(a.margins[0].detected, std::size_t(1));
        QCOMPARE(a.margins[0].detectedRight, std::size_t(0));
        QCOMPARE(a.margins[1].detected, std::size_t(1));
        QCOMPARE(a.margins[2].detected, std::size_t(0));
        QCOMPARE(a.margins[3].detectedRight, std::size_t(1));
        QCOMPARE(a.margins[4].detected, std::size_t(0));
        QCOMPARE(a.margins[5].detected, std::size_t(2));
        QCOMPARE(a.margins[5].detectedRight, std::size_t(2));
        QVERIFY(std::isinf(a.margins[5].highNats));
    }

    void emptyInputHasNoFamiliesAndZeroRates() {
        const AttributionEvaluation a = evaluateAttribution({}, {}, {}, {}, 0.5);
        QVERIFY(a.families.empty());
        QCOMPARE(a.accuracy(), 0.0);
        QCOMPARE(a.macroDetectedAccuracy(), 0.0);
    }

    void reportsNameEveryFamily() {
        const std::vector<std::string> truth = {"pykspa", "rovnix"};
        const std::vector<std::string> guesses = {"pykspa", ""};
        const std::vector<float> margins = {2.5f, 0.0f};
        const std::vector<float> scores = {1.0f, 1.0f};
        const AttributionEvaluation a = evaluateAttribution(truth, guesses, margins, scores, 0.5);
        const std::string md = attributionMarkdown(a);
        QVERIFY(md.find("| pykspa | 1 | 1.0000 | 1 | 1.0000 |") != std::string::npos);
        QVERIFY(md.find("| rovnix | 1 | 0.0000 | 1 | 0.0000 | (none) (1) |") != std::string::npos);
        QVERIFY(md.find("| 2 to 3 | 1 | 1.0000 |") != std::string::npos);
        QVERIFY(md.find("| 10 to more | 0 | 0.0000 |") != std::string::npos);
        const std::string json = attributionJson(a);
        QVERIFY(json.find("\"accuracy_called_dga\":0.5") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestFamilyAttribution)
#include "test_family_attribution.moc"
