#include "tunnel_checks.h"

#include <QJsonDocument>
#include <QtTest>

namespace dnshound::tests::lab {

void addSessionRows(const std::vector<TunnelSession>& sessions) {
    QTest::addColumn<int>("index");
    for (std::size_t i = 0; i < sessions.size(); ++i)
        QTest::newRow(qPrintable(sessions[i].label)) << static_cast<int>(i);
}

void verifySessionCarriedPayload(const TunnelSession& s) {
    if (!s.negotiated.isEmpty()) qInfo().noquote() << s.label << "negotiated:" << s.negotiated;
    QVERIFY2(s.failure.isEmpty(), qPrintable(s.failure));
    QVERIFY(s.payloadBytes > 0);
    QCOMPARE(s.deliveredBytes, s.payloadBytes);
}

void verifySessionAlertsEarly(TunnelLab& lab, const TunnelSession& s) {
    const SessionVerdict v = lab.assess(s);
    qInfo().noquote() << s.label << "queries" << v.queries << "alert"
                      << (v.alert ? QString::fromUtf8(
                                        QJsonDocument(v.alert->json).toJson(QJsonDocument::Compact))
                                  : QStringLiteral("none"))
                      << "early cut" << v.earlyQueries << "queries /" << v.earlySecs
                      << "s:" << (v.earlyAlert ? v.earlyAlert->kind : QStringLiteral("no alert"));
    if (qEnvironmentVariableIsSet("DNSHOUND_LAB_REPORT"))
        qInfo().noquote() << s.label << "first alert after session query" << lab.firstAlertQuery(s);
    QVERIFY2(v.queries > 0, qPrintable(QStringLiteral("no queries for %1 in the log").arg(s.zone)));
    QVERIFY2(v.alert, qPrintable(QStringLiteral("no tunnel/exfil alert for %1 %2; alerts: %3")
                                     .arg(s.client, s.registeredDomain,
                                          describeAlerts(lab.analysis().alerts))));
    // The alert's evidence starts with the session, not before it.
    QVERIFY(v.alert->firstSeenUs >= (v.startSecs - 1) * 1'000'000);
    QVERIFY(v.alert->firstSeenUs <= (s.endSecs + 1) * 1'000'000);
    QVERIFY2(v.earlyError.isEmpty(), qPrintable(v.earlyError));
    QVERIFY2(v.earlyAlert,
             qPrintable(QStringLiteral("no alert within the first %1 queries (%2 s) of %3")
                            .arg(v.earlyQueries)
                            .arg(v.earlySecs)
                            .arg(s.label)));
}

void verifyBenignClientsQuiet(const TunnelLab& lab) {
    QVERIFY(lab.traffic().queriesSent() > 0);
    qInfo().noquote() << "background:" << lab.traffic().queriesSent() << "queries from"
                      << lab.traffic().clients().size() << "clients;"
                      << "all alerts:" << describeAlerts(lab.analysis().alerts);
    for (const auto& c : lab.traffic().benignClients()) {
        const auto alerts =
            lab.analysis().alertsFor(QString::fromStdString(c), TunnelLab::kTunnelKinds);
        QVERIFY2(alerts.empty(), qPrintable(describeAlerts(alerts)));
    }
}

void verifyDgaClientAlerts(const TunnelLab& lab) {
    const auto alerts = lab.analysis().alertsFor(QString::fromStdString(lab.traffic().dgaClient()),
                                                 {QStringLiteral("dga")});
    QVERIFY2(!alerts.empty(), qPrintable(describeAlerts(lab.analysis().alerts)));
}

}  // namespace dnshound::tests::lab
