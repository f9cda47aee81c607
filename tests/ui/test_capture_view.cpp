// The live capture tab of the main window: interfaces, filter validation, and (where capture on
// lo is permitted) real DNS packets sent over loopback by the test itself.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <array>
#include <string>
#include <vector>

#include "core/capture/live_capture.h"
#include "ui/capture/capture_view.h"
#include "ui/main_window.h"
#include "ui/ui_test_support.h"

using dnshound::ui::MainWindow;
using dnshound::ui::capture::CaptureView;

using dnshound::test::artifact;

namespace {

// A UDP socket bound to addr:port (port 0: any free one); -1 when the bind fails.
int boundSocket(const char* addr, std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) return -1;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    ::inet_pton(AF_INET, addr, &a.sin_addr);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

std::uint16_t portOf(int fd) {
    sockaddr_in a{};
    socklen_t len = sizeof(a);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    return ntohs(a.sin_port);
}

std::vector<std::uint8_t> dnsQuery(std::uint16_t id, const std::string& name) {
    std::vector<std::uint8_t> m{static_cast<std::uint8_t>(id >> 8),
                                static_cast<std::uint8_t>(id),
                                0x01,
                                0x00,
                                0,
                                1,
                                0,
                                0,
                                0,
                                0,
                                0,
                                0};
    std::size_t start = 0;
    while (start < name.size()) {
        const std::size_t dot = std::min(name.find('.', start), name.size());
        m.push_back(static_cast<std::uint8_t>(dot - start));
        m.insert(m.end(), name.begin() + static_cast<std::ptrdiff_t>(start),
                 name.begin() + static_cast<std::ptrdiff_t>(dot));
        start = dot + 1;
    }
    m.insert(m.end(), {0, 0, 1, 0, 1});
    return m;
}

}  // namespace

