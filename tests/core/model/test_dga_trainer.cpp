#include <QtTest>

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include "artifact_dir.h"
#include "core/features/char_ngram_model.h"
#include "core/features/domain_features.h"
#include "core/model/dga_model.h"
#include "core/model/dga_trainer.h"
#include "core/model/synthetic_families.h"
#include "core/model/training_data.h"

using namespace dnshound::core::model;
using dnshound::core::features::DomainFeatures;
namespace fs = std::filesystem;

namespace {

void writeText(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

void writeGzip(const fs::path& path, const std::string& text) {
    gzFile f = gzopen(path.string().c_str(), "wb");
    QVERIFY(f != nullptr);
    gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
    gzclose(f);
}

// Benign: two words and a common TLD; DGA: 12-20 random letters and digits.
std::string syntheticDataset(std::size_t perClass, unsigned seed) {
    const char* words[] = {"green", "house", "cloud", "media", "shop",  "news",   "world",
                           "smart", "home",  "book",  "music", "sport", "travel", "photo",
                           "city",  "food",  "game",  "tech",  "daily", "star"};
    const char* tlds[] = {".com", ".net", ".org", ".de", ".co.uk"};
    std::mt19937 rng(seed);
    std::string csv = "domain,label,family\n";
    for (std::size_t i = 0; i < perClass; ++i) {
        csv += std::string(words[rng() % 20]) + words[rng() % 20] + std::to_string(i % 7) +
               tlds[rng() % 5] + ",benign,legit\n";
        std::string dga;
        const std::size_t len = 12 + rng() % 9;
        for (std::size_t j = 0; j < len; ++j) {
            const unsigned c = rng() % 36;
            dga.push_back(static_cast<char>(c < 26 ? 'a' + c : '0' + c - 26));
        }
        csv += dga + (i % 2 ? ".info" : ".com") + ",dga," + (i % 3 ? "randa" : "randb") + "\n";
    }
    return csv;
}

// Options of a quick training run on `data`: shallow trees, one thread, FPR 1e-2.
TrainOptions quickOptions(const fs::path& data, const fs::path& out, int rounds) {
    TrainOptions o;
    o.datasetFiles = {data.string()};
    o.rounds = rounds;
    o.maxDepth = 4;
    o.threads = 1;
    o.targetFpr = 0.01;
    o.outPath = out.string();
    return o;
}

}  // namespace

class TestDgaTrainer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsFeedAndPlainFormats() {
        const fs::path dir = freshArtifactDir("trainer_read");
        writeGzip(dir / "fam.csv.gz",
                  ",domain,family,subfamily,label\n1,AbcDef.COM.,fam,fam_v1,dga\n"
                  "2,2021-08-23,fam,fam,dga\n3,xyz.net,fam,fam,dga\n");
        writeText(dir / "plain.csv", "domain,label\nexample.com,benign\nfoo.org,0\nbar.net,1\n");
        std::vector<LabelledName> rows;
        DatasetSummary summary;
        readLabelledCsv((dir / "fam.csv.gz").string(), rows, summary);
        readLabelledCsv((dir / "plain.csv").string(), rows, summary);
        QCOMPARE(summary.rowsRead, std::size_t{6});
        QCOMPARE(summary.invalidNames, std::size_t{1});  // the date
        QCOMPARE(rows.size(), std::size_t{5});
        QCOMPARE(rows[0].name, std::string("abcdef.com"));
        QCOMPARE(rows[0].family, std::string("fam"));
        QVERIFY(rows[0].dga);
        QVERIFY(!rows[2].dga);
        QCOMPARE(rows[2].family, std::string("benign"));
        QVERIFY(rows[4].dga);

