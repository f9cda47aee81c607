#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/store/report_query.h"
#include "core/store/store_records.h"

namespace dnshound::core::report {

// What a report covers: one alert, everything about one client, or a stretch of event time.
struct ReportSelection {
    enum class Scope { Alert, Client, TimeRange };
    Scope scope = Scope::TimeRange;
    std::int64_t alertId = 0;  // Scope::Alert
    std::string client;        // Scope::Client
    std::int64_t fromUs = 0;   // Scope::TimeRange; both 0: the whole analysis
    std::int64_t toUs = 0;
};

// How much a feature pushed one name's score up (positive) or down, in the model's log-odds.
struct FeatureContribution {
    std::string feature;
    double value = 0.0;         // the feature's value for the name
    double contribution = 0.0;  // SHAP value
};

// Why one name looked machine-generated.
struct DomainExplanation {
    std::string domain;
    double score = -1.0;  // DGA score 0..1; < 0 when the name was never scored
    std::vector<FeatureContribution> contributions;  // empty when the model exposes none
};

struct AlertExplanation {
    std::int64_t alertId = 0;
    std::string reason;  // plain-language rule that fired, with the numbers behind it
    std::vector<DomainExplanation> domains;
};

struct ReportTimeline {
    std::string title;
    std::int64_t bucketUs = 60'000'000;
    bool perClient = false;  // true: buckets count one client's queries (flagged is set)
    std::vector<store::TimelineCount> buckets;
};

struct ReportSource {
    store::SourceSummary summary;
    std::vector<store::RejectCount> rejects;  // by reason, most frequent first
};

// Facts about the run that produced the analysis file.
struct RunFacts {
    std::string dnshoundVersion;
    std::string modelSha256;
    std::string modelDescription;  // from the model's manifest when the shipped model matches
    double modelThreshold = -1.0;  // per-name DGA threshold used
    double evidenceThreshold = -1.0;
    std::string configDigest;
    std::string configOrigin;
    std::int64_t startedAtUs = 0;
    std::int64_t finishedAtUs = 0;
    bool cancelled = false;
};

struct GlossaryEntry {
    std::string term;
    std::string meaning;
};

// Everything an incident report shows, assembled from one analysis file; renderers only format.
struct IncidentReport {
    ReportSelection selection;
    std::string title;
    std::string scopeText;  // "alert #3 (dga, client 10.0.0.5)"
    std::string analysisPath;
    std::int64_t generatedAtUs = 0;
    std::int64_t fromUs = 0;  // event time the report covers
    std::int64_t toUs = 0;
    std::vector<std::string> summary;  // short plain-language findings, most important first
    RunFacts run;
    std::vector<store::AlertRecord> alerts;
    std::vector<AlertExplanation> explanations;  // one per alert, same order
    std::vector<store::ClientSummary> clients;   // the clients the alerts name
    ReportTimeline timeline;
    std::vector<store::QueryRow> evidenceQueries;
    std::int64_t evidenceQueriesTotal = 0;  // before the listing limit
    double evidenceMinScore = -1.0;         // the score the listed queries reach at least
    std::vector<store::AlertNote> notes;
    std::vector<ReportSource> sources;
    std::vector<GlossaryEntry> glossary;
};

}  // namespace dnshound::core::report
