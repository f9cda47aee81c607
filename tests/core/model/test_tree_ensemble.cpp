#include <QtTest>

#include <xgboost/c_api.h>
#include <zlib.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/features/domain_features.h"
#include "core/model/dga_model.h"
#include "core/model/tree_ensemble.h"
#include "core/text/json_reader.h"

using dnshound::core::features::DomainFeatures;
using dnshound::core::model::BinnedTrees;
using dnshound::core::model::DgaModel;
using dnshound::core::model::TreeEnsemble;
using dnshound::core::model::TreeEnsembleError;
namespace fs = std::filesystem;

namespace {

const std::string kShippedModel = DNSHOUND_SOURCE_DIR "/models/dga.json";

void check(int rc) {
    if (rc != 0) throw std::runtime_error(XGBGetLastError());
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// An XGBoost booster loaded from a file, freed on scope exit.
struct Booster {
    BoosterHandle h = nullptr;
    explicit Booster(const std::string& path) {
        check(XGBoosterCreate(nullptr, 0, &h));
        check(XGBoosterLoadModel(h, path.c_str()));
        check(XGBoosterSetParam(h, "nthread", "1"));
    }
    Booster(const Booster&) = delete;
    Booster& operator=(const Booster&) = delete;
    ~Booster() { XGBoosterFree(h); }

    // XGBoost's own prediction; type 0 = probability, 1 = margin.
    std::vector<float> predict(const std::vector<float>& x, std::size_t rows, std::size_t cols,
                               int type) const {
        DMatrixHandle m = nullptr;
        check(XGDMatrixCreateFromMat(x.data(), rows, cols, std::nanf(""), &m));
        const std::string config = R"({"type": )" + std::to_string(type) +
                                   R"(, "training": false, "iteration_begin": 0, )"
                                   R"("iteration_end": 0, "strict_shape": false})";
        const bst_ulong* shape = nullptr;
        bst_ulong dim = 0;
        const float* out = nullptr;
        const int rc = XGBoosterPredictFromDMatrix(h, m, config.c_str(), &shape, &dim, &out);
        std::vector<float> result;
        if (rc == 0) result.assign(out, out + rows);
        XGDMatrixFree(m);
        check(rc);
        return result;
    }
};

// Every (feature, threshold) the model splits on, read from its JSON (test input only).
std::vector<std::pair<std::size_t, float>> splits(const std::string& modelPath) {
    using dnshound::core::text::JsonDocument;
    const JsonDocument doc = JsonDocument::parse(readFile(modelPath));
    std::vector<std::pair<std::size_t, float>> out;
    for (const auto tree : doc.root()["learner"]["gradient_booster"]["model"]["trees"]) {
        std::vector<std::int64_t> left, feature;
        for (const auto v : tree["left_children"]) left.push_back(v.asInt());
        for (const auto v : tree["split_indices"]) feature.push_back(v.asInt());
        std::size_t i = 0;
        for (const auto v : tree["split_conditions"]) {
            if (left[i] != -1) out.emplace_back(static_cast<std::size_t>(feature[i]), v.asFloat());
            ++i;
        }
    }
    return out;
}

// Rows that probe every split: each feature at a threshold, one float below or above it, or NaN.
std::vector<float> boundaryRows(const std::string& modelPath, std::size_t cols,
                                const std::vector<float>& background, std::size_t rows,
                                std::mt19937& rng) {
    const auto s = splits(modelPath);
    std::vector<float> out(rows * cols);
    const std::size_t backgroundRows = background.size() / cols;
    for (std::size_t r = 0; r < rows; ++r) {
        const std::size_t from = rng() % backgroundRows;
        std::copy_n(background.begin() + static_cast<std::ptrdiff_t>(from * cols), cols,
                    out.begin() + static_cast<std::ptrdiff_t>(r * cols));
        for (int k = 0; k < 12; ++k) {
            const auto& [f, t] = s[rng() % s.size()];
            float v = t;
            switch (rng() % 5) {
                case 0:
                    v = std::nextafter(t, -INFINITY);
                    break;
                case 1:
                    v = std::nextafter(t, INFINITY);
                    break;
                case 2:
                    v = (rng() % 4 == 0) ? std::nanf("") : t;
                    break;
                default:
                    break;
            }
            out[r * cols + f] = v;
        }
    }
    return out;
}

// Asserts the flat evaluator and XGBoost agree on every row, in probability and margin.
void expectSameScores(const std::string& modelPath, const std::vector<float>& x, std::size_t cols) {
    const std::size_t rows = x.size() / cols;
    const TreeEnsemble e = TreeEnsemble::loadXgboostJson(modelPath);
    QCOMPARE(e.featureCount(), cols);
    const Booster booster(modelPath);
    const std::vector<float> want = booster.predict(x, rows, cols, 0);
    const std::vector<float> wantMargin = booster.predict(x, rows, cols, 1);
    std::vector<float> got(rows), gotMargin(rows);
    e.predict(x, rows, got);
    e.predictMargin(x, rows, gotMargin);
    double worst = 0, worstMargin = 0;
    for (std::size_t r = 0; r < rows; ++r) {
        worst = std::max(worst, std::fabs(double(got[r]) - want[r]));
        worstMargin = std::max(worstMargin, std::fabs(double(gotMargin[r]) - wantMargin[r]));
        if (std::fabs(double(got[r]) - want[r]) > 1e-5)
            QFAIL(qPrintable(QStringLiteral("row %1: flat %2, XGBoost %3")
                                 .arg(r)
                                 .arg(got[r], 0, 'g', 9)
                                 .arg(want[r], 0, 'g', 9)));
    }
    QVERIFY2(worstMargin < 1e-4,
             qPrintable(QStringLiteral("margin differs by %1").arg(worstMargin)));
    qInfo("%zu rows, %zu trees, depth %d, perfect layout %d: max |score diff| %.3g, margin %.3g",
          rows, e.treeCount(), e.maxDepth(), int(e.hasPerfectLayout()), worst, worstMargin);
}

// Random rows of `cols` features: integers 0..9 (so splits fall between them), some NaN.
std::vector<float> randomRows(std::size_t rows, std::size_t cols, double missing,
                              std::mt19937& rng) {
    std::vector<float> x(rows * cols);
    std::uniform_real_distribution<float> u(0, 1);
    for (float& v : x)
        v = u(rng) < missing ? std::nanf("")
                             : static_cast<float>(rng() % 10) + (u(rng) < 0.5f ? 0.0f : u(rng));
    return x;
}

// Trains a small model through the XGBoost C API and saves it as JSON.
std::string trainSmall(const std::string& name,
                       const std::vector<std::pair<const char*, const char*>>& params, int rounds,
                       std::size_t cols, std::mt19937& rng) {
    const std::size_t rows = 3000;
    const std::vector<float> x = randomRows(rows, cols, 0.1, rng);
    std::vector<float> y(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        const float* v = &x[r * cols];
        const float a = std::isnan(v[0]) ? 3 : v[0], b = std::isnan(v[1]) ? 7 : v[1];
        y[r] = (a * 2 + b + (std::isnan(v[2]) ? 0.0f : v[2]) > 14.0f) != (rng() % 10 == 0) ? 1 : 0;
    }
    DMatrixHandle m = nullptr;
    check(XGDMatrixCreateFromMat(x.data(), rows, cols, std::nanf(""), &m));
    check(XGDMatrixSetFloatInfo(m, "label", y.data(), rows));
    BoosterHandle b = nullptr;
    check(XGBoosterCreate(&m, 1, &b));
    for (const auto& [k, v] : params) check(XGBoosterSetParam(b, k, v));
    for (int i = 0; i < rounds; ++i) check(XGBoosterUpdateOneIter(b, i, m));
    const fs::path dir = fs::path(DNSHOUND_TEST_ARTIFACTS) / "tree_ensemble";
    fs::create_directories(dir);
    const std::string path = (dir / (name + ".json")).string();
    check(XGBoosterSaveModel(b, path.c_str()));
    XGBoosterFree(b);
    XGDMatrixFree(m);
    return path;
}

// Feature rows of real names: DGA feeds and the benign list when the shared data is there.
std::vector<float> realRows(std::size_t perFile) {
    std::vector<std::string> names;
    for (const char* f : {"/benign/tranco_subset.csv.gz", "/dga/suppobox.csv.gz",
                          "/dga/conficker.csv.gz", "/dga/bamital.csv.gz", "/dga/matsnu.csv.gz"}) {
        gzFile in = gzopen((std::string(DNSHOUND_SHARED_DATA) + f).c_str(), "rb");
        if (!in) continue;
        char line[1024];
        std::size_t n = 0;
        while (n < perFile && gzgets(in, line, sizeof(line))) {
            const std::string s(line);
            const auto a = s.find(','), b = s.find(',', a + 1);
            if (n++ > 0 && a != std::string::npos && b != std::string::npos)
                names.push_back(s.substr(a + 1, b - a - 1));
        }
        gzclose(in);
    }
    const std::size_t cols = DomainFeatures::count();
    std::vector<float> x(names.size() * cols);
    for (std::size_t i = 0; i < names.size(); ++i)
        DomainFeatures::extract(names[i], std::span<float>(x).subspan(i * cols, cols));
    return x;
}

// Rows whose value at a node on their own path through a tree is that node's threshold or one
// float either side (half the time the last split of the path, so the deepest levels are probed).
std::vector<float> pathBoundaryRows(const std::string& modelPath, std::size_t cols,
                                    const std::vector<float>& background, std::size_t rows,
                                    std::mt19937& rng) {
    struct Tree {
        std::vector<std::int64_t> left, right, feature;
        std::vector<float> condition;
    };
    using dnshound::core::text::JsonDocument;
    const JsonDocument doc = JsonDocument::parse(readFile(modelPath));
    std::vector<Tree> trees;
    for (const auto tree : doc.root()["learner"]["gradient_booster"]["model"]["trees"]) {
        Tree t;
        for (const auto v : tree["left_children"]) t.left.push_back(v.asInt());
        for (const auto v : tree["right_children"]) t.right.push_back(v.asInt());
        for (const auto v : tree["split_indices"]) t.feature.push_back(v.asInt());
        for (const auto v : tree["split_conditions"]) t.condition.push_back(v.asFloat());
        trees.push_back(std::move(t));
    }
    std::vector<float> out(rows * cols);
    const std::size_t backgroundRows = background.size() / cols;
    for (std::size_t r = 0; r < rows; ++r) {
        float* x = out.data() + r * cols;
        std::copy_n(
            background.begin() + static_cast<std::ptrdiff_t>((rng() % backgroundRows) * cols), cols,
            x);
        for (int k = 0; k < 8; ++k) {
            const Tree& t = trees[rng() % trees.size()];
            std::vector<std::size_t> path;
            for (std::size_t i = 0; t.left[i] != -1;) {
                path.push_back(i);
                const float v = x[t.feature[i]];
                i = static_cast<std::size_t>(std::isnan(v) || v < t.condition[i] ? t.left[i]
                                                                                 : t.right[i]);
            }
            if (path.empty()) continue;
            const std::size_t node = rng() % 2 ? path.back() : path[rng() % path.size()];
            const float threshold = t.condition[node];
            const float step[] = {threshold, std::nextafter(threshold, -INFINITY),
                                  std::nextafter(threshold, INFINITY)};
            x[t.feature[node]] = step[rng() % 3];
        }
    }
    return out;
}

// The largest number of distinct split thresholds of one feature.
std::size_t maxThresholdsPerFeature(const std::string& modelPath) {
    std::vector<std::vector<float>> perFeature;
    for (const auto& [f, t] : splits(modelPath)) {
        if (f >= perFeature.size()) perFeature.resize(f + 1);
        perFeature[f].push_back(t);
    }
    std::size_t most = 0;
    for (std::vector<float>& v : perFeature) {
        std::sort(v.begin(), v.end());
        most =
            std::max(most, static_cast<std::size_t>(std::unique(v.begin(), v.end()) - v.begin()));
    }
    return most;
}

// Rows with extreme values: in each row a few features set to +-inf, +-0, +-FLT_MAX, the
// smallest subnormal or NaN.
std::vector<float> extremeRows(const std::vector<float>& background, std::size_t cols,
                               std::size_t rows, std::mt19937& rng) {
    const float values[] = {INFINITY, -INFINITY,    0.0f,          -0.0f,        FLT_MAX,
                            -FLT_MAX, FLT_TRUE_MIN, -FLT_TRUE_MIN, std::nanf("")};
    std::vector<float> out(rows * cols);
    const std::size_t backgroundRows = background.size() / cols;
    for (std::size_t r = 0; r < rows; ++r) {
        std::copy_n(
            background.begin() + static_cast<std::ptrdiff_t>((rng() % backgroundRows) * cols), cols,
            out.begin() + static_cast<std::ptrdiff_t>(r * cols));
        for (int k = 0; k < 6; ++k)
            out[r * cols + rng() % cols] = values[rng() % std::size(values)];
    }
    return out;
}

// Every walker the model and the CPU allow gives the same margins as the general walk and as
// XGBoost, bit for bit, for the whole batch and for batches of awkward sizes (not multiples of
// the lanes or blocks) starting anywhere.
void expectWalkersAgree(const std::string& modelPath, const std::vector<float>& x,
                        std::size_t cols) {
    using Walker = TreeEnsemble::Walker;
    const TreeEnsemble e = TreeEnsemble::loadXgboostJson(modelPath);
    QCOMPARE(e.featureCount(), cols);
    QVERIFY(e.canWalk(Walker::general));
    QCOMPARE(e.canWalk(Walker::perfect), e.hasPerfectLayout());
    QCOMPARE(e.canWalk(Walker::binned), BinnedTrees::cpuHasAvx2() && e.hasPerfectLayout() &&
                                            maxThresholdsPerFeature(modelPath) <= 255);
    if (!BinnedTrees::cpuHasAvx2()) qInfo("no AVX2 on this CPU: the binned walker is not tested");

    const std::size_t rows = x.size() / cols;
    std::vector<float> general(rows);
    e.predictMargin(x, rows, general, Walker::general);
    // XGBoost refuses infinities: it scores the other rows.
    std::vector<float> finite;
    std::vector<std::size_t> finiteRow;
    for (std::size_t r = 0; r < rows; ++r) {
        const auto row = x.begin() + static_cast<std::ptrdiff_t>(r * cols);
        if (std::any_of(row, row + static_cast<std::ptrdiff_t>(cols),
                        [](float v) { return std::isinf(v); }))
            continue;
        finite.insert(finite.end(), row, row + static_cast<std::ptrdiff_t>(cols));
        finiteRow.push_back(r);
    }
    const std::vector<float> want = Booster(modelPath).predict(finite, finiteRow.size(), cols, 1);
    for (std::size_t i = 0; i < finiteRow.size(); ++i)
        if (std::memcmp(&general[finiteRow[i]], &want[i], sizeof(float)) != 0)
            QFAIL(qPrintable(QStringLiteral("row %1: general walk %2, XGBoost %3")
                                 .arg(finiteRow[i])
                                 .arg(general[finiteRow[i]], 0, 'g', 9)
                                 .arg(want[i], 0, 'g', 9)));
    std::size_t walked = 0;
    for (const Walker w : {Walker::best, Walker::perfect, Walker::binned}) {
        if (!e.canWalk(w)) {
            QVERIFY_THROWS_EXCEPTION(TreeEnsembleError, e.predictMargin(x, rows, general, w));
            continue;
        }
        ++walked;
        const auto name = w == Walker::best ? "best" : w == Walker::perfect ? "perfect" : "binned";
        for (const std::size_t first : {std::size_t{0}, std::size_t{5}}) {
            for (const std::size_t n :
                 {std::size_t{1}, std::size_t{31}, std::size_t{32}, std::size_t{33},
                  std::size_t{255}, std::size_t{257}, std::size_t{513}, rows - first}) {
                if (first + n > rows) continue;
                std::vector<float> got(n);
                e.predictMargin(std::span<const float>(x).subspan(first * cols, n * cols), n, got,
                                w);
                for (std::size_t r = 0; r < n; ++r)
                    if (std::memcmp(&got[r], &general[first + r], sizeof(float)) != 0)
                        QFAIL(qPrintable(
                            QStringLiteral("%1 walker, rows %2..%3, row %4: %5, general walk %6")
                                .arg(QLatin1String(name))
                                .arg(first)
                                .arg(first + n)
                                .arg(first + r)
                                .arg(got[r], 0, 'g', 9)
                                .arg(general[first + r], 0, 'g', 9)));
            }
        }
    }
    qInfo(
        "%zu rows (%zu without inf: general walk = XGBoost), %zu trees, depth %d: %zu other "
        "walkers agree",
        rows, finiteRow.size(), e.treeCount(), e.maxDepth(), walked);
}

}  // namespace

class TestTreeEnsemble : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shippedModelMatchesXgboost() {
        const std::size_t cols = DomainFeatures::count();
        std::vector<float> x = realRows(1000);
        if (x.empty()) QSKIP("shared data not available (" DNSHOUND_SHARED_DATA ")");
        std::mt19937 rng(7);
        const std::vector<float> boundary = boundaryRows(kShippedModel, cols, x, 3000, rng);
        x.insert(x.end(), boundary.begin(), boundary.end());
        expectSameScores(kShippedModel, x, cols);
    }

