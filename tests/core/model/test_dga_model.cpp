#include <QtTest>

#include <zlib.h>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "artifact_dir.h"
#include "core/features/char_ngram_model.h"
#include "core/features/domain_features.h"
#include "core/model/dga_model.h"
#include "core/model/model_paths.h"
#include "core/model/training_data.h"

using dnshound::core::features::DomainFeatures;
using dnshound::core::model::DgaModel;
using dnshound::core::model::ModelError;
using dnshound::core::model::Split;
using dnshound::core::model::splitOf;
namespace fs = std::filesystem;

namespace {

const std::string kShippedModel = DNSHOUND_SOURCE_DIR "/models/dga.json";

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeFile(const std::string& path, const std::string& data) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << data;
}

// A private copy of the shipped model and manifest, to tamper with.
std::string copyShipped(const char* dirName) {
    const fs::path dir = freshArtifactDir(dirName);
    const fs::path model = dir / "dga.json";
    fs::copy_file(kShippedModel, model);
    fs::copy_file(dnshound::core::model::manifestPathFor(kShippedModel),
                  dnshound::core::model::manifestPathFor(model.string()));
    fs::copy_file(dnshound::core::features::ngramPathFor(kShippedModel),
                  dnshound::core::features::ngramPathFor(model.string()));
    return model.string();
}

// The first `n` names of a DGA feed (",domain,family,subfamily,label").
std::vector<std::string> feedNames(const std::string& family, std::size_t n) {
    std::vector<std::string> out;
    const std::string path = DNSHOUND_SHARED_DATA "/dga/" + family + ".csv.gz";
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) return out;
    char line[1024];
    bool header = true;
    while (out.size() < n && gzgets(f, line, sizeof(line))) {
        if (header) {
            header = false;
            continue;
        }
        std::string s(line);
        const auto a = s.find(','), b = s.find(',', a + 1);
        if (a != std::string::npos && b != std::string::npos)
            out.push_back(s.substr(a + 1, b - a - 1));
    }
    gzclose(f);
    return out;
}

std::vector<float> score(const DgaModel& m, const std::vector<std::string>& names) {
    std::vector<std::string_view> views(names.begin(), names.end());
    std::vector<float> scores(names.size());
    m.scoreNames(views, scores);
    return scores;
}

}  // namespace

class TestDgaModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsShippedModel() {
        const auto m = DgaModel::load(kShippedModel);
        QCOMPARE(m->manifest().featureVersion, DomainFeatures::version());
        QVERIFY(m->threshold() > 0 && m->threshold() < 1);
        QVERIFY(m->manifest().createdBy.starts_with("dnshound-cli train"));
        QCOMPARE(m->manifest().sha256.size(), std::size_t{64});
        QVERIFY(fs::file_size(kShippedModel) < 10u * 1024 * 1024);
    }

    void defaultPathHonoursEnvironment() {
        qputenv("DNSHOUND_MODEL_DIR", QByteArray("/some/where"));
        QCOMPARE(DgaModel::defaultModelPath(), std::string("/some/where/dga.json"));
        qunsetenv("DNSHOUND_MODEL_DIR");
        QVERIFY(fs::is_regular_file(DgaModel::defaultModelPath()));
    }

    void tamperedModelIsRefused() {
        const std::string model = copyShipped("tampered");
        std::string bytes = readFile(model);
        bytes[bytes.size() / 2] ^= 0x01;
        writeFile(model, bytes);
        try {
            DgaModel::load(model);
            QFAIL("a tampered model loaded");
        } catch (const ModelError& e) {
            QVERIFY2(std::string(e.what()).find("sha256 mismatch") != std::string::npos, e.what());
        }
    }

    void tamperedNgramModelsAreRefused() {
        const std::string model = copyShipped("ngrams");
        QVERIFY(DgaModel::load(model) != nullptr);
        const std::string path = dnshound::core::features::ngramPathFor(model);
        std::string bytes = readFile(path);
        bytes[bytes.size() / 3] ^= 0x01;
        writeFile(path, bytes);
        try {
            DgaModel::load(model);
            QFAIL("tampered n-gram models loaded");
        } catch (const ModelError& e) {
            QVERIFY2(
                std::string(e.what()).find("n-gram model sha256 mismatch") != std::string::npos,
                e.what());
        }
        fs::remove(path);
        QVERIFY_THROWS_EXCEPTION(ModelError, DgaModel::load(model));
    }

    void featureVersionMismatchIsRefused() {
        const std::string model = copyShipped("version");
        const std::string manifestPath = dnshound::core::model::manifestPathFor(model);
        std::string manifest = readFile(manifestPath);
        const std::string key = "\"feature_version\":" + std::to_string(DomainFeatures::version());
        const auto at = manifest.find(key);
        QVERIFY(at != std::string::npos);
        manifest.replace(at, key.size(), "\"feature_version\":999");
        writeFile(manifestPath, manifest);
        try {
            DgaModel::load(model);
            QFAIL("a model for another feature version loaded");
        } catch (const ModelError& e) {
            QVERIFY2(std::string(e.what()).find("feature version") != std::string::npos, e.what());
        }
    }

    void missingFilesAreRefused() {
        QVERIFY_THROWS_EXCEPTION(ModelError, DgaModel::load("/no/such/model.json"));
        const std::string model = copyShipped("nomanifest");
        fs::remove(dnshound::core::model::manifestPathFor(model));
        QVERIFY_THROWS_EXCEPTION(ModelError, DgaModel::load(model));
    }

    void benignNamesScoreLow() {
        const auto m = DgaModel::load(kShippedModel);
        const std::vector<std::string> names = {"google.com",
                                                "www.google.com",
                                                "wikipedia.org",
                                                "en.wikipedia.org",
                                                "youtube.com",
                                                "amazon.co.uk",
                                                "github.com",
                                                "stackoverflow.com",
                                                "microsoft.com",
                                                "facebook.com",
                                                "netflix.com",
                                                "bbc.co.uk",
                                                "nytimes.com",
                                                "_dmarc.example.com",
                                                "mail.yahoo.com",
                                                "weather.com",
                                                "e1234.dscb.akamaiedge.net",
                                                "1.0.168.192.in-addr.arpa",
                                                "d3ag4hukkh62yn.cloudfront.net",
                                                "_ldap._tcp.dc._msdcs.corp.example.com"};
        const auto s = score(*m, names);
        for (std::size_t i = 0; i < names.size(); ++i) {
            qInfo("%-40s %.4f", names[i].c_str(), static_cast<double>(s[i]));
            QVERIFY2(s[i] < m->threshold(), names[i].c_str());
        }
    }

    void obviousDgaNamesScoreHigh() {
        const auto m = DgaModel::load(kShippedModel);
        for (const char* family : {"murofetweekly", "zeus-newgoz", "chinad", "emotet"}) {
            const auto names = feedNames(family, 300);
            if (names.empty()) QSKIP("shared DGA data not available (" DNSHOUND_SHARED_DATA ")");
            const auto s = score(*m, names);
            std::size_t hits = 0;
            for (float v : s) hits += v >= m->threshold();
            const double rate = static_cast<double>(hits) / static_cast<double>(names.size());
            qInfo("%s: %.3f of %zu detected", family, rate, names.size());
            QVERIFY2(rate > 0.85, family);
        }
    }

    // Held-out names (the test split, which neither the trees nor the family profiles saw) of
    // families with a distinct look: the family they resemble is theirs.
    void resemblanceNamesTheFamilyOfHeldOutNames() {
        const auto m = DgaModel::load(kShippedModel);
        for (const char* family : {"suppobox", "matsnu", "pushdo", "rovnix", "chinad"}) {
            std::vector<std::string> names;
            for (std::string& n : feedNames(family, 6000))
                if (splitOf(n) == Split::Test) names.push_back(std::move(n));
            if (names.empty()) QSKIP("shared DGA data not available (" DNSHOUND_SHARED_DATA ")");
            std::size_t right = 0, confident = 0, confidentRight = 0;
            for (const std::string& n : names) {
                const auto like = m->resemblance(n);
                right += like.family == family;
                confident += like.confident();
                confidentRight += like.confident() && like.family == family;
            }
            const double all = static_cast<double>(names.size());
            qInfo("%s: %zu held-out names, %.3f right, %.3f confident, of those %.4f right", family,
                  names.size(), static_cast<double>(right) / all,
                  static_cast<double>(confident) / all,
                  static_cast<double>(confidentRight) / static_cast<double>(confident));
            QVERIFY2(right > 0.9 * all, family);
            QVERIFY2(confident > 0.5 * all, family);
            QVERIFY2(confidentRight > 0.99 * static_cast<double>(confident), family);
        }
    }

    void batchPredictMatchesScoreNames() {
        const auto m = DgaModel::load(kShippedModel);
        const std::vector<std::string> names = {"google.com", "qxkzvbnwpfr.info", "a1b2c3d4.net"};
        const auto viaNames = score(*m, names);
        std::vector<float> features(names.size() * DomainFeatures::count());
        for (std::size_t i = 0; i < names.size(); ++i)
            DomainFeatures::extract(names[i],
                                    std::span<float>(features).subspan(i * DomainFeatures::count(),
                                                                       DomainFeatures::count()));
        std::vector<float> viaPredict(names.size());
        m->predict(features, names.size(), viaPredict);
        QCOMPARE(viaPredict, viaNames);
        QVERIFY_THROWS_EXCEPTION(ModelError, m->predict(features, names.size() + 1, viaPredict));
    }

    void contributionsSumToMargin() {
        const auto m = DgaModel::load(kShippedModel);
        const std::size_t cols = DomainFeatures::count();
        QCOMPARE(DomainFeatures::descriptions().size(), cols);
        for (const char* name : {"google.com", "qxkzvbnwpfr.info", "a1b2c3d4.net",
                                 "e1234.dscb.akamaiedge.net", "heavenforget.net"}) {
            std::vector<float> row(cols);
            DomainFeatures::extract(name, row);
            const std::vector<float> c = m->contributions(row);
            QCOMPARE(c.size(), cols + 1);
            double sum = 0;
            for (float v : c) sum += v;
            const float margin = m->margin(row);
            qInfo("%-28s margin %.4f sum %.4f bias %.4f", name, static_cast<double>(margin), sum,
                  static_cast<double>(c.back()));
            QVERIFY2(std::fabs(sum - margin) < 1e-3 * std::max(1.0, std::fabs(sum)), name);
            // The margin is the score in log-odds.
            float score = 0;
            const std::string_view view(name);
            m->scoreNames(std::span<const std::string_view>(&view, 1), std::span<float>(&score, 1));
            QVERIFY(std::fabs(1.0f / (1.0f + std::exp(-margin)) - score) < 1e-5f);
            const DgaModel::Explanation e = m->explain(name);
            QCOMPARE(e.features, row);
            QCOMPARE(e.contributions.size(), cols);
            QCOMPARE(e.bias, c.back());
            QVERIFY(std::fabs(e.score - score) < 1e-5f);
        }
        // A random label is pushed up, a household name down, by the contributions' sum.
        const auto dga = m->explain("qxkzvbnwpfr.info"), benign = m->explain("google.com");
        QVERIFY(dga.margin > dga.bias);
        QVERIFY(benign.margin < benign.bias);
        QVERIFY_THROWS_EXCEPTION(ModelError, m->contributions(std::vector<float>(cols - 1)));
    }

    void predictThroughput() {
        const auto m = DgaModel::load(kShippedModel);
        const std::size_t rows = 50000, cols = DomainFeatures::count();
        std::vector<float> features(rows * cols);
        for (std::size_t i = 0; i < rows; ++i) {
            const std::string n = "x" + std::to_string(i * 7919) + "abc.com";
            DomainFeatures::extract(n, std::span<float>(features).subspan(i * cols, cols));
        }
        std::vector<float> scores(rows);
        const auto t0 = std::chrono::steady_clock::now();
        for (std::size_t off = 0; off < rows; off += 4096) {
            const std::size_t n = std::min<std::size_t>(4096, rows - off);
            m->predict(std::span<const float>(features).subspan(off * cols, n * cols), n,
                       std::span<float>(scores).subspan(off, n));
        }
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        qInfo("predict: %.0f rows/s (batches of 4096, one thread)", static_cast<double>(rows) / s);
    }
};

QTEST_APPLESS_MAIN(TestDgaModel)
#include "test_dga_model.moc"
