#include <QtTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "artifact_dir.h"
#include "core/features/public_suffix.h"
#include "core/model/benign_cleaning.h"
#include "core/model/benign_suspects.h"
#include "core/model/dga_trainer.h"
#include "core/model/model_paths.h"
#include "core/model/training_data.h"

using namespace dnshound::core::model;
using dnshound::core::features::PublicSuffix;
namespace fs = std::filesystem;

namespace {

std::string randomLabel(std::mt19937& rng, std::size_t len) {
    std::string s;
    for (std::size_t j = 0; j < len; ++j) s.push_back(static_cast<char>('a' + rng() % 26));
    return s;
}

// Benign: word pairs (some under two suffixes, same label); DGA: random letters; `planted`
// random-letter names mislabelled benign (the noise the cleaning is for), all valid names.
struct Tiny {
    std::vector<LabelledName> rows;
    std::set<std::string> planted;
};

Tiny tinyDataset(std::size_t perClass, std::size_t planted, unsigned seed) {
    const char* words[] = {"green", "house", "cloud", "media", "shop",  "news",   "world",
                           "smart", "home",  "book",  "music", "sport", "travel", "photo",
                           "city",  "food",  "game",  "tech",  "daily", "star"};
    std::mt19937 rng(seed);
    Tiny t;
    std::set<std::string> seen;
    while (t.rows.size() < perClass) {
        const std::string label = std::string(words[rng() % 20]) + words[rng() % 20] +
                                  words[rng() % 20] + std::to_string(rng() % 10);
        if (!seen.insert(label).second) continue;
        t.rows.push_back({label + ".com", "legit", false});
        if (rng() % 5 == 0) t.rows.push_back({label + ".net", "legit", false});
    }
    for (std::size_t i = 0; i < planted; ++i) {
        const std::string name = randomLabel(rng, 14 + rng() % 6) + ".info";
        t.planted.insert(name);
        t.rows.push_back({name, "legit", false});
    }
    for (std::size_t i = 0; i < perClass; ++i)
        t.rows.push_back({randomLabel(rng, 12 + rng() % 9) + (i % 2 ? ".info" : ".com"),
                          i % 3 ? "randa" : "randb", true});
    return t;
}

std::string labelOf(const std::string& name) {
    return std::string(PublicSuffix::split(name).secondLevelLabel);
}

}  // namespace

