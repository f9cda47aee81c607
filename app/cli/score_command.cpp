#include <array>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/cli/command_line.h"
#include "app/cli/commands.h"
#include "core/event/name_table.h"
#include "core/features/domain_features.h"
#include "core/features/domain_name.h"
#include "core/model/dga_model.h"
#include "core/text/json_writer.h"

namespace dnshound::app::cli {

namespace {

using core::features::DomainFeatures;

constexpr std::size_t kBatch = 4096;

// Names of one batch with their feature rows; invalid names carry their problem instead.
struct Batch {
    std::vector<std::string> raw;           // as read (for the output line)
    std::vector<std::string> normalised;    // as scored
    std::vector<std::string_view> problem;  // empty when the name is scored
    std::vector<float> features;            // one row per scored name
    std::vector<std::size_t> scoredRow;     // line -> feature row
    std::vector<float> scores;
    std::size_t rows = 0;
    std::size_t size = 0;
};

void flush(Batch& b, const core::model::DgaModel& model, std::string& out) {
    if (b.size == 0) return;
    b.scores.resize(b.rows);
    model.predict(b.features, b.rows, b.scores);
    out.clear();
    for (std::size_t i = 0; i < b.size; ++i) {
        core::text::JsonObjectWriter w(out);
        w.field("domain", b.raw[i]);
        if (!b.problem[i].empty()) {
            w.field("error", b.problem[i]);
        } else {
            const double score = b.scores[b.scoredRow[i]];
            const bool dga = score >= model.threshold();
            w.field("dga_score", score).field("dga", dga);
            // The family a DGA name resembles, where the attribution can be trusted.
            if (dga) {
                const auto like = model.resemblance(b.normalised[i]);
                if (like.confident())
                    w.field("family", like.family)
                        .field("family_margin", static_cast<double>(like.margin));
            }
        }
        w.finish();
        out.push_back('\n');
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    b.rows = 0;
    b.size = 0;
}

// Reads one line of any length (without its newline); false at end of input.
bool readLine(std::FILE* in, std::string& line) {
    line.clear();
    std::array<char, 4096> chunk;
    while (std::fgets(chunk.data(), static_cast<int>(chunk.size()), in) != nullptr) {
        line.append(chunk.data());
        if (line.back() == '\n') return true;
    }
    return !line.empty();
}

}  // namespace

int runScore(const std::vector<std::string>& args) {
    const CommandLine cl(args, {"--model"}, {});
    if (cl.positional().size() > 1) throw UsageError("score takes at most one input file");
    const std::string input = cl.positional().empty() ? "-" : cl.positional()[0];
    const std::string modelPath =
        cl.value("--model").value_or(core::model::DgaModel::defaultModelPath());

    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(nullptr, &std::fclose);
    std::FILE* in = stdin;
    if (input != "-") {
        file.reset(std::fopen(input.c_str(), "rb"));
        if (!file) throw UsageError("cannot open input file " + input);
        in = file.get();
    }
    const auto model = core::model::DgaModel::load(modelPath);

    const std::size_t cols = DomainFeatures::count();
    Batch b;
    b.raw.resize(kBatch);
    b.normalised.resize(kBatch);
    b.problem.resize(kBatch);
    b.scoredRow.resize(kBatch);
    b.features.resize(kBatch * cols);
    std::string out;
    std::array<char, 256> normalised;
    std::string line;
    while (readLine(in, line)) {
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ' ||
                                 line.back() == '\t'))
            line.pop_back();
        std::size_t start = line.find_first_not_of(" \t");
        if (start == std::string::npos) continue;  // blank line
        const std::string_view raw = std::string_view(line).substr(start);
        b.raw[b.size].assign(raw);
        const std::string_view name = core::event::normaliseName(raw, normalised);
        std::string_view problem = name.empty()
                                       ? std::string_view("name longer than 253 characters")
                                       : core::features::domainNameProblem(name);
        b.problem[b.size] = problem;
        if (problem.empty()) {
            b.normalised[b.size].assign(name);
            DomainFeatures::extract(name,
                                    std::span<float>(b.features).subspan(b.rows * cols, cols));
            b.scoredRow[b.size] = b.rows++;
        }
        if (++b.size == kBatch) flush(b, *model, out);
    }
    if (std::ferror(in)) throw UsageError("error reading " + input);
    flush(b, *model, out);
    std::fflush(stdout);
    return 0;
}

}  // namespace dnshound::app::cli