    void dgaModelPredictUsesTheFlatEvaluator() {
        const auto model = DgaModel::load(kShippedModel);
        QVERIFY2(model->usesTreeEnsemble(), model->treeEnsembleError().c_str());
        const std::size_t cols = DomainFeatures::count();
        std::mt19937 rng(3);
        std::vector<float> x(500 * cols);
        const std::vector<std::string_view> names = {"google.com", "qxkzvbnwpl.info",
                                                     "www.bbc.co.uk", "a1b2c3d4e5f6.net"};
        for (std::size_t r = 0; r < 500; ++r)
            DomainFeatures::extract(names[r % names.size()],
                                    std::span<float>(x).subspan(r * cols, cols));
        std::vector<float> flat(500), reference(500);
        model->predict(x, 500, flat);
        model->predictXgboost(x, 500, reference);
        for (std::size_t r = 0; r < 500; ++r) QVERIFY(std::fabs(flat[r] - reference[r]) <= 1e-5f);
    }

    void boostedModelWithMissingValuesMatchesXgboost() {
        std::mt19937 rng(11);
        const std::size_t cols = 8;
        const std::string path = trainSmall("boosted",
                                            {{"objective", "binary:logistic"},
                                             {"max_depth", "5"},
                                             {"eta", "0.3"},
                                             {"base_score", "0.3"},
                                             {"tree_method", "hist"},
                                             {"nthread", "1"},
                                             {"seed", "1"}},
                                            30, cols, rng);
        const TreeEnsemble e = TreeEnsemble::loadXgboostJson(path);
        QVERIFY(e.hasPerfectLayout());
        QVERIFY(std::fabs(e.baseMargin() - std::log(0.3f / 0.7f)) < 1e-6f);
        std::vector<float> x = randomRows(3000, cols, 0.0, rng);
        const std::vector<float> missing = randomRows(2000, cols, 0.15, rng);
        x.insert(x.end(), missing.begin(), missing.end());
        const std::vector<float> boundary = boundaryRows(path, cols, x, 3000, rng);
        x.insert(x.end(), boundary.begin(), boundary.end());
        expectSameScores(path, x, cols);
    }

