#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace dnshound::core::model {

struct TunnelTrainOptions {
    std::vector<std::string> datasets;  // domurls CSVs ("input,class,label") or folders of them
    std::vector<std::string> benign;    // labelled benign CSVs (Tranco subset): subdomains only
    std::vector<std::string> logs;      // DNS logs or folders of them (any readable format)
    std::vector<std::string> excludeZones = {"r-1x.com"};  // log names under these: left out
    std::uint64_t seed = 1;
    int rounds = 150;
    int maxDepth = 6;
    double eta = 0.2;
    int threads = 2;
    double targetFpr = 1e-3;  // on the validation split's negatives; threshold >= 0.5
    bool leaveOneToolOut = true;
    std::string outPath;    // model file; manifest and report beside it
    std::string createdBy;  // the command line, recorded in the manifest
};

struct TunnelTrainSummary {
    std::string modelPath, manifestPath, reportPath;
    double seconds = 0;
    double threshold = 0;
    double testAuc = 0;
    std::map<std::string, double> testRecall;   // per tool, test split, at threshold
    std::map<std::string, double> leaveOneOut;  // per tool, model trained without it
    double fprBenign = 0, fprLogs = 0;          // test split negatives at threshold
    std::size_t tunnelNames = 0, negativeNames = 0, logNames = 0;
};

// One name of the tunnel training set: the subdomain part (zone stripped), where it came from
// ("dns2tcp", "iodine", ..., "plain", "benign", "logs") and its class.
struct TunnelExample {
    std::string subdomain;
    std::string source;
    bool tunnel = false;
};

// Trains the XGBoost tunnel-name classifier on TunnelNameFeatures: reads domurls (tunnel tools
// and their "plain" names), benign registered-domain lists and real DNS logs (negatives, with
// excluded zones left out), deduplicates, drops names in both classes, splits 70/15/15 by a hash
// of the name, trains, picks the threshold on validation, measures recall per tool and FPR on
// benign and real-log names on the test split, and leave-one-tool-out recall. Writes the model,
// its manifest and a Markdown report. Throws std::runtime_error on bad input.
class TunnelTrainer final {
public:
    explicit TunnelTrainer(TunnelTrainOptions options);
    TunnelTrainSummary run(const std::function<void(std::string_view)>& log);

    // Whether a (lower-cased) subdomain falls in the held-out test split (15 %, by hash).
    static bool inTestSplit(std::string_view subdomain);
    // Readers, public for tests. Append to `out`; return rows read.
    static std::size_t readDomurls(const std::string& path, std::vector<TunnelExample>& out);
    static std::size_t readBenign(const std::string& path, std::vector<TunnelExample>& out);
    static std::size_t readLogs(const std::string& path,
                                const std::vector<std::string>& excludeZones,
                                std::vector<TunnelExample>& out);

private:
    TunnelTrainOptions m_options;
};

}  // namespace dnshound::core::model
