#include "app/cli/datatest_output.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "core/datatest/truth_sources.h"
#include "core/text/json_writer.h"

namespace dnshound::app::cli {

namespace {

std::int64_t nowUs() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string matrixJson(const core::datatest::ConfusionMatrix& m) {
    std::string out;
    core::text::JsonObjectWriter(out)
        .field("tp", m.truePositives)
        .field("fp", m.falsePositives)
        .field("fn", m.falseNegatives)
        .field("tn", m.trueNegatives)
        .field("precision", m.precision())
        .field("recall", m.recall())
        .field("f1", m.f1())
        .field("fpr", m.falsePositiveRate())
        .finish();
    return out;
}

void printMatrix(const core::datatest::ConfusionMatrix& m, const char* title) {
    std::printf("%s (%llu)\n", title, static_cast<unsigned long long>(m.total()));
    std::printf("  %-17s %12s %12s\n", "truth \\ verdict", "malicious", "benign");
    std::printf("  %-17s %12llu %12llu\n", "malicious",
                static_cast<unsigned long long>(m.truePositives),
                static_cast<unsigned long long>(m.falseNegatives));
    std::printf("  %-17s %12llu %12llu\n", "benign",
                static_cast<unsigned long long>(m.falsePositives),
                static_cast<unsigned long long>(m.trueNegatives));
    std::printf("  precision %.4f  recall %.4f  F1 %.4f  FPR %.6f\n", m.precision(), m.recall(),
                m.f1(), m.falsePositiveRate());
}

}  // namespace

void prepareAllowlist(const CommandLine& cl, core::pipeline::AnalysisRequest& request) {
    std::optional<std::string> path = cl.value("--allowlist");
    if (!path) {
        if (const auto config = cl.value("--config")) {
            const auto nextTo = std::filesystem::path(*config).parent_path() / "allowlist.yaml";
            if (std::filesystem::is_regular_file(nextTo)) path = nextTo.string();
        }
    }
    if (!path) return;
    if (!std::filesystem::is_regular_file(*path))
        throw UsageError("no such allowlist file: " + *path);
    request.allowlist = std::make_shared<const core::config::Allowlist>(
        core::config::loadAllowlistFile(*path, nowUs()));
}

void prepareTruth(const CommandLine& cl, core::pipeline::AnalysisRequest& request) {
    core::datatest::TruthSources sources;
    sources.truthFiles = cl.values("--truth");
    sources.labelColumns = cl.flag("--datatest");
    request.truth = core::datatest::buildTruthTable(sources, request.inputs, request.config);
}

std::string datatestJson(const core::datatest::DatatestResult& r) {
    std::string out;
    core::text::JsonObjectWriter(out)
        .rawField("query", matrixJson(r.queries))
        .rawField("client", matrixJson(r.clients))
        .field("name_threshold", r.nameThreshold)
        .field("names_unlabelled", r.namesUnlabelled)
        .field("malicious_names_unscored", r.maliciousNamesUnscored)
        .field("clients_unlabelled", r.clientsUnlabelled)
        .finish();
    return out;
}

std::string allowlistJson(const core::pipeline::AnalysisResult& r) {
    std::string out;
    core::text::JsonObjectWriter(out)
        .field("active", r.allowlistActive)
        .field("expired", r.allowlistExpired)
        .field("suppressed_queries", r.allowlist.suppressedQueries)
        .field("suppressed_alerts", r.allowlist.suppressedAlerts)
        .finish();
    return out;
}

void printDatatest(const core::datatest::DatatestResult& r) {
    std::printf("datatest (per-name verdict: score >= %.3f; per-client verdict: a DGA alert)\n",
                r.nameThreshold);
    printMatrix(r.queries, "query names");
    printMatrix(r.clients, "clients");
    std::printf(
        "  scored names without a label: %llu; malicious names never scored: %llu; "
        "clients without a label: %llu\n",
        static_cast<unsigned long long>(r.namesUnlabelled),
        static_cast<unsigned long long>(r.maliciousNamesUnscored),
        static_cast<unsigned long long>(r.clientsUnlabelled));
}

}  // namespace dnshound::app::cli
