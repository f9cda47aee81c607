#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dnshound::core::features {
struct LanguageModels;
}

namespace dnshound::core::model {

struct TrainOptions {
    std::string dgaDir;                        // every *.csv.gz in it (DGA feeds)
    std::vector<std::string> benignFiles;      // labelled CSVs, any label mix
    std::vector<std::string> datasetFiles;     // labelled CSVs or folders of them, any label mix
    std::vector<std::string> excludeFamilies;  // DGA families left out (leave-families-out)
    bool randomForest = false;  // XGBoost random forest: one round of num_parallel_tree trees
    int forestTrees = 300;      // trees of the random forest
    std::size_t perFamilyCap = 20000;  // 0 = no cap
    std::uint64_t seed = 1;
    int rounds = 400;
    int maxDepth = 8;
    double eta = 0.2;
    // Weight of a DGA row relative to a benign one (XGBoost's scale_pos_weight); below 1 the
    // trees care more about the benign tail that sets the rates at low FPR. 1 = unweighted.
    double scalePosWeight = 1.0;
    // Share of each family's training rows whose features come from models that never saw the
    // family (see crossFitFeatures): the trees learn DGA names no family model knows. 0 = off.
    double unseenFamilyShare = 0.0;
    // Names of the synthetic random-string and word-pair families added to the training split
    // (see synthetic_families.h); validation and test keep only real names. 0 = none.
    std::size_t randomStringNames = 0;
    std::size_t wordPairNames = 0;
    int threads = 2;
    double targetFpr = 1e-3;  // on the validation split's benign names
    // Label-noise cleaning of the benign class (see benign_cleaning.h); 0 folds = off.
    int cleanBenignFolds = 0;
    double cleanBenignThreshold = 0.99;
    int cleanBenignRounds = 150;
    int cleanBenignDepth = 6;
    std::string outPath;    // the model file (.json or .ubj); manifest and report beside it
    std::string createdBy;  // the command line, recorded in the manifest
};

struct TrainSummary {
    std::string modelPath, manifestPath, reportPath;
    double seconds = 0;
    double threshold = 0;
    double testAuc = 0;
    double testTprAt1e3 = 0, testTprAt1e4 = 0;
    // Cleaning: suspects found, and the test split's measures without them.
    std::size_t benignSuspects = 0;
    double cleanTestAuc = 0, cleanTestTprAt1e3 = 0, cleanTestTprAt1e4 = 0;
    std::size_t trainRows = 0, validationRows = 0, testRows = 0;
};

// Trains the XGBoost DGA classifier: reads and cleans the data, splits it 80/10/10, trains,
// picks the threshold on the validation split, measures on the test split, and writes the
// model, its manifest and a Markdown report. Throws std::runtime_error on bad input.
class DgaTrainer final {
public:
    explicit DgaTrainer(TrainOptions options);
    TrainSummary run(const std::function<void(std::string_view)>& log);

    // The training-side feature matrix (rows x DomainFeatures::count(), row-major): the very
    // function scoring uses, row by row.
    static std::vector<float> featureMatrix(std::span<const std::string> names);
    static std::vector<float> featureMatrix(std::span<const std::string> names,
                                            const features::LanguageModels* models);

private:
    TrainOptions m_options;
};

}  // namespace dnshound::core::model
