#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace dnshound::tests::lab {

// One line of `dnshound-cli ... --alerts FILE` (JSON lines).
struct CliAlert {
    QString kind;
    QString client;
    QString domain;
    double score = 0.0;
    std::int64_t firstSeenUs = 0;
    std::int64_t lastSeenUs = 0;
    std::int64_t count = 0;
    QJsonObject json;  // the whole alert, for messages
};

struct CliAnalysis {
    QString error;  // empty when the command ran and exited 0
    std::vector<CliAlert> alerts;
    QJsonObject summary;
    QString dbPath;

    // The alerts of `kinds` for `client` (any kind when `kinds` is empty).
    std::vector<CliAlert> alertsFor(const QString& client, const QStringList& kinds = {}) const;
};

// Runs the real `dnshound-cli` (DNSHOUND_CLI) with `args` plus --db/--alerts/--summary files
// named after `tag` in `dir`, and reads the results back.
CliAnalysis runCli(const QStringList& args, const QString& dir, const QString& tag,
                   int timeoutMs = 120000);

// "kind client domain (count, first_seen)" lines, for failure messages and the lab report.
QString describeAlerts(const std::vector<CliAlert>& alerts);

}  // namespace dnshound::tests::lab
