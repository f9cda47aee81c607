#pragma once

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

#include "background_traffic.h"
#include "cli_analysis.h"
#include "tunnel_session.h"
#include "unbound_lab.h"
#include "unbound_log.h"

namespace dnshound::tests::lab {

// What the analysis made of one tunnel session.
struct SessionVerdict {
    int queries = 0;                     // the session's query lines in the resolver log
    std::int64_t startSecs = 0;          // time of its first query line
    std::optional<CliAlert> alert;       // tunnel/exfil alert for (client, registered domain)
    int earlyQueries = 0;                // queries in the early cut (<= 50, within 60 s)
    std::int64_t earlySecs = 0;          // seconds of session traffic in the early cut
    std::optional<CliAlert> earlyAlert;  // the alert from analysing the log up to that cut
    QString earlyError;                  // a failed early analysis
};

// The tunnel lab of issue 4: unbound on 127.0.0.1 logging every query and reply, benign zones
// for the background traffic, stub zones for the tunnel sessions; background traffic from many
// clients around the sessions; then `dnshound-cli analyze --format unbound` on the log.
class TunnelLab final {
public:
    static constexpr int kEarlyQueries = 50;
    static constexpr std::int64_t kEarlySecs = 60;
    static inline const QStringList kTunnelKinds{QStringLiteral("tunnel"), QStringLiteral("exfil")};

    TunnelLab(QString dir, std::uint64_t seed);
    ~TunnelLab();

    // Checks `tools` and the loopback ports, starts unbound with a stub zone per session (to
    // `serverAddress`) and the background traffic. An empty string, or why the lab cannot run.
    QString start(const QStringList& tools, const std::vector<TunnelSession>& sessions,
                  const char* serverAddress);
    // Stops the background traffic and unbound, then analyses the whole log; an empty string or
    // the analysis error.
    QString finishAndAnalyze();

    SessionVerdict assess(const TunnelSession& session);
    // The 1-based index of the session query after which an analysis of the log first raises
    // its alert (bisection over log prefixes), or -1 when even the whole log does not.
    int firstAlertQuery(const TunnelSession& session);

    // With DNSHOUND_LAB_OUT set: copies the whole log as <tool>-all.log and each session's span
    // (with the background around it) as <label>.log into that folder.
    void exportLogs(const std::vector<TunnelSession>& sessions, const QString& tool) const;

    const CliAnalysis& analysis() const { return m_full; }
    const UnboundLog& log() const { return *m_log; }
    const BackgroundTraffic& traffic() const { return m_traffic; }

private:
    std::optional<CliAlert> sessionAlert(const CliAnalysis& a, const TunnelSession& s) const;
    std::optional<CliAlert> alertForPrefix(const TunnelSession& s, int lines, QString* error);

    QString m_dir;
    UnboundLab m_unbound;
    BackgroundTraffic m_traffic;
    CliAnalysis m_full;
    std::unique_ptr<UnboundLog> m_log;
    int m_prefixRuns = 0;
};

}  // namespace dnshound::tests::lab