class TestCaptureView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listsLoopbackAndDefaultFilter() {
        MainWindow window;
        window.showCaptureView();
        CaptureView* view = window.captureView();
        QCOMPARE(window.tabs()->currentWidget(), view);
        QVERIFY(view->interfaceBox()->findData(QStringLiteral("lo")) >= 0);
        QCOMPARE(view->filterEdit()->text(), QStringLiteral("udp port 53 or tcp port 53"));
        QVERIFY(!view->isCapturing());
        QVERIFY(view->startButton()->isEnabled());
        QVERIFY(!view->stopButton()->isEnabled());
    }

    void invalidFilterIsRejectedWithLibpcapsError() {
        MainWindow window;
        window.show();
        window.showCaptureView();
        CaptureView* view = window.captureView();
        view->interfaceBox()->setCurrentIndex(view->interfaceBox()->findData(QStringLiteral("lo")));
        const QString bad = QStringLiteral("udp prot 53 and");
        view->filterEdit()->setText(bad);
        // libpcap's own message for this expression, compiled independently here.
        pcap_t* dead = pcap_open_dead(DLT_EN10MB, 65535);
        bpf_program program{};
        QVERIFY(pcap_compile(dead, &program, bad.toLatin1().constData(), 1, PCAP_NETMASK_UNKNOWN) !=
                0);
        const QString expected = QString::fromLatin1(pcap_geterr(dead)).toHtmlEscaped();
        pcap_close(dead);
        QVERIFY(!expected.isEmpty());

        QSignalSpy started(view, &CaptureView::captureStarted);
        QTest::mouseClick(view->startButton(), Qt::LeftButton);
        QVERIFY(!view->isCapturing());
        QCOMPARE(started.count(), 0);
        QVERIFY2(view->messageText().contains(expected),
                 qPrintable(view->messageText() + QStringLiteral(" lacks ") + expected));
        QVERIFY(view->messageText().contains(QStringLiteral("not valid")));
        // A good filter is accepted by the same check.
        QCOMPARE(dnshound::core::capture::checkCaptureFilter("udp port 53"), std::string());
    }

    void capturesRealDnsOnLoopback() {
        MainWindow window;
        window.resize(1100, 700);
        window.show();
        window.showCaptureView();
        CaptureView* view = window.captureView();
        if (!dnshound::core::capture::capturePermitted()) {
            window.grab().save(artifact(QStringLiteral("capture_view.png")));
            QSKIP(
                "capture on lo is not permitted here (no root, no CAP_NET_RAW); the view shows "
                "the setcap explanation instead");
        }
        // The resolver side: a listener on 127.0.0.1 at a free port. The client side sits on
        // port 53 of another loopback address so the packets are DNS to the decoder.
        const int listener = boundSocket("127.0.0.1", 0);
        QVERIFY(listener >= 0);
        const std::uint16_t port = portOf(listener);
        int client = -1;
        for (int host = 2; host < 250 && client < 0; ++host)
            client = boundSocket(("127.0.53." + std::to_string(host)).c_str(), 53);
        QVERIFY2(client >= 0, "no free 127.0.53.x:53 to send from");

        view->interfaceBox()->setCurrentIndex(view->interfaceBox()->findData(QStringLiteral("lo")));
        view->filterEdit()->setText(QStringLiteral("udp port %1").arg(port));
        QSignalSpy started(view, &CaptureView::captureStarted);
        QSignalSpy finished(view, &CaptureView::captureFinished);
        QSignalSpy failed(view, &CaptureView::captureFailed);
        QTest::mouseClick(view->startButton(), Qt::LeftButton);
        QCOMPARE(started.count(), 1);
        QVERIFY(view->isCapturing());
        QVERIFY(!view->startButton()->isEnabled());
        QVERIFY(window.isAnalysing());

        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(port);
        ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
        QElapsedTimer timer;
        timer.start();
        std::uint16_t id = 0x4000;
        int sent = 0;
        // Keep sending until the capture (which opens on its worker thread) has seen some.
        while ((view->dnsEvents() < 3 || view->packetsSeen() < 6) && timer.elapsed() < 20'000 &&
               failed.isEmpty()) {
            ++id;
            const auto query = dnsQuery(id, "probe" + std::to_string(id) + ".capture.example");
            ::sendto(client, query.data(), query.size(), 0, reinterpret_cast<sockaddr*>(&to),
                     sizeof(to));
            ++sent;
            std::array<std::uint8_t, 512> buf{};
            sockaddr_in from{};
            socklen_t fromLength = sizeof(from);
            const auto n = ::recvfrom(listener, buf.data(), buf.size(), MSG_DONTWAIT,
                                      reinterpret_cast<sockaddr*>(&from), &fromLength);
            if (n >= 12) {
                buf[2] |= 0x80;  // the response: QR set, rcode NXDOMAIN
                buf[3] = 0x83;
                ::sendto(listener, buf.data(), static_cast<std::size_t>(n), 0,
                         reinterpret_cast<sockaddr*>(&from), fromLength);
            }
            QTest::qWait(100);
        }
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QVERIFY2(
            view->packetsSeen() >= 6,
            qPrintable(
                QStringLiteral("%1 packets after %2 sent").arg(view->packetsSeen()).arg(sent)));
        QVERIFY(view->dnsEvents() >= 3);
        QCOMPARE(view->drops(), quint64(0));
        window.grab().save(artifact(QStringLiteral("capture_view.png")));

        QTest::mouseClick(view->stopButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20'000);
        ::close(client);
        ::close(listener);
        QVERIFY(!view->isCapturing());
        QVERIFY(!window.isAnalysing());
        const auto summary =
            finished.first().first().value<dnshound::ui::analysis::AnalysisSummary>();
        QVERIFY(summary.events >= 3);
        QCOMPARE(window.analysisPath(), summary.dbPath);
        QVERIFY(view->messageText().contains(QStringLiteral("Capture stopped")));
    }
};

QTEST_MAIN(TestCaptureView)
#include "test_capture_view.moc"
