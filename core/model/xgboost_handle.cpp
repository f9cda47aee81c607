#include "core/model/xgboost_handle.h"

#include <xgboost/c_api.h>

#include <cmath>

#include "core/model/dga_model.h"

namespace dnshound::core::model {

void checkXgboost(int rc, const char* what) {
    if (rc != 0) throw ModelError(std::string(what) + ": " + XGBGetLastError());
}

void DMatrixDeleter::operator()(void* h) const {
    XGDMatrixFree(h);
}

void BoosterDeleter::operator()(void* h) const {
    XGBoosterFree(h);
}

DMatrix denseMatrix(std::span<const float> features, std::size_t rows, std::size_t cols,
                    const std::vector<bool>& labels) {
    DMatrixHandle h = nullptr;
    checkXgboost(XGDMatrixCreateFromMat(features.data(), rows, cols, std::nanf(""), &h),
                 "creating DMatrix");
    DMatrix m(h);
    std::vector<float> y(labels.begin(), labels.end());
    checkXgboost(XGDMatrixSetFloatInfo(h, "label", y.data(), y.size()), "setting labels");
    return m;
}

Booster createBooster(std::span<void* const> cache, const XgboostParams& params) {
    BoosterHandle h = nullptr;
    checkXgboost(XGBoosterCreate(cache.data(), cache.size(), &h), "creating booster");
    Booster booster(h);
    for (const auto& [name, value] : params)
        checkXgboost(XGBoosterSetParam(h, name.c_str(), value.c_str()), "param");
    return booster;
}

void boostRounds(void* booster, void* train, int rounds) {
    for (int i = 0; i < rounds; ++i)
        checkXgboost(XGBoosterUpdateOneIter(booster, i, train), "training");
}

std::vector<float> predictAll(void* booster, void* dmatrix, std::size_t rows) {
    const char* config =
        R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, )"
        R"("strict_shape": false})";
    const bst_ulong* shape = nullptr;
    bst_ulong dim = 0;
    const float* result = nullptr;
    checkXgboost(XGBoosterPredictFromDMatrix(booster, dmatrix, config, &shape, &dim, &result),
                 "predicting");
    return {result, result + rows};
}

std::string xgboostVersion() {
    int major = 0, minor = 0, patch = 0;
    XGBoostVersion(&major, &minor, &patch);
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

}  // namespace dnshound::core::model