    void randomForestMatchesXgboost_data() {
        QTest::addColumn<QString>("depth");
        QTest::newRow("depth 6, perfect layout") << QStringLiteral("6");
        QTest::newRow("depth 12, general layout") << QStringLiteral("12");
    }
    void randomForestMatchesXgboost() {
        QFETCH(QString, depth);
        std::mt19937 rng(13);
        const std::size_t cols = 8;
        const std::string d = depth.toStdString();
        const std::string path = trainSmall("forest" + d,
                                            {{"objective", "binary:logistic"},
                                             {"num_parallel_tree", "25"},
                                             {"subsample", "0.8"},
                                             {"colsample_bynode", "0.7"},
                                             {"eta", "1"},
                                             {"max_depth", d.c_str()},
                                             {"tree_method", "hist"},
                                             {"nthread", "1"},
                                             {"seed", "2"}},
                                            2, cols, rng);
        const TreeEnsemble e = TreeEnsemble::loadXgboostJson(path);
        QCOMPARE(e.treeCount(), std::size_t{50});
        QCOMPARE(e.hasPerfectLayout(), e.maxDepth() <= TreeEnsemble::kMaxPerfectDepth);
        std::vector<float> x = randomRows(3000, cols, 0.0, rng);
        const std::vector<float> missing = randomRows(1000, cols, 0.1, rng);
        x.insert(x.end(), missing.begin(), missing.end());
        const std::vector<float> boundary = boundaryRows(path, cols, x, 3000, rng);
        x.insert(x.end(), boundary.begin(), boundary.end());
        expectSameScores(path, x, cols);
    }

