#include "core/report/report_builder.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <exception>
#include <memory>
#include <set>
#include <unordered_map>

#include "core/features/domain_features.h"
#include "core/model/dga_model.h"
#include "core/report/report_text.h"
#include "core/store/analysis_reader.h"
#include "core/store/report_query.h"

namespace dnshound::core::report {

namespace {

constexpr std::int64_t kMinuteUs = 60'000'000;
// Bucket widths a reader can take in at a glance.
constexpr std::array<std::int64_t, 12> kNiceBucketsMin{1,  2,   5,   10,  15,   30,
                                                       60, 120, 360, 720, 1440, 10080};
constexpr double kFallbackEvidenceScore = 0.9;
constexpr std::size_t kContributionsPerName = 8;  // features listed per explained name

std::int64_t bucketWidth(std::int64_t spanUs, std::size_t maxBuckets) {
    for (const std::int64_t minutes : kNiceBucketsMin) {
        const std::int64_t width = minutes * kMinuteUs;
        if (spanUs / width < static_cast<std::int64_t>(maxBuckets)) return width;
    }
    return kNiceBucketsMin.back() * kMinuteUs;
}

double metaNumber(const store::AnalysisReader& reader, std::string_view key, double fallback) {
    const auto text = reader.meta(key);
    if (!text || text->empty()) return fallback;
    try {
        return std::stod(*text);
    } catch (const std::exception&) {
        return fallback;
    }
}

// The run's facts; `model` receives the installed model when it is the one the analysis used
// (the source of per-name contributions).
RunFacts readRunFacts(const store::AnalysisReader& reader, const ReportOptions& options,
                      std::unique_ptr<model::DgaModel>& model) {
    RunFacts run;
    run.dnshoundVersion = reader.meta("dnshound_version").value_or("unknown");
    run.modelSha256 = reader.meta("model_sha256").value_or("");
    run.configDigest = reader.meta("config_digest").value_or("");
    run.configOrigin = reader.meta("config_origin").value_or("");
    run.startedAtUs = static_cast<std::int64_t>(metaNumber(reader, "started_at_us", 0));
    run.finishedAtUs = static_cast<std::int64_t>(metaNumber(reader, "finished_at_us", 0));
    run.cancelled = reader.meta("cancelled").value_or("0") == "1";
    run.modelThreshold = metaNumber(reader, "dga_threshold", -1.0);
    run.evidenceThreshold = metaNumber(reader, "dga_evidence_threshold", -1.0);
    if (run.modelSha256.empty()) {
        run.modelDescription = "no DGA model was used in this analysis";
        return run;
    }
    try {
        const std::string path =
            options.modelPath.empty() ? model::DgaModel::defaultModelPath() : options.modelPath;
        auto loaded = model::DgaModel::load(path);
        const auto& manifest = loaded->manifest();
        if (manifest.sha256 == run.modelSha256) {
            run.modelDescription = manifest.modelFile + " (feature version " +
                                   std::to_string(manifest.featureVersion) +
                                   "), trained by: " + manifest.createdBy;
            model = std::move(loaded);
        } else {
            run.modelDescription =
                "a model other than the one installed here (identify it by its sha256)";
        }
    } catch (const std::exception&) {
        run.modelDescription = "model file not available here (identify it by its sha256)";
    }
    return run;
}

std::string reasonFor(const store::AlertRecord& a, const RunFacts& run) {
    const std::string window = utcText(a.firstSeenUs) + " and " + utcText(a.lastSeenUs);
    if (a.kind == "dga") {
        const double threshold =
            run.evidenceThreshold >= 0 ? run.evidenceThreshold : kFallbackEvidenceScore;
        return "Client " + a.client + " looked up " + countText(a.count) +
               " different domain names that the DGA model scored " + scoreText(threshold) +
               " or higher (on a scale of 0 to 1, where 1 means certainly machine-generated) "
               "between " +
               window +
               ". Several such names from one client within a short time is the signature of "
               "malware searching for its command server. The highest-scoring name was " +
               a.domain + " (score " + scoreText(a.score) + ")." +
               (a.reason.empty() ? std::string()
                                 : " " + a.reason + " (a family the model was trained on).");
    }
    return "Client " + a.client + " raised a " + alertKindText(a.kind) + " alert on " + a.domain +
           " (score " + scoreText(a.score) + ") from " + countText(a.count) +
           " evidence queries between " + window + ".";
}

std::vector<DomainExplanation> explainNames(const store::AlertRecord& a,
                                            const std::vector<store::QueryRow>& clientRows,
                                            const ReportOptions& options) {
    std::unordered_map<std::string, double> scores;
    for (const auto& row : clientRows) scores.emplace(row.domain, row.dgaScore);
    std::vector<DomainExplanation> out;
    std::set<std::string> seen;
    for (const auto& name : a.evidence) {
        if (!seen.insert(name).second) continue;
        DomainExplanation e;
        e.domain = name;
        if (const auto it = scores.find(name); it != scores.end()) e.score = it->second;
        out.push_back(std::move(e));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& x, const auto& y) { return x.score > y.score; });
    if (out.size() > options.explainedNamesPerAlert) out.resize(options.explainedNamesPerAlert);
    if (options.contributions)
        for (auto& e : out) e.contributions = options.contributions(e.domain);
    return out;
}

std::vector<GlossaryEntry> glossary() {
    return {
        {"DNS",
         "the Domain Name System: computers ask a resolver to turn names such as "
         "example.com into addresses; every question is a query."},
        {"DGA",
         "Domain Generation Algorithm: malware that invents many random-looking domain "
         "names a day to find its command server; most of them do not exist, so the "
         "resolver answers NXDOMAIN."},
        {"tunnel",
         "DNS tunnelling: a program that hides a data connection inside DNS queries "
         "and answers (long, random-looking labels under one domain, often TXT or "
         "NULL records)."},
        {"exfil",
         "data exfiltration over DNS: data smuggled out of a network by encoding it "
         "in the names a client looks up."},
        {"NXDOMAIN", "the resolver's answer \"this name does not exist\"."},
        {"score", "the model's estimate, from 0 to 1, that a name is machine-generated."},
        {"sha256", "a fingerprint of the model file: the same value means the very same model."},
        {"config digest", "a fingerprint of the detection settings in effect for the analysis."},
        {"UTC",
         "every time in this report is Coordinated Universal Time, from the logs' own "
         "timestamps."},
    };
}

void addSummary(IncidentReport& r, std::int64_t queries, std::int64_t nxdomain) {
    std::set<std::string> clients;
    for (const auto& a : r.alerts) clients.insert(a.client);
    if (r.alerts.empty()) {
        r.summary.push_back("No alert was raised for this selection.");
    } else {
        for (const auto& a : r.alerts) {
            r.summary.push_back("Client " + a.client + ": " + alertKindText(a.kind) + " alert #" +
                                std::to_string(a.id) + " (score " + scoreText(a.score) + ", " +
                                countText(a.count) + " evidence names, from " +
                                utcText(a.firstSeenUs) + " to " + utcText(a.lastSeenUs) +
                                ", triage state: " + a.state + ").");
        }
    }
    r.summary.push_back(countText(queries) + " DNS queries in the covered time (" +
                        utcText(r.fromUs) + " to " + utcText(r.toUs) + "), " +
                        percentText(nxdomain, queries) + " of them answered NXDOMAIN.");
    r.summary.push_back(
        countText(r.evidenceQueriesTotal) + " queries are listed as evidence" +
        (r.evidenceQueriesTotal > static_cast<std::int64_t>(r.evidenceQueries.size())
             ? " (the first " + countText(static_cast<std::int64_t>(r.evidenceQueries.size())) +
                   " are shown)."
             : "."));
    std::int64_t rejected = 0;
    std::int64_t total = 0;
    for (const auto& s : r.sources) {
        rejected += s.summary.linesRejected;
        total += s.summary.linesTotal;
    }
    if (rejected > 0)
        r.summary.push_back(countText(rejected) + " of " + countText(total) +
                            " input lines could not be read (see Inputs); they are counted, "
                            "not analysed.");
    if (r.run.cancelled)
        r.summary.push_back(
            "The analysis was stopped before the end of its input: it covers "
            "only the part read.");
}

}  // namespace