class TestBenignCleaning : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void foldsHoldEachBenignNameOutExactlyOnce() {
        const Tiny t = tinyDataset(400, 10, 3);
        const int k = 4;
        const std::vector<CleaningFold> folds = cleaningFolds(t.rows, k);
        QCOMPARE(folds.size(), std::size_t{4});
        std::map<std::size_t, int> heldOutCount;
        for (const CleaningFold& f : folds) {
            QVERIFY(!f.heldOut.empty());
            const std::set<std::size_t> train(f.train.begin(), f.train.end());
            std::set<std::string> trainLabels;
            for (std::size_t i : f.train) {
                // DGA rows of the training split only; never a validation or test DGA row.
                if (t.rows[i].dga) QVERIFY(splitOf(t.rows[i].name) == Split::Train);
                trainLabels.insert(labelOf(t.rows[i].name));
            }
            for (std::size_t i : f.heldOut) {
                QVERIFY(!t.rows[i].dga);
                QVERIFY(!train.contains(i));
                // The same label under another suffix is held out with it.
                QVERIFY2(!trainLabels.contains(labelOf(t.rows[i].name)), t.rows[i].name.c_str());
                ++heldOutCount[i];
            }
        }
        for (std::size_t i = 0; i < t.rows.size(); ++i)
            QCOMPARE(heldOutCount[i], t.rows[i].dga ? 0 : 1);
        // The fold is a function of the name's second-level label.
        QCOMPARE(cleaningFold("greenhouse.com", k), cleaningFold("greenhouse.co.uk", k));
    }

    void noNameIsScoredByAModelThatSawIt() {
        const Tiny t = tinyDataset(600, 24, 5);
        CleaningOptions o;
        o.folds = 4;
        o.rounds = 20;
        o.maxDepth = 3;
        o.threads = 1;
        o.threshold = 0.9;
        CleaningTrace trace;
        const CleaningResult r = findBenignSuspects(
            t.rows, o, [](std::string_view) {}, &trace);
        QCOMPARE(trace.trainedOn.size(), std::size_t{4});
        std::map<std::string, int> timesScored;
        for (std::size_t k = 0; k < 4; ++k) {
            std::set<std::string> sawNames, sawLabels;
            for (const std::string& n : trace.trainedOn[k]) {
                sawNames.insert(n);
                sawLabels.insert(labelOf(n));
            }
            for (const std::string& n : trace.scored[k]) {
                QVERIFY2(!sawNames.contains(n), n.c_str());
                QVERIFY2(!sawLabels.contains(labelOf(n)), n.c_str());  // n-gram models too
                ++timesScored[n];
            }
        }
        std::size_t benign = 0;
        for (std::size_t i = 0; i < t.rows.size(); ++i) {
            if (t.rows[i].dga) {
                QVERIFY(std::isnan(r.scores[i]));
                continue;
            }
            ++benign;
            QCOMPARE(timesScored[t.rows[i].name], 1);
            QVERIFY(r.scores[i] >= 0 && r.scores[i] <= 1);
        }
        QCOMPARE(timesScored.size(), benign);

        // The planted random names are what it finds: they rank at the top of the benign names'
        // out-of-fold scores, and the suspects are nearly all planted.
        std::vector<std::size_t> byScore;
        for (std::size_t i = 0; i < t.rows.size(); ++i)
            if (!t.rows[i].dga) byScore.push_back(i);
        std::sort(byScore.begin(), byScore.end(),
                  [&](std::size_t a, std::size_t b) { return r.scores[a] > r.scores[b]; });
        std::size_t plantedOnTop = 0;
        for (std::size_t j = 0; j < t.planted.size(); ++j)
            plantedOnTop += t.planted.contains(t.rows[byScore[j]].name);
        QVERIFY2(plantedOnTop * 4 >= t.planted.size() * 3, "planted names rank on top");
        std::size_t plantedFound = 0;
        for (std::size_t i : r.suspects) {
            QVERIFY(!t.rows[i].dga);
            QVERIFY(r.scores[i] >= o.threshold);
            plantedFound += t.planted.contains(t.rows[i].name);
        }
        QVERIFY(plantedFound > 0);
        QVERIFY2(r.suspects.size() - plantedFound <= 3, "few word-pair names suspected");
        for (std::size_t j = 1; j < r.suspects.size(); ++j)
            QVERIFY(r.scores[r.suspects[j - 1]] >= r.scores[r.suspects[j]]);

        // Seeded: the same input gives the same scores.
        const CleaningResult again = findBenignSuspects(t.rows, o, [](std::string_view) {});
        QCOMPARE(again.suspects, r.suspects);
        for (std::size_t i = 0; i < t.rows.size(); ++i)
            if (!t.rows[i].dga) QCOMPARE(again.scores[i], r.scores[i]);
    }

    void suspectsFileRoundTrips() {
        const fs::path dir = freshArtifactDir("benign_suspects");
        BenignSuspects s;
        s.add("harriettawitherspoon.net");
        s.add("eqbqcguiwcymao.info");
        const std::string path = (dir / "m.suspects.txt").string();
        s.save(path, "first line\nsecond line");
        const BenignSuspects back = BenignSuspects::load(path);
        QCOMPARE(back.size(), std::size_t{2});
        QVERIFY(back.contains("harriettawitherspoon.net"));
        QVERIFY(back.contains("eqbqcguiwcymao.info"));
        QVERIFY(!back.contains("example.com"));
        std::ifstream in(path);
        std::string text((std::istreambuf_iterator<char>(in)), {});
        QVERIFY(text.find("harriettawitherspoon") == std::string::npos);  // hashes only
        QVERIFY(text.starts_with("# first line\n# second line\n"));
        QVERIFY(BenignSuspects::besideModel((dir / "m.json").string()).has_value());
        QVERIFY(!BenignSuspects::besideModel((dir / "other.json").string()).has_value());
        std::ofstream((dir / "bad.suspects.txt").string()) << "not-a-hash\n";
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 BenignSuspects::load((dir / "bad.suspects.txt").string()));
    }

    void trainerDropsSuspectsAndReportsBothTestSplits() {
        const fs::path dir = freshArtifactDir("trainer_cleaning");
        const Tiny t = tinyDataset(1500, 60, 9);
        {
            std::ofstream csv(dir / "data.csv");
            csv << "domain,label,family\n";
            for (const LabelledName& r : t.rows)
                csv << r.name << ',' << (r.dga ? "dga" : "benign") << ',' << r.family << '\n';
        }
        TrainOptions o;
        o.datasetFiles = {(dir / "data.csv").string()};
        o.rounds = 20;
        o.maxDepth = 4;
        o.threads = 1;
        o.targetFpr = 0.01;
        o.cleanBenignFolds = 4;
        o.cleanBenignRounds = 20;
        o.cleanBenignDepth = 3;
        o.cleanBenignThreshold = 0.9;
        o.outPath = (dir / "out" / "m.json").string();
        const TrainSummary r = DgaTrainer(o).run([](std::string_view) {});
        QVERIFY(r.benignSuspects > 0);
        const std::string suspectsPath = suspectsPathFor(o.outPath);
        const BenignSuspects s = BenignSuspects::load(suspectsPath);
        QCOMPARE(s.size(), r.benignSuspects);
        std::ifstream rep(r.reportPath);
        const std::string report((std::istreambuf_iterator<char>(rep)), {});
        QVERIFY(report.find("| measure | raw test split | without the ") != std::string::npos);
        QVERIFY(report.find("## Benign-list cleaning") != std::string::npos);
        std::ifstream man(r.manifestPath);
        const std::string manifest((std::istreambuf_iterator<char>(man)), {});
        QVERIFY(manifest.find("\"metrics_without_benign_suspects\"") != std::string::npos);
        // Suspects left the training split: fewer training rows than without cleaning.
        TrainOptions plain = o;
        plain.cleanBenignFolds = 0;
        const TrainSummary p = DgaTrainer(plain).run([](std::string_view) {});
        QVERIFY(p.trainRows > r.trainRows);
        QVERIFY(p.testRows == r.testRows);  // test keeps them (marked)
        QVERIFY2(!fs::exists(suspectsPath), "training without cleaning removes a stale list");
    }
};

QTEST_APPLESS_MAIN(TestBenignCleaning)
#include "test_benign_cleaning.moc"
