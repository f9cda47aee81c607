// Issue 4's lab with iodine: real IP-over-DNS sessions through unbound with several query types
// and downstream encodings, among benign and DGA clients; `dnshound-cli analyze --format
// unbound` on unbound's log must alert each session early (by its 50th query or 60 s), the DGA
// client, and no benign client. iodine needs /dev/net/tun and CAP_NET_ADMIN.
#include <QtTest>

#include "lab_preconditions.h"
#include "tunnel_checks.h"

using namespace dnshound::tests::lab;

class TestIodineLab : public QObject {
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
        const auto s = [](const char* label, const char* zone, const char* domain,
                          QStringList args) {
            return TunnelSession(QString::fromUtf8(label), QString::fromUtf8(zone),
                                 QString::fromUtf8(domain), std::move(args));
        };
        const QString T = QStringLiteral("-T"), O = QStringLiteral("-O");
        m_sessions = {
            // NULL records with iodine's own choice of downstream codec (Raw through unbound).
            // With a zone of this length iodine's longest names overflow unbound's log buffer,
            // which then ends them with '&' ("...Z.v.teal-hop.&"), as real logs do.
            s("iodine-null", "v.teal-hop.org", "teal-hop.org", {}),
            s("iodine-txt", "v.plum-relay.org", "plum-relay.org", {T, QStringLiteral("TXT")}),
            s("iodine-cname", "v.sand-relay.org", "sand-relay.org", {T, QStringLiteral("CNAME")}),
            s("iodine-mx-base32", "v.rose-relay.org", "rose-relay.org",
              {T, QStringLiteral("MX"), O, QStringLiteral("Base32")}),
            s("iodine-txt-base64", "v.mint-relay.org", "mint-relay.org",
              {T, QStringLiteral("TXT"), O, QStringLiteral("Base64")}),
            s("iodine-null-base128", "v.iris-relay.org", "iris-relay.org",
              {T, QStringLiteral("NULL"), O, QStringLiteral("Base128")}),
        };
        m_lab = std::make_unique<TunnelLab>(m_dir.path(), 0x10d1);
        if (const QString why = tunUnavailable(); !why.isEmpty()) QSKIP(qPrintable(why));
        const QString skip = m_lab->start({QStringLiteral("iodined"), QStringLiteral("iodine")},
                                          m_sessions, "127.0.0.3");
        if (!skip.isEmpty()) QSKIP(qPrintable(skip));
        QThread::sleep(3);  // background traffic first, as on a network the tunnel joins
        int net = 0;
        for (auto& session : m_sessions) runIodineSession(session, m_dir.path(), ++net, 4800, 4000);
        QThread::sleep(2);
        const QString error = m_lab->finishAndAnalyze();
        m_lab->exportLogs(m_sessions, QStringLiteral("iodine"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void sessionCarriedItsPayload_data() { addSessionRows(m_sessions); }
    void sessionCarriedItsPayload() { verifySessionCarriedPayload(session()); }

    void sessionAlertsEarly_data() { addSessionRows(m_sessions); }
    void sessionAlertsEarly() { verifySessionAlertsEarly(*m_lab, session()); }

    void benignClientsRaiseNoTunnelAlert() { verifyBenignClientsQuiet(*m_lab); }
    void dgaClientAlerts() { verifyDgaClientAlerts(*m_lab); }
};

QTEST_GUILESS_MAIN(TestIodineLab)
#include "test_iodine_lab.moc"
