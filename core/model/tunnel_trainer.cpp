#include "core/model/tunnel_trainer.h"

#include <xgboost/c_api.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include "core/config/config.h"
#include "core/event/name_table.h"
#include "core/features/public_suffix.h"
#include "core/features/tunnel_name_features.h"
#include "core/formats/event_source.h"
#include "core/formats/line_reader.h"
#include "core/model/classifier_metrics.h"
#include "core/model/model_paths.h"
#include "core/model/sha256.h"
#include "core/model/training_data.h"
#include "core/model/xgboost_handle.h"
#include "core/text/json_writer.h"
#include "core/text/number_format.h"

namespace dnshound::core::model {

namespace {

namespace fs = std::filesystem;
using features::TunnelNameFeatures;
using text::JsonObjectWriter;

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::vector<std::string> filesIn(const std::string& path, bool csvOnly) {
    std::vector<std::string> files;
    if (fs::is_directory(path)) {
        for (const auto& e : fs::recursive_directory_iterator(path)) {
            if (!e.is_regular_file()) continue;
            const std::string n = e.path().filename().string();
            if (csvOnly && !n.ends_with(".csv") && !n.ends_with(".csv.gz")) continue;
            files.push_back(e.path().string());
        }
        std::sort(files.begin(), files.end());
    } else if (fs::is_regular_file(path)) {
        files.push_back(path);
    } else {
        throw std::runtime_error("no such file or folder: " + path);
    }
    return files;
}

enum class Part { Train, Validation, Test };
Part partOf(std::string_view name) {
    std::uint64_t h = 1469598103934665603ull;
    for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    h ^= h >> 31;
    const auto b = h % 100;
    return b < 70 ? Part::Train : b < 85 ? Part::Validation : Part::Test;
}

struct Data {
    std::vector<TunnelExample> rows;
    std::vector<float> features;  // rows x count()
    std::vector<Part> parts;
};

class Model {
public:
    Model(const Data& d, const std::vector<std::size_t>& train, const TunnelTrainOptions& o) {
        DMatrix m = matrix(d, train, true);
        void* const cache[] = {m.get()};
        m_booster = createBooster(cache, {{"objective", "binary:logistic"},
                                          {"tree_method", "hist"},
                                          {"max_depth", std::to_string(o.maxDepth)},
                                          {"eta", text::fixedDecimals(o.eta, 4)},
                                          {"nthread", std::to_string(o.threads)},
                                          {"seed", std::to_string(o.seed)},
                                          {"max_bin", "256"},
                                          {"verbosity", "1"}});
        boostRounds(m_booster.get(), m.get(), o.rounds);
    }
    std::vector<float> predict(const Data& d, const std::vector<std::size_t>& idx) const {
        if (idx.empty()) return {};
        DMatrix m = matrix(d, idx, false);
        return predictAll(m_booster.get(), m.get(), idx.size());
    }
    void* handle() const { return m_booster.get(); }

private:
    static DMatrix matrix(const Data& d, const std::vector<std::size_t>& idx, bool labels) {
        const std::size_t cols = TunnelNameFeatures::count();
        std::vector<float> x(idx.size() * cols);
        std::vector<float> y(idx.size());
        for (std::size_t i = 0; i < idx.size(); ++i) {
            std::copy_n(d.features.begin() + static_cast<std::ptrdiff_t>(idx[i] * cols), cols,
                        x.begin() + static_cast<std::ptrdiff_t>(i * cols));
            y[i] = d.rows[idx[i]].tunnel ? 1.0f : 0.0f;
        }
        DMatrixHandle h = nullptr;
        checkXgboost(XGDMatrixCreateFromMat(x.data(), idx.size(), cols, std::nanf(""), &h),
                     "DMatrix");
        DMatrix m(h);
        if (labels) checkXgboost(XGDMatrixSetFloatInfo(h, "label", y.data(), y.size()), "labels");
        return m;
    }
    Booster m_booster;
};

// Threshold on validation negatives at the target FPR, never below 0.5.
double pickThreshold(const Data& d, const Model& m, const std::vector<std::size_t>& val,
                     double targetFpr) {
    const std::vector<float> s = m.predict(d, val);
    auto labels = std::make_unique<bool[]>(val.size());
    for (std::size_t i = 0; i < val.size(); ++i) labels[i] = d.rows[val[i]].tunnel;
    return std::max(0.5,
                    thresholdForFpr(s, std::span<const bool>(labels.get(), val.size()), targetFpr));
}

struct Rate {
    std::size_t hit = 0, total = 0;
    double value() const { return total ? static_cast<double>(hit) / total : 0.0; }
};

}  // namespace

bool TunnelTrainer::inTestSplit(std::string_view subdomain) {
    return partOf(subdomain) == Part::Test;
}

TunnelTrainer::TunnelTrainer(TunnelTrainOptions options) : m_options(std::move(options)) {}

std::size_t TunnelTrainer::readDomurls(const std::string& path, std::vector<TunnelExample>& out) {
    std::size_t read = 0;
    for (const std::string& f : filesIn(path, true)) {
        formats::LineReader in(f);
        formats::LineReader::Line line;
        bool header = true;
        while (in.next(line)) {
            if (header) {
                header = false;
                if (line.text.starts_with("input,")) continue;
            }
            // input,class,label: the input may hold commas; class and label never do.
            const std::size_t c2 = line.text.rfind(',');
            if (c2 == std::string_view::npos || c2 == 0) continue;
            const std::size_t c1 = line.text.rfind(',', c2 - 1);
            if (c1 == std::string_view::npos || line.tooLong || line.damaged) continue;
            ++read;
            const std::string_view input = line.text.substr(0, c1);
            const std::string_view cls = line.text.substr(c1 + 1, c2 - c1 - 1);
            TunnelExample e;
            e.source = std::string(cls);
            e.tunnel = cls != "plain";
            if (e.tunnel) {
                e.subdomain = lower(input);  // the zone is already stripped
            } else {
                const std::string full = lower(input);
                e.subdomain = std::string(TunnelNameFeatures::subdomainOf(full));
                // A bare registrable domain: its owner-chosen label stands in for a benign
                // subdomain label (same alphabet and length as "www", "mail", "cdn-edge").
                if (e.subdomain.empty())
                    e.subdomain = std::string(features::PublicSuffix::split(full).secondLevelLabel);
            }
            if (!e.subdomain.empty()) out.push_back(std::move(e));
        }
    }
    return read;
}

std::size_t TunnelTrainer::readBenign(const std::string& path, std::vector<TunnelExample>& out) {
    std::vector<LabelledName> rows;
    DatasetSummary summary;
    readDataset(path, rows, summary);
    for (const LabelledName& r : rows) {
        if (r.dga) continue;
        // Registered domains have no subdomain: their owner-chosen label stands in for one.
        const features::DomainSplit parts = features::PublicSuffix::split(r.name);
        const std::string_view sub =
            parts.subdomain.empty() ? parts.secondLevelLabel : parts.subdomain;
        if (!sub.empty()) out.push_back({std::string(sub), "benign", false});
    }
    return summary.rowsRead;
}

std::size_t TunnelTrainer::readLogs(const std::string& path,
                                    const std::vector<std::string>& excludeZones,
                                    std::vector<TunnelExample>& out) {
    const config::Config config = config::defaultConfig();
    std::size_t events = 0;
    for (const std::string& f : filesIn(path, false)) {
        event::NameTable names;
        try {
            auto src = formats::openEventSource(f, formats::InputFormat::Auto, config, names, 0);
            std::vector<event::DnsEvent> batch;
            while (src->readBatch(batch, 4096)) {
                events += batch.size();
                batch.clear();
            }
            events += batch.size();
        } catch (const formats::SourceError&) {
            continue;  // not a DNS log (conn.log, README ...)
        }
        for (std::size_t id = 0; id < names.size(); ++id) {
            const std::string_view n = names.name(static_cast<event::NameId>(id));
            bool excluded = false;
            for (const std::string& z : excludeZones)
                excluded |= n == z || (n.size() > z.size() && n.ends_with(z) &&
                                       n[n.size() - z.size() - 1] == '.');
            if (excluded) continue;
            const std::string_view sub = TunnelNameFeatures::subdomainOf(n);
            if (!sub.empty()) out.push_back({std::string(sub), "logs", false});
        }
    }
    return events;
}

TunnelTrainSummary TunnelTrainer::run(const std::function<void(std::string_view)>& log) {
    const auto started = std::chrono::steady_clock::now();
    const TunnelTrainOptions& o = m_options;
    if (o.outPath.empty()) throw std::runtime_error("no output model path");
    if (o.rounds < 1 || o.maxDepth < 1) throw std::runtime_error("rounds and depth must be >= 1");

    // 1. Read.
    std::vector<TunnelExample> raw;
    std::size_t domurlsRows = 0, benignRows = 0, logEvents = 0;
    for (const auto& p : o.datasets) domurlsRows += readDomurls(p, raw);
    for (const auto& p : o.benign) benignRows += readBenign(p, raw);
    for (const auto& p : o.logs) logEvents += readLogs(p, o.excludeZones, raw);
    log("read " + std::to_string(domurlsRows) + " tunnel-set rows, " + std::to_string(benignRows) +
        " benign rows, " + std::to_string(logEvents) + " log events");

    // 2. Deduplicate (first source wins), drop names in both classes.
    std::unordered_map<std::string, std::size_t> first;
    std::set<std::string> conflicted;
    Data d;
    std::size_t duplicates = 0;
    for (TunnelExample& e : raw) {
        auto [it, fresh] = first.emplace(e.subdomain, d.rows.size());
        if (fresh) {
            d.rows.push_back(std::move(e));
        } else {
            ++duplicates;
            if (d.rows[it->second].tunnel != e.tunnel) conflicted.insert(e.subdomain);
        }
    }
    raw.clear();
    std::erase_if(d.rows, [&](const TunnelExample& e) { return conflicted.contains(e.subdomain); });
    std::map<std::string, std::size_t> perSource;
    for (const auto& e : d.rows) ++perSource[e.source];
    TunnelTrainSummary result;
    for (const auto& e : d.rows) {
        (e.tunnel ? result.tunnelNames : result.negativeNames)++;
        if (e.source == "logs") ++result.logNames;
    }
    if (result.tunnelNames == 0 || result.negativeNames == 0)
        throw std::runtime_error("training needs both tunnel and benign names");
    log("kept " + std::to_string(result.tunnelNames) + " tunnel and " +
        std::to_string(result.negativeNames) + " benign subdomains (" + std::to_string(duplicates) +
        " duplicates, " + std::to_string(conflicted.size()) + " names in both classes dropped)");

    // 3. Features, split.
    const std::size_t cols = TunnelNameFeatures::count();
    d.features.resize(d.rows.size() * cols);
    std::vector<std::size_t> train, val, test;
    std::set<std::string> tools;
    for (std::size_t i = 0; i < d.rows.size(); ++i) {
        TunnelNameFeatures::extractSubdomain(d.rows[i].subdomain,
                                             std::span<float>(d.features).subspan(i * cols, cols));
        const Part p = partOf(d.rows[i].subdomain);
        (p == Part::Train ? train : p == Part::Validation ? val : test).push_back(i);
        if (d.rows[i].tunnel) tools.insert(d.rows[i].source);
    }

    // 4. The shipped model.
    const Model model(d, train, o);
    const double threshold = pickThreshold(d, model, val, o.targetFpr);
    const std::vector<float> testScores = model.predict(d, test);
    auto testLabels = std::make_unique<bool[]>(test.size());
    std::map<std::string, Rate> recall;
    Rate fprBenign, fprLogs;
    for (std::size_t i = 0; i < test.size(); ++i) {
        const TunnelExample& e = d.rows[test[i]];
        testLabels[i] = e.tunnel;
        const bool hit = testScores[i] >= threshold;
        Rate& r = e.tunnel ? recall[e.source] : e.source == "logs" ? fprLogs : fprBenign;
        ++r.total;
        r.hit += hit;
    }
    const double auc = rocAuc(testScores, std::span<const bool>(testLabels.get(), test.size()));
    log("model trained; threshold " + text::fixedDecimals(threshold, 4) + ", test AUC " +
        text::fixedDecimals(auc, 5));

    // 5. Leave one tool out: train without it, recall on all of its names.
    std::map<std::string, Rate> loto;
    std::map<std::string, Rate> lotoFpr;
    if (o.leaveOneToolOut) {
        for (const std::string& tool : tools) {
            auto without = [&](const std::vector<std::size_t>& idx) {
                std::vector<std::size_t> out;
                for (auto i : idx)
                    if (d.rows[i].source != tool) out.push_back(i);
                return out;
            };
            const Model m(d, without(train), o);
            const double t = pickThreshold(d, m, without(val), o.targetFpr);
            std::vector<std::size_t> held, negatives;
            for (std::size_t i = 0; i < d.rows.size(); ++i)
                if (d.rows[i].source == tool) held.push_back(i);
            for (auto i : test)
                if (!d.rows[i].tunnel) negatives.push_back(i);
            for (float s : m.predict(d, held)) {
                ++loto[tool].total;
                loto[tool].hit += s >= t;
            }
            for (float s : m.predict(d, negatives)) {
                ++lotoFpr[tool].total;
                lotoFpr[tool].hit += s >= t;
            }
            log("without " + tool + ": recall " + text::fixedDecimals(loto[tool].value(), 4));
        }
    }

    // 6. Write model, manifest, report.
    const fs::path outPath(o.outPath);
    if (outPath.has_parent_path()) fs::create_directories(outPath.parent_path());
    checkXgboost(XGBoosterSaveModel(model.handle(), o.outPath.c_str()), "saving model");
    const std::string sha = Sha256::ofFile(o.outPath);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    auto rateObject = [](const std::map<std::string, Rate>& m) {
        std::string s;
        JsonObjectWriter w(s);
        for (const auto& [k, r] : m) w.field(k, r.value());
        w.finish();
        return s;
    };
    std::string sourcesJson, dataJson, metricsJson, trainingJson, json;
    {
        JsonObjectWriter w(sourcesJson);
        for (const auto& [k, n] : perSource) w.field(k, static_cast<std::uint64_t>(n));
        w.finish();
    }
    {
        JsonObjectWriter w(dataJson);
        w.field("datasets", o.datasets)
            .field("benign", o.benign)
            .field("logs", o.logs)
            .field("excluded_zones", o.excludeZones)
            .field("duplicates", static_cast<std::uint64_t>(duplicates))
            .field("collisions_dropped", static_cast<std::uint64_t>(conflicted.size()))
            .field("tunnel_names", static_cast<std::uint64_t>(result.tunnelNames))
            .field("negative_names", static_cast<std::uint64_t>(result.negativeNames))
            .rawField("names_per_source", sourcesJson)
            .field("train", static_cast<std::uint64_t>(train.size()))
            .field("validation", static_cast<std::uint64_t>(val.size()))
            .field("test", static_cast<std::uint64_t>(test.size()));
        w.finish();
    }
    {
        JsonObjectWriter w(trainingJson);
        w.field("library", "xgboost " + xgboostVersion())
            .field("objective", "binary:logistic")
            .field("rounds", o.rounds)
            .field("max_depth", o.maxDepth)
            .field("eta", o.eta)
            .field("seed", static_cast<std::uint64_t>(o.seed))
            .field("target_fpr", o.targetFpr)
            .field("seconds", seconds);
        w.finish();
    }
    {
        JsonObjectWriter w(metricsJson);
        w.field("split", "test")
            .field("roc_auc", auc)
            .field("threshold", threshold)
            .rawField("recall_per_tool", rateObject(recall))
            .field("fpr_benign", fprBenign.value())
            .field("fpr_logs", fprLogs.value())
            .rawField("leave_one_tool_out_recall", rateObject(loto))
            .rawField("leave_one_tool_out_fpr", rateObject(lotoFpr));
        w.finish();
    }
    std::vector<std::string> featureNames;
    for (auto n : TunnelNameFeatures::names()) featureNames.emplace_back(n);
    {
        JsonObjectWriter w(json);
        w.field("model_file", outPath.filename().string())
            .field("sha256", sha)
            .field("feature_set", "tunnel_name")
            .field("feature_version", TunnelNameFeatures::version())
            .field("feature_names", featureNames)
            .field("threshold", threshold)
            .field("created_by", o.createdBy)
            .rawField("training", trainingJson)
            .rawField("data", dataJson)
            .rawField("metrics", metricsJson);
        w.finish();
    }
    result.modelPath = o.outPath;
    result.manifestPath = manifestPathFor(o.outPath);
    result.reportPath = reportPathFor(o.outPath);
    {
        std::ofstream m(result.manifestPath, std::ios::binary | std::ios::trunc);
        m << json << '\n';
        if (!m) throw std::runtime_error("cannot write " + result.manifestPath);
    }
    std::ofstream r(result.reportPath, std::ios::trunc);
    r << "# Tunnel-name model training report\n\n"
      << "Command: `" << o.createdBy << "`\n\n"
      << "Model: `" << outPath.filename().string() << "` (sha256 `" << sha << "`), XGBoost "
      << xgboostVersion() << ", " << o.rounds << " rounds, depth " << o.maxDepth << ", eta "
      << o.eta << ", seed " << o.seed << ", TunnelNameFeatures version "
      << TunnelNameFeatures::version() << " (" << cols
      << " features of the subdomain part only: the tunnel zone never reaches the model). "
      << "Trained in " << text::fixedDecimals(seconds, 1) << " s.\n\n"
      << "## Data\n\n"
      << "Distinct subdomains kept per source (after deduplication; " << duplicates
      << " duplicates and " << conflicted.size()
      << " names present in both classes dropped). The benign lists hold registered domains, whose "
         "subdomain is empty (never scored): their second-level label stands in for a benign "
         "subdomain label. Log names with an empty subdomain are left out.\n\n"
      << "| source | class | names |\n|---|---|---:|\n";
    for (const auto& [k, n] : perSource)
        r << "| " << k << " | "
          << (k == "plain" || k == "benign" || k == "logs" ? "negative" : "tunnel") << " | " << n
          << " |\n";
    r << "\nSplit 70/15/15 by a hash of the subdomain: train " << train.size() << ", validation "
      << val.size() << ", test " << test.size() << ". Log names under "
      << (o.excludeZones.empty() ? std::string("(none)") : o.excludeZones.front())
      << " (a known C2 zone) are left out.\n\n"
      << "## Test split\n\n"
      << "Threshold " << text::fixedDecimals(threshold, 4)
      << " (validation negatives' FPR <= " << o.targetFpr << ", at least 0.5). ROC AUC "
      << text::fixedDecimals(auc, 5) << ".\n\n"
      << "| tool | test names | recall at threshold |\n|---|---:|---:|\n";
    for (const auto& [k, rt] : recall)
        r << "| " << k << " | " << rt.total << " | " << text::fixedDecimals(rt.value(), 4)
          << " |\n";
    r << "\n| negatives | test names | false-positive rate |\n|---|---:|---:|\n"
      << "| benign lists (Tranco subset, domurls plain) | " << fprBenign.total << " | "
      << text::fixedDecimals(fprBenign.value(), 5) << " |\n"
      << "| real-log names (rita, ctu Zeek logs) | " << fprLogs.total << " | "
      << text::fixedDecimals(fprLogs.value(), 5) << " |\n\n";
    if (!loto.empty()) {
        r << "## Leave one tool out\n\nA model trained without the tool's names (threshold from "
             "its own validation split), scored on every name of the tool, and its FPR on the "
             "test negatives.\n\n"
          << "| held-out tool | names | recall | FPR on test negatives |\n|---|---:|---:|---:|\n";
        for (const auto& [k, rt] : loto)
            r << "| " << k << " | " << rt.total << " | " << text::fixedDecimals(rt.value(), 4)
              << " | " << text::fixedDecimals(lotoFpr[k].value(), 5) << " |\n";
    }
    r << "\nShort polling names (tuns' `r12345`, dnscapy's `b.e.1.40644`) look like ordinary "
         "labels on their own; the detector's per-client rules see them together.\n";
    if (!r) throw std::runtime_error("cannot write " + result.reportPath);

    result.seconds = seconds;
    result.threshold = threshold;
    result.testAuc = auc;
    for (const auto& [k, rt] : recall) result.testRecall[k] = rt.value();
    for (const auto& [k, rt] : loto) result.leaveOneOut[k] = rt.value();
    result.fprBenign = fprBenign.value();
    result.fprLogs = fprLogs.value();
    return result;
}

}  // namespace dnshound::core::model
