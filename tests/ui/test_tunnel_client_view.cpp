// The client view of a tunnelling client shows the tunnel detector's bytes estimate over time:
// a real unbound-format log with an encoded TXT session goes through dnshound-cli analyze, and
// the view's plot must carry exactly the series the analysis file holds.

#include <QtTest>

#include <QProcess>
#include <QTemporaryDir>

#include "core/store/analysis_reader.h"
#include "tests/core/detect/tunnel_traffic.h"
#include "ui/client/client_view.h"
#include "ui/client/tunnel_bytes_plot.h"
#include "ui/plot/custom_plot.h"

using namespace dnshound;

class TestTunnelClientView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void bytesEstimateOverTime() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        constexpr std::int64_t t0 = 1'795'800'000'000'000;
        const auto session = tests::encodedTunnelSession(t0, "10.9.0.5", 300);
        const QString log = dir.filePath(QStringLiteral("unbound.log"));
        QVERIFY(tests::writeUnboundLog(log.toStdString(), session));
        const QString db = dir.filePath(QStringLiteral("tunnel.sqlite"));
        QProcess cli;
        cli.start(
            QStringLiteral(DNSHOUND_CLI),
            {QStringLiteral("analyze"), QStringLiteral("--quiet"), QStringLiteral("--input"), log,
             QStringLiteral("--format"), QStringLiteral("unbound"), QStringLiteral("--db"), db});
        QVERIFY(cli.waitForFinished(120000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());

        const auto series = core::store::AnalysisReader(db.toStdString()).tunnelSeries("10.9.0.5");
        QVERIFY(!series.empty());
        double stored = 0;
        for (const auto& p : series) stored += p.bytes;

        ui::client::ClientView view(db, QStringLiteral("10.9.0.5"));
        QSignalSpy loaded(&view, &ui::client::ClientView::detailsLoaded);
        view.resize(1400, 950);
        view.show();
        QVERIFY(loaded.wait(20000));
        ui::client::TunnelBytesPlot* plot = view.tunnelBytes();
        QVERIFY(!plot->isHidden());
        QVERIFY(plot->plot()->graphCount() >= 1);
        QCOMPARE(plot->totalBytes(), stored);
        // Each line is cumulative: it never falls, and ends at its domain's total.
        for (int g = 0; g < plot->plot()->graphCount(); ++g) {
            const auto data = plot->plot()->graph(g)->data();
            for (int i = 1; i < data->size(); ++i)
                QVERIFY(data->at(i)->value >= data->at(i - 1)->value);
        }
        QTest::qWait(200);
        QDir().mkpath(QStringLiteral(DNSHOUND_TEST_ARTIFACTS));
        QVERIFY(
            view.grab().save(QStringLiteral(DNSHOUND_TEST_ARTIFACTS "/tunnel_client_view.png")));
    }
};

QTEST_MAIN(TestTunnelClientView)
#include "test_tunnel_client_view.moc"
