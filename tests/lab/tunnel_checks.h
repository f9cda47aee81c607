#pragma once

#include <vector>

#include "tunnel_lab.h"

namespace dnshound::tests::lab {

// The assertions every tunnel lab test makes, shared by the per-tool tests. They use QVERIFY
// and so must be called from a test function (check QTest::currentTestFailed() after them).

// Adds one data row per session (column "index").
void addSessionRows(const std::vector<TunnelSession>& sessions);
// The session ran and carried its whole payload.
void verifySessionCarriedPayload(const TunnelSession& session);
// A tunnel/exfil alert for the session's client and registered domain, whose evidence starts
// with the session, and already in an analysis of the log cut at the session's 50th query
// (or 60 s of its traffic when it is slower). Prints the verdict for the lab report.
void verifySessionAlertsEarly(TunnelLab& lab, const TunnelSession& session);
// No tunnel/exfil alert for any benign background client.
void verifyBenignClientsQuiet(const TunnelLab& lab);
// The DGA background client has a dga alert.
void verifyDgaClientAlerts(const TunnelLab& lab);

}  // namespace dnshound::tests::lab
