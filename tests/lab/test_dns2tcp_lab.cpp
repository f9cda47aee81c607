// Issue 4's lab with dns2tcp: real TCP-over-DNS sessions (TXT and KEY records) through unbound,
// among benign and DGA clients; `dnshound-cli analyze --format unbound` on unbound's log must
// alert each session early (by its 50th query or 60 s), the DGA client, and no benign client.
#include <QtTest>

#include "tunnel_checks.h"

using namespace dnshound::tests::lab;

class TestDns2tcpLab : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<TunnelLab> m_lab;
    std::vector<TunnelSession> m_sessions;

    const TunnelSession& session() {
        QFETCH(int, index);
        return m_sessions[static_cast<std::size_t>(index)];
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_sessions = {
            {QStringLiteral("dns2tcp-txt"),
             QStringLiteral("t.cobalt-sync.net"),
             QStringLiteral("cobalt-sync.net"),
             {QStringLiteral("-T"), QStringLiteral("TXT")}},
            {QStringLiteral("dns2tcp-key"),
             QStringLiteral("t.amber-sync.net"),
             QStringLiteral("amber-sync.net"),
             {QStringLiteral("-T"), QStringLiteral("KEY")}},
        };
        m_lab = std::make_unique<TunnelLab>(m_dir.path(), 0x1ab4);
        const QString skip = m_lab->start({QStringLiteral("dns2tcpd"), QStringLiteral("dns2tcpc")},
                                          m_sessions, "127.0.0.2");
        if (!skip.isEmpty()) QSKIP(qPrintable(skip));
        QThread::sleep(3);  // background traffic first, as on a network the tunnel joins
        for (auto& s : m_sessions) runDns2tcpSession(s, m_dir.path(), 6000, 8000);
        QThread::sleep(2);
        const QString error = m_lab->finishAndAnalyze();
        m_lab->exportLogs(m_sessions, QStringLiteral("dns2tcp"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void sessionCarriedItsPayload_data() { addSessionRows(m_sessions); }
    void sessionCarriedItsPayload() { verifySessionCarriedPayload(session()); }

    void sessionAlertsEarly_data() { addSessionRows(m_sessions); }
    void sessionAlertsEarly() { verifySessionAlertsEarly(*m_lab, session()); }

    void benignClientsRaiseNoTunnelAlert() { verifyBenignClientsQuiet(*m_lab); }
    void dgaClientAlerts() { verifyDgaClientAlerts(*m_lab); }
};

QTEST_GUILESS_MAIN(TestDns2tcpLab)
#include "test_dns2tcp_lab.moc"
