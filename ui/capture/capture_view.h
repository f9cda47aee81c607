#pragma once

#include <QString>
#include <QTemporaryDir>
#include <QWidget>
#include <functional>
#include <memory>

#include "ui/analysis/analysis_types.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QThread;

namespace dnshound::ui::analysis {
class AnalysisWorker;
}

namespace dnshound::ui::capture {

// Live DNS capture: pick an interface, edit the BPF filter (checked with libpcap before
// starting), start and stop, and watch packets seen, DNS events and kernel drops. The capture
// runs the whole pipeline through an AnalysisWorker on its own thread (AnalysisJob with
// captureInterface); alerts and progress are re-emitted for the main window's normal views.
// When the process lacks CAP_NET_RAW the view says how to grant it (never: run as root).
class CaptureView final : public QWidget {
    Q_OBJECT

public:
    explicit CaptureView(QWidget* parent = nullptr);
    ~CaptureView() override;

    // Re-reads the interfaces libpcap can open; keeps the selection where it still exists.
    void refreshInterfaces();
    // Starts capturing with the current interface and filter. False (with the reason shown)
    // for a bad filter, no interface, or when `busyReason` says another run is going on.
    bool startCapture();
    // Ends the capture; pending queries are emitted and captureFinished follows.
    void stopCapture();
    bool isCapturing() const { return m_worker != nullptr; }
    // Asked before starting: a non-empty reason refuses the start (the main window's file runs).
    void setBusyReason(std::function<QString()> busyReason) {
        m_busyReason = std::move(busyReason);
    }

    QComboBox* interfaceBox() const { return m_interfaces; }
    QLineEdit* filterEdit() const { return m_filter; }
    QPushButton* startButton() const { return m_start; }
    QPushButton* stopButton() const { return m_stop; }
    QString messageText() const;
    quint64 packetsSeen() const { return m_packets; }
    quint64 dnsEvents() const { return m_events; }
    quint64 drops() const { return m_drops; }

Q_SIGNALS:
    void captureStarted(const QString& dbPath, const QString& interfaceName);
    void progress(const dnshound::core::pipeline::AnalysisProgress& progress);
    void alertsRaised(const dnshound::ui::analysis::AlertBatch& alerts);
    void captureFinished(const dnshound::ui::analysis::AnalysisSummary& summary);
    void captureFailed(const QString& message);

private:
    void onProgress(const core::pipeline::AnalysisProgress& progress);
    void onFinished(const analysis::AnalysisSummary& summary);
    void onFailed(const QString& message);
    void stopWorkerThread();
    void updateControls();
    void showMessage(const QString& text, bool error);
    void showCounters();
    QString permissionHelp() const;

    QComboBox* m_interfaces;
    QLineEdit* m_filter;
    QPushButton* m_refresh;
    QPushButton* m_start;
    QPushButton* m_stop;
    QLabel* m_permission;
    QLabel* m_message;
    QLabel* m_packetsLabel;
    QLabel* m_eventsLabel;
    QLabel* m_dropsLabel;
    QLabel* m_alertsLabel;
    QLabel* m_elapsedLabel;

    QTemporaryDir m_tempDir;
    int m_runCounter = 0;
    std::function<QString()> m_busyReason;
    quint64 m_packets = 0;
    quint64 m_events = 0;
    quint64 m_drops = 0;
    quint64 m_alerts = 0;
    double m_elapsedSecs = 0.0;
    std::unique_ptr<QThread> m_thread;
    std::unique_ptr<analysis::AnalysisWorker> m_worker;
};

}  // namespace dnshound::ui::capture