std::string alertKindText(std::string_view kind) {
    if (kind == "dga") return "DGA";
    if (kind == "tunnel") return "DNS tunnel";
    if (kind == "exfil") return "data exfiltration over DNS";
    return std::string(kind);
}

IncidentReport buildIncidentReport(const std::string& analysisPath,
                                   const ReportSelection& selection, const ReportOptions& options) {
    const store::AnalysisReader reader(analysisPath);
    const store::ReportQuery query(analysisPath);
    IncidentReport r;
    r.selection = selection;
    r.analysisPath = analysisPath;
    r.generatedAtUs = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
    std::unique_ptr<model::DgaModel> usedModel;
    r.run = readRunFacts(reader, options, usedModel);
    // Contributions: the caller's source, else SHAP from the very model the analysis used (when
    // this machine has it): the eight features that moved each name's score most.
    ReportOptions withModel = options;
    if (!withModel.contributions && usedModel) {
        const model::DgaModel* m = usedModel.get();
        withModel.contributions = [m](std::string_view domain) {
            const auto e = m->explain(domain);
            const auto& names = features::DomainFeatures::names();
            std::vector<FeatureContribution> out;
            for (std::size_t i = 0; i < e.contributions.size() && i < names.size(); ++i)
                out.push_back({names[i], e.features[i], e.contributions[i]});
            std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
                return std::abs(x.contribution) > std::abs(y.contribution);
            });
            if (out.size() > kContributionsPerName) out.resize(kContributionsPerName);
            return out;
        };
    }
    const double flagScore =
        r.run.evidenceThreshold >= 0 ? r.run.evidenceThreshold : kFallbackEvidenceScore;
    r.evidenceMinScore = flagScore;

    std::string client;
    switch (selection.scope) {
        case ReportSelection::Scope::Alert: {
            auto a = query.alert(selection.alertId);
            if (!a)
                throw ReportError("no alert #" + std::to_string(selection.alertId) + " in " +
                                  analysisPath);
            client = a->client;
            r.title = alertKindText(a->kind) + " alert #" + std::to_string(a->id) + ": client " +
                      a->client;
            r.scopeText = "alert #" + std::to_string(a->id) + " (" + alertKindText(a->kind) +
                          ", client " + a->client + ")";
            // The alert's window with context on both sides.
            const std::int64_t pad =
                std::max<std::int64_t>(5 * kMinuteUs, (a->lastSeenUs - a->firstSeenUs) / 5);
            r.fromUs = a->firstSeenUs - pad;
            r.toUs = a->lastSeenUs + pad;
            r.alerts.push_back(std::move(*a));
            break;
        }
        case ReportSelection::Scope::Client: {
            const auto summary = reader.client(selection.client);
            if (!summary)
                throw ReportError("no client " + selection.client + " in " + analysisPath);
            client = selection.client;
            r.title = "Client " + client;
            r.scopeText = "client " + client + " (all of its queries)";
            r.fromUs = summary->firstSeenUs;
            r.toUs = summary->lastSeenUs;
            r.alerts = query.alertsForClient(client);
            break;
        }
        case ReportSelection::Scope::TimeRange: {
            const auto [first, last] = query.timeExtent();
            const bool whole = selection.fromUs == 0 && selection.toUs == 0;
            r.fromUs = whole ? first : selection.fromUs;
            r.toUs = whole ? last : selection.toUs;
            if (r.toUs < r.fromUs) throw ReportError("the time range ends before it starts");
            r.title = whole ? "Whole analysis" : "Time range";
            r.scopeText = (whole ? "the whole analysis, " : "event time ") + utcText(r.fromUs) +
                          " to " + utcText(r.toUs);
            r.alerts = query.alertsOverlapping(r.fromUs, r.toUs);
            break;
        }
    }

    std::vector<std::string> ips;
    if (!client.empty()) ips.push_back(client);
    for (const auto& a : r.alerts)
        if (std::find(ips.begin(), ips.end(), a.client) == ips.end()) ips.push_back(a.client);
    r.clients = query.clients(ips);

    // Evidence: the flagged queries of the client (or of each alerted client in the range).
    std::int64_t queries = 0;
    std::int64_t nxdomain = 0;
    const std::int64_t width = bucketWidth(r.toUs - r.fromUs, options.timelineMaxBuckets);
    r.timeline.bucketUs = width;
    if (!client.empty()) {
        store::QueryScope scope{client, r.fromUs, r.toUs, flagScore};
        r.evidenceQueries = query.queries(scope, options.evidenceQueryLimit);
        r.evidenceQueriesTotal = query.countQueries(scope);
        r.timeline.perClient = true;
        r.timeline.title = "Queries of client " + client + " per " + durationText(width);
        r.timeline.buckets = query.timeline({client, r.fromUs, r.toUs, -1.0}, width, flagScore);
    } else {
        for (const auto& ip : ips) {
            store::QueryScope scope{ip, r.fromUs, r.toUs, flagScore};
            auto rows = query.queries(scope, options.evidenceQueryLimit);
            r.evidenceQueries.insert(r.evidenceQueries.end(), rows.begin(), rows.end());
            r.evidenceQueriesTotal += query.countQueries(scope);
        }
        std::stable_sort(r.evidenceQueries.begin(), r.evidenceQueries.end(),
                         [](const auto& x, const auto& y) { return x.timeUs < y.timeUs; });
        if (r.evidenceQueries.size() > options.evidenceQueryLimit)
            r.evidenceQueries.resize(options.evidenceQueryLimit);
        r.timeline.title = "Queries of every client per " + durationText(width);
        r.timeline.buckets = query.timeline({"", r.fromUs, r.toUs, -1.0}, width, flagScore);
    }
    for (const auto& b : r.timeline.buckets) {
        queries += b.queries;
        nxdomain += b.nxdomain;
    }

    for (const auto& a : r.alerts) {
        AlertExplanation e;
        e.alertId = a.id;
        e.reason = reasonFor(a, r.run);
        const auto rows = query.queries({a.client, a.firstSeenUs, a.lastSeenUs, flagScore},
                                        options.evidenceQueryLimit * 10);
        e.domains = explainNames(a, rows, withModel);
        r.explanations.push_back(std::move(e));
    }
    std::vector<std::int64_t> ids;
    for (const auto& a : r.alerts) ids.push_back(a.id);
    r.notes = query.notes(ids);

    const auto rejects = query.rejectCounts();
    std::int64_t sourceId = 0;  // sources are numbered from 0 in input order
    for (auto& s : reader.sources()) {
        ReportSource source{std::move(s), {}};
        for (const auto& rc : rejects)
            if (rc.sourceId == sourceId) source.rejects.push_back(rc);
        r.sources.push_back(std::move(source));
        ++sourceId;
    }
    r.glossary = glossary();
    addSummary(r, queries, nxdomain);
    return r;
}

}  // namespace dnshound::core::report
