#pragma once

#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace dnshound::core::model {

// Owning handles of the XGBoost C API's opaque objects (DMatrixHandle, BoosterHandle), and the
// error check every call goes through. Trainers and the model share them.

// Throws ModelError "<what>: <XGBoost's last error>" when `rc` is not 0.
void checkXgboost(int rc, const char* what);

struct DMatrixDeleter {
    void operator()(void* h) const;
};
struct BoosterDeleter {
    void operator()(void* h) const;
};
using DMatrix = std::unique_ptr<void, DMatrixDeleter>;
using Booster = std::unique_ptr<void, BoosterDeleter>;

// A DMatrix of `rows` x `cols` row-major features (NaN = missing), labelled 1 for true.
DMatrix denseMatrix(std::span<const float> features, std::size_t rows, std::size_t cols,
                    const std::vector<bool>& labels);

// XGBoost parameters as name/value pairs, set in this order.
using XgboostParams = std::vector<std::pair<std::string, std::string>>;

// A booster whose cache holds `cache` (the training matrix first), with `params` set.
Booster createBooster(std::span<void* const> cache, const XgboostParams& params);

// `rounds` boosting rounds on `train`, without evaluation.
void boostRounds(void* booster, void* train, int rounds);

// The booster's probabilities for the DMatrix's `rows` rows.
std::vector<float> predictAll(void* booster, void* dmatrix, std::size_t rows);

// The linked library's version, "major.minor.patch".
std::string xgboostVersion();

}  // namespace dnshound::core::model
