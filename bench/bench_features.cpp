// Google Benchmark: distinct domain names per second on one core, for feature extraction and for
// batch prediction with the shipped model (or DNSHOUND_BENCH_MODEL=path). Not a CTest test; run
// build/bin/bench_features.

#include <benchmark/benchmark.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/features/domain_features.h"
#include "core/model/dga_model.h"

namespace {

using dnshound::core::features::DomainFeatures;

// Real names when the shared data is there (benign list and a few DGA feeds), else synthetic
// ones, said loudly: their rates are not comparable with real names'.
bool g_syntheticNames = false;

const std::vector<std::string>& names() {
    static const std::vector<std::string> n = [] {
        std::vector<std::string> out;
        const std::string base = DNSHOUND_SHARED_DATA;
        for (const char* f : {"/benign/tranco_subset.csv.gz", "/dga/suppobox.csv.gz",
                              "/dga/conficker.csv.gz", "/dga/matsnu.csv.gz"}) {
            gzFile in = gzopen((base + f).c_str(), "rb");
            if (!in) continue;
            char line[1024];
            std::size_t rows = 0;
            while (gzgets(in, line, sizeof(line)) && rows++ < 50000) {
                std::string s(line);
                const auto a = s.find(','), b = s.find(',', a + 1);
                if (a != std::string::npos && b != std::string::npos && rows > 1)
                    out.push_back(s.substr(a + 1, b - a - 1));
            }
            gzclose(in);
        }
        if (out.empty()) {
            std::fprintf(stderr,
                         "bench_features: no shared data under %s; measuring 100000 synthetic "
                         "names, not comparable with runs on real names\n",
                         base.c_str());
            g_syntheticNames = true;
            std::mt19937 rng(1);
            for (int i = 0; i < 100000; ++i) {
                std::string s;
                for (unsigned j = 0; j < 6 + rng() % 12; ++j) s.push_back('a' + rng() % 26);
                out.push_back(s + ".com");
            }
        }
        return out;
    }();
    return n;
}

// Loaded per benchmark (a static would be freed after XGBoost's own statics at exit).
// DNSHOUND_BENCH_MODEL=path measures another model file (e.g. a candidate before it ships).
std::unique_ptr<dnshound::core::model::DgaModel> shippedModel() {
    const char* other = std::getenv("DNSHOUND_BENCH_MODEL");
    return dnshound::core::model::DgaModel::load(
        other && *other ? std::string(other) : dnshound::core::model::DgaModel::defaultModelPath());
}

// Serving's feature extraction: the loaded model installs its language models, which the n-gram
// features use (without them those features are NaN and cost nothing).
void BM_Features(benchmark::State& state) {
    const auto model = shippedModel();
    const auto& n = names();
    std::vector<float> row(DomainFeatures::count());
    std::size_t i = 0;
    for (auto _ : state) {
        DomainFeatures::extract(n[i], row);
        benchmark::DoNotOptimize(row.data());
        if (++i == n.size()) i = 0;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    state.SetLabel(std::to_string(n.size()) + (g_syntheticNames ? " SYNTHETIC" : "") +
                   " distinct names");
}
BENCHMARK(BM_Features);

// Feature rows of `batch` distinct names (the names cycle when the list is shorter).
std::vector<float> featureRows(std::size_t batch) {
    const auto& n = names();
    const std::size_t cols = DomainFeatures::count();
    std::vector<float> features(batch * cols);
    for (std::size_t r = 0; r < batch; ++r)
        DomainFeatures::extract(n[r % n.size()],
                                std::span<float>(features).subspan(r * cols, cols));
    return features;
}

// DgaModel::predict: the flat TreeEnsemble evaluator.
void BM_Predict(benchmark::State& state) {
    const auto model = shippedModel();
    const std::size_t batch = static_cast<std::size_t>(state.range(0));
    const std::vector<float> features = featureRows(batch);
    std::vector<float> scores(batch);
    for (auto _ : state) {
        model->predict(features, batch, scores);
        benchmark::DoNotOptimize(scores.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * batch));
    state.SetLabel(model->usesTreeEnsemble() ? "flat evaluator" : "XGBoost fallback");
}
BENCHMARK(BM_Predict)->Arg(4096)->Arg(65536)->Unit(benchmark::kMillisecond);

// The reference: XGBoosterPredictFromDense, nthread 1.
void BM_PredictXgboost(benchmark::State& state) {
    const auto model = shippedModel();
    const std::size_t batch = static_cast<std::size_t>(state.range(0));
    const std::vector<float> features = featureRows(batch);
    std::vector<float> scores(batch);
    for (auto _ : state) {
        model->predictXgboost(features, batch, scores);
        benchmark::DoNotOptimize(scores.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * batch));
}
BENCHMARK(BM_PredictXgboost)->Arg(4096)->Unit(benchmark::kMillisecond);

// Loading the model (sha256, XGBoost and the flat arrays).
void BM_LoadModel(benchmark::State& state) {
    for (auto _ : state) {
        auto model = shippedModel();
        benchmark::DoNotOptimize(model.get());
    }
}
BENCHMARK(BM_LoadModel)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