        writeText(dir / "badlabel.csv", "domain,label\nexample.com,maybe\n");
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 readLabelledCsv((dir / "badlabel.csv").string(), rows, summary));
        writeText(dir / "nolabel.csv", "domain,kind\nexample.com,x\n");
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 readLabelledCsv((dir / "nolabel.csv").string(), rows, summary));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 readLabelledCsv((dir / "missing.csv").string(), rows, summary));
        QCOMPARE(dgaFeedFiles(dir.string()).size(), std::size_t{1});
    }

    void assemblesDeterministically() {
        std::vector<LabelledName> rows = {{"a.com", "legit", false},
                                          {"a.com", "legit", false},
                                          {"both.com", "legit", false},
                                          {"both.com", "f1", true}};
        for (int i = 0; i < 100; ++i)
            rows.push_back({"f1x" + std::to_string(i) + ".com", "f1", true});
        for (int i = 0; i < 10; ++i)
            rows.push_back({"f2x" + std::to_string(i) + ".com", "f2", true});
        DatasetSummary s1, s2, s3;
        const auto a = assembleDataset(rows, 20, 7, s1);
        const auto b = assembleDataset(rows, 20, 7, s2);
        const auto c = assembleDataset(rows, 20, 8, s3);
        QCOMPARE(s1.duplicates, std::size_t{1});
        QCOMPARE(s1.collisions, std::size_t{1});
        QCOMPARE(s1.benign, std::size_t{1});
        QCOMPARE(s1.perFamily["f1"], std::size_t{20});
        QCOMPARE(s1.perFamily["f2"], std::size_t{10});
        QCOMPARE(s1.cappedAway, std::size_t{80});
        QCOMPARE(a.size(), std::size_t{31});
        for (const auto& r : a) QVERIFY(r.name != "both.com");
        auto names = [](const std::vector<LabelledName>& v) {
            std::vector<std::string> n;
            for (const auto& r : v) n.push_back(r.name);
            return n;
        };
        QCOMPARE(names(a), names(b));
        QVERIFY(names(a) != names(c));
    }

    void splitIsStableAndByLabel() {
        QCOMPARE(splitOf("x.co.cc"), splitOf("x.cz.cc"));
        QCOMPARE(splitOf("example.com"), splitOf("www.example.org"));
        std::array<std::size_t, 3> counts{};
        for (int i = 0; i < 20000; ++i)
            ++counts[static_cast<std::size_t>(splitOf("n" + std::to_string(i) + ".com"))];
        QVERIFY(counts[0] > 15000 && counts[0] < 17000);
        QVERIFY(counts[1] > 1600 && counts[1] < 2400);
        QVERIFY(counts[2] > 1600 && counts[2] < 2400);
    }

    void trainingMatrixEqualsServingFeatures() {
        const std::vector<std::string> names = {"www.qxkzvbn.co.uk",  "google.com",
                                                "a1b2c3.info",        "",
                                                "_dmarc.example.com", "fairmount.net"};
        // Serving uses the installed language models; install a pair so that every feature,
        // the n-gram ones included, has a value (NaN would never compare equal).
        auto lm = std::make_shared<dnshound::core::features::LanguageModels>();
        const std::vector<std::string_view> benign = {"google", "example", "weather", "garden"};
        const std::vector<std::string_view> dga = {"qxkzvbn", "zzkqpw", "xjvq"};
        lm->benign = dnshound::core::features::CharNgramModel::train(benign);
        lm->dga = dnshound::core::features::CharNgramModel::train(dga);
        const std::vector<dnshound::core::features::FamilyProfiles::Family> families = {
            {"noise", {dga.begin(), dga.end()}}};
        lm->families = dnshound::core::features::FamilyProfiles::train(benign, families);
        lm->longGrams = dnshound::core::features::LongGramRatio::train(benign, dga);
        // A word-list family: every pair of two made-up lists glued together.
        const std::vector<std::string> first = {"fair", "cold", "blue", "west", "iron", "gold",
                                                "dark", "pine", "lake", "wild", "moon", "star"},
                                       second = {"mount", "field", "brook",  "stone",   "ridge",
                                                 "haven", "crest", "grove",  "marsh",   "gate",
                                                 "wood",  "dale",  "ford",   "wick",    "holm",
                                                 "bury",  "combe", "heath",  "shaw",    "worth",
                                                 "cliff", "moor",  "vale",   "tarn",    "fell",
                                                 "nook",  "knoll", "glen",   "mead",    "weald",
                                                 "burn",  "loch",  "holt",   "hurst",   "thorpe",
                                                 "leigh", "stead", "bourne", "minster", "wharf",
                                                 "quay",  "port",  "haugh"};
        std::vector<std::string> glued;
        for (const auto& a : first)
            for (const auto& b : second) glued.push_back(a + b);
        const std::vector<dnshound::core::features::FamilyProfiles::Family> wordFamilies = {
            {"glued", {glued.begin(), glued.end()}}};
        lm->wordLists = dnshound::core::features::FamilyWordLists::train(wordFamilies);
        QCOMPARE(lm->wordLists.families(), std::vector<std::string>{"glued"});
        dnshound::core::features::LanguageModels::install(lm);
        const auto m = DgaTrainer::featureMatrix(names);
        QCOMPARE(m.size(), names.size() * DomainFeatures::count());
        for (std::size_t i = 0; i < names.size(); ++i) {
            std::vector<float> row(DomainFeatures::count());
            DomainFeatures::extract(names[i], row);
            const std::vector<float> fromMatrix(
                m.begin() + static_cast<std::ptrdiff_t>(i * row.size()),
                m.begin() + static_cast<std::ptrdiff_t>((i + 1) * row.size()));
            QCOMPARE(fromMatrix, row);
            for (float v : row) QVERIFY(!std::isnan(v));
        }
        // The word-list features have values too: "fairmount" is two words of the list.
        const auto& featureNames = DomainFeatures::names();
        const auto words = static_cast<std::size_t>(
            std::find(featureNames.begin(), featureNames.end(), "sld_family_list_words") -
            featureNames.begin());
        QVERIFY(words < featureNames.size());
        QCOMPARE(m[5 * DomainFeatures::count() + words], 2.0f);
        QCOMPARE(m[1 * DomainFeatures::count() + words], 0.0f);  // google.com
    }

    void tinyTrainingRunGivesALoadableModel() {
        const fs::path dir = freshArtifactDir("trainer_tiny");
        writeText(dir / "data.csv", syntheticDataset(3000, 11));
        TrainOptions o = quickOptions(dir / "data.csv", dir / "out" / "tiny.json", 20);
        o.createdBy = "dnshound-cli train --dataset data.csv";
        std::vector<std::string> log;
        const TrainSummary r = DgaTrainer(o).run([&](std::string_view m) { log.emplace_back(m); });
        QVERIFY(!log.empty());
        QVERIFY(fs::is_regular_file(r.modelPath));
        QVERIFY(fs::is_regular_file(r.manifestPath));
        QVERIFY(fs::is_regular_file(r.reportPath));
        QCOMPARE(fs::path(r.manifestPath).filename().string(), std::string("tiny.manifest.json"));
        QVERIFY(r.testAuc > 0.95);  // separable synthetic classes
        QVERIFY(r.trainRows > r.testRows);

        const auto model = DgaModel::load(r.modelPath);
        QCOMPARE(model->manifest().createdBy, o.createdBy);
        QCOMPARE(model->threshold(), r.threshold);
        QVERIFY(model->manifest().json.find("\"detection_rate_per_family\"") != std::string::npos);
        const std::vector<std::string_view> probe = {"greenhouse3.com", "x8q2kz7wv0pl4m.info"};
        std::vector<float> s(2);
        model->scoreNames(probe, s);
        QVERIFY2(s[0] < s[1], "random label should outscore a word pair");
    }

    // --scale-pos-weight: DGA rows count less (or more) than benign ones; the manifest says so.
    void weightingDgaRowsLowersTheirScores() {
        const fs::path dir = freshArtifactDir("trainer_weighted");
        writeText(dir / "data.csv", syntheticDataset(3000, 11));
        const auto train = [&](double weight, const char* file) {
            TrainOptions o = quickOptions(dir / "data.csv", dir / file, 20);
            o.scalePosWeight = weight;
            DgaTrainer(o).run([](std::string_view) {});
            return DgaModel::load(o.outPath);
        };
        const auto plain = train(1.0, "plain.json");
        const auto weighted = train(0.2, "weighted.json");
        QVERIFY(weighted->manifest().json.find("\"scale_pos_weight\":0.2") != std::string::npos);
        QVERIFY(plain->manifest().json.find("\"scale_pos_weight\":1") != std::string::npos);
        // Random labels (DGA-like) score lower; a word pair (benign-like, in pure benign
        // leaves whose values the DGA weight does not touch) scores no higher.
        const std::vector<std::string_view> probe = {"x8q2kz7wv0pl4m.info", "q0z9rk3mvx7w2b.com",
                                                     "a1b2c3d4e5f6g7.com", "cloudmedia3.net"};
        std::vector<float> p(probe.size()), w(probe.size());
        plain->scoreNames(probe, p);
        weighted->scoreNames(probe, w);
        for (std::size_t i = 0; i < 3; ++i) QVERIFY2(w[i] < p[i], std::string(probe[i]).c_str());
        QVERIFY(w[3] <= p[3]);
        QVERIFY(p[3] < 0.5f && p[0] > 0.5f);
    }

    // --random-string-names and --word-pair-names add the synthetic families to the training split
    // only, and --unseen-family-share is recorded; validation and test keep the real names.
    void syntheticFamilyJoinsTheTrainingSplitOnly() {
        const fs::path dir = freshArtifactDir("trainer_synthetic");
        writeText(dir / "data.csv", syntheticDataset(2000, 13));
        const auto train = [&](std::size_t synthetic, double share, const char* file) {
            TrainOptions o = quickOptions(dir / "data.csv", dir / file, 10);
            o.randomStringNames = synthetic;
            o.wordPairNames = synthetic / 2;
            o.unseenFamilyShare = share;
            std::vector<std::string> log;
            const TrainSummary r =
                DgaTrainer(o).run([&](std::string_view m) { log.emplace_back(m); });
            return std::make_pair(r, DgaModel::load(o.outPath)->manifest().json);
        };
        const auto [plain, plainJson] = train(0, 0.0, "plain.json");
        const auto [added, addedJson] = train(300, 0.5, "added.json");
        QCOMPARE(added.trainRows, plain.trainRows + 300 + 150);
        QCOMPARE(added.validationRows, plain.validationRows);
        QCOMPARE(added.testRows, plain.testRows);
        QVERIFY(addedJson.find("\"synthetic_random_names\":300") != std::string::npos);
        QVERIFY(addedJson.find("\"synthetic_word_pair_names\":150") != std::string::npos);
        QVERIFY(addedJson.find("\"unseen_family_share\":0.5") != std::string::npos);
        QVERIFY(plainJson.find("\"synthetic_random_names\":0") != std::string::npos);
        // The synthetic families help the trees but are never attributed.
        const auto model = DgaModel::load((dir / "added.json").string());
        for (std::string_view n : {"x8q2kz7wv0pl4m.info", "qzkvbnmwxplr.com", "k2j4h6g8f0d1.net",
                                   "musicgardenwater.com", "black-north-story.net"})
            QVERIFY2(!model->resemblance(n).family.starts_with(kSyntheticFamilyPrefix), n.data());
    }

    void refusesOneClassData() {
        const fs::path dir = freshArtifactDir("trainer_oneclass");
        writeText(dir / "data.csv", "domain,label\nexample.com,benign\nfoo.com,benign\n");
        TrainOptions o;
        o.datasetFiles = {(dir / "data.csv").string()};
        o.outPath = (dir / "m.json").string();
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, DgaTrainer(o).run([](std::string_view) {}));
    }
};

QTEST_APPLESS_MAIN(TestDgaTrainer)
#include "test_dga_trainer.moc"