    void deepTreesUseTheGeneralLayout() {
        std::mt19937 rng(17);
        const std::size_t cols = 8;
        const std::string path = trainSmall("deep",
                                            {{"objective", "binary:logistic"},
                                             {"max_depth", "0"},
                                             {"grow_policy", "lossguide"},
                                             {"max_leaves", "400"},
                                             {"min_child_weight", "0"},
                                             {"tree_method", "hist"},
                                             {"nthread", "1"}},
                                            3, cols, rng);
        const TreeEnsemble e = TreeEnsemble::loadXgboostJson(path);
        if (e.maxDepth() <= TreeEnsemble::kMaxPerfectDepth) QSKIP("trees came out shallow");
        QVERIFY(!e.hasPerfectLayout());
        const std::vector<float> x = randomRows(3000, cols, 0.1, rng);
        expectSameScores(path, x, cols);
    }

    void unsupportedOrBrokenModelsAreRefused() {
        std::mt19937 rng(19);
        const std::string multi = trainSmall(
            "softprob", {{"objective", "multi:softprob"}, {"num_class", "3"}, {"max_depth", "3"}},
            2, 4, rng);
        QVERIFY_THROWS_EXCEPTION(TreeEnsembleError, TreeEnsemble::loadXgboostJson(multi));
        const std::string text = readFile(kShippedModel);
        QVERIFY_THROWS_EXCEPTION(TreeEnsembleError,
                                 TreeEnsemble::fromXgboostJson(text.substr(0, text.size() / 2)));
        QVERIFY_THROWS_EXCEPTION(TreeEnsembleError, TreeEnsemble::fromXgboostJson("{}"));
        QVERIFY_THROWS_EXCEPTION(TreeEnsembleError,
                                 TreeEnsemble::loadXgboostJson("/nonexistent/model.json"));
        // A child pointing outside its tree.
        std::string bad = readFile(trainSmall("small", {{"max_depth", "2"}}, 1, 4, rng));
        const auto at = bad.find("\"left_children\":[");
        QVERIFY(at != std::string::npos);
        bad.replace(at + 17, 1, "999");
        QVERIFY_THROWS_EXCEPTION(TreeEnsembleError, TreeEnsemble::fromXgboostJson(bad));
    }

    void walkersAgreeBitForBit_data() {
        QTest::addColumn<QString>("model");
        QTest::newRow("shipped model") << QStringLiteral("shipped");
        QTest::newRow("DNSHOUND_TEST_EXTRA_MODEL") << QStringLiteral("extra");
        QTest::newRow("boosted depth 5, missing values") << QStringLiteral("boosted");
        QTest::newRow("forest depth 6") << QStringLiteral("forest");
        QTest::newRow("boosted depth 8, 64 bins") << QStringLiteral("deep");
        QTest::newRow("1024 bins: too many thresholds for bytes") << QStringLiteral("fine");
    }
    void walkersAgreeBitForBit() {
        QFETCH(QString, model);
        std::mt19937 rng(23);
        std::string path;
        std::vector<float> x;
        std::size_t cols = 8;
        if (model == QLatin1String("shipped") || model == QLatin1String("extra")) {
            path = kShippedModel;
            if (model == QLatin1String("extra")) {
                const char* extra = std::getenv("DNSHOUND_TEST_EXTRA_MODEL");
                if (!extra || !fs::exists(extra))
                    QSKIP(
                        "DNSHOUND_TEST_EXTRA_MODEL does not name a model file (e.g. a candidate "
                        "model before it ships)");
                path = extra;
            }
            cols = DomainFeatures::count();
            x = realRows(600);
            if (x.empty()) QSKIP("shared data not available (" DNSHOUND_SHARED_DATA ")");
        } else {
            std::vector<std::pair<const char*, const char*>> params = {
                {"objective", "binary:logistic"},
                {"tree_method", "hist"},
                {"nthread", "1"},
                {"seed", "3"}};
            int rounds = 20;
            if (model == QLatin1String("boosted")) {
                params.insert(params.end(), {{"max_depth", "5"}, {"eta", "0.3"}});
            } else if (model == QLatin1String("forest")) {
                params.insert(params.end(), {{"max_depth", "6"},
                                             {"num_parallel_tree", "10"},
                                             {"subsample", "0.8"},
                                             {"colsample_bynode", "0.7"}});
                rounds = 2;
            } else if (model == QLatin1String("deep")) {
                params.insert(params.end(),
                              {{"max_depth", "8"}, {"max_bin", "64"}, {"eta", "0.3"}});
                rounds = 10;
            } else {
                params.insert(params.end(),
                              {{"max_depth", "8"}, {"max_bin", "1024"}, {"eta", "0.3"}});
                rounds = 60;
            }
            path = trainSmall(model.toStdString() + "_walkers", params, rounds, cols, rng);
            x = randomRows(2000, cols, 0.0, rng);
            const std::vector<float> missing = randomRows(500, cols, 0.1, rng);
            x.insert(x.end(), missing.begin(), missing.end());
        }
        const std::vector<float> boundary = boundaryRows(path, cols, x, 2000, rng);
        const std::vector<float> onPath = pathBoundaryRows(path, cols, x, 4000, rng);
        const std::vector<float> extreme = extremeRows(x, cols, 500, rng);
        x.insert(x.end(), boundary.begin(), boundary.end());
        x.insert(x.end(), onPath.begin(), onPath.end());
        x.insert(x.end(), extreme.begin(), extreme.end());
        expectWalkersAgree(path, x, cols);
    }

    void shortBuffersAreRefused() {
        const TreeEnsemble e = TreeEnsemble::loadXgboostJson(kShippedModel);
        std::vector<float> x(e.featureCount() * 2), out(2);
        QVERIFY_THROWS_EXCEPTION(TreeEnsembleError, e.predict(x, 3, out));
        e.predict(x, 0, out);
    }
};

QTEST_APPLESS_MAIN(TestTreeEnsemble)
#include "test_tree_ensemble.moc"
