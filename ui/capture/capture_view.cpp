#include "ui/capture/capture_view.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QThread>
#include <QVBoxLayout>
#include <algorithm>
#include <exception>

#include "core/capture/live_capture.h"
#include "ui/analysis/analysis_worker.h"
#include "ui/display/display_text.h"

namespace dnshound::ui::capture {

namespace {

QLabel* counterLabel(QWidget* parent) {
    auto* label = new QLabel(QStringLiteral("0"), parent);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 1.6);
    font.setBold(true);
    label->setFont(font);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

}  // namespace

CaptureView::CaptureView(QWidget* parent)
    : QWidget(parent),
      m_interfaces(new QComboBox(this)),
      m_filter(new QLineEdit(QString::fromLatin1(core::capture::kDefaultBpf), this)),
      m_refresh(new QPushButton(tr("Refresh"), this)),
      m_start(new QPushButton(tr("Start capture"), this)),
      m_stop(new QPushButton(tr("Stop"), this)),
      m_permission(new QLabel(this)),
      m_message(new QLabel(this)),
      m_packetsLabel(counterLabel(this)),
      m_eventsLabel(counterLabel(this)),
      m_dropsLabel(counterLabel(this)),
      m_alertsLabel(counterLabel(this)),
      m_elapsedLabel(counterLabel(this)) {
    analysis::registerAnalysisMetaTypes();
    m_interfaces->setMinimumContentsLength(24);
    m_filter->setPlaceholderText(QString::fromLatin1(core::capture::kDefaultBpf));
    m_filter->setToolTip(tr("A libpcap (tcpdump) filter expression; checked before the start"));
    m_start->setDefault(true);

    auto* form = new QFormLayout;
    auto* interfaceRow = new QHBoxLayout;
    interfaceRow->addWidget(m_interfaces, 1);
    interfaceRow->addWidget(m_refresh);
    form->addRow(tr("Interface:"), interfaceRow);
    form->addRow(tr("Capture filter (BPF):"), m_filter);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    buttons->addStretch(1);
    form->addRow(QString(), buttons);

    for (QLabel* label : {m_permission, m_message}) {
        label->setWordWrap(true);
        label->setTextFormat(Qt::RichText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setVisible(false);
    }
    m_permission->setStyleSheet(
        QStringLiteral("QLabel { background: #fff4ce; border: 1px solid #e0b000; padding: 8px; }"));

    auto* counters = new QGroupBox(tr("Live counters"), this);
    auto* grid = new QGridLayout(counters);
    const QList<QPair<QString, QLabel*>> cells{{tr("Packets seen"), m_packetsLabel},
                                               {tr("DNS events"), m_eventsLabel},
                                               {tr("Drops (libpcap)"), m_dropsLabel},
                                               {tr("Alerts"), m_alertsLabel},
                                               {tr("Elapsed"), m_elapsedLabel}};
    for (int i = 0; i < cells.size(); ++i) {
        grid->addWidget(new QLabel(cells[i].first, counters), 0, i);
        grid->addWidget(cells[i].second, 1, i);
    }

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_permission);
    layout->addWidget(m_message);
    layout->addWidget(counters);
    layout->addStretch(1);

    connect(m_refresh, &QPushButton::clicked, this, &CaptureView::refreshInterfaces);
    connect(m_start, &QPushButton::clicked, this, [this] { startCapture(); });
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        if (!isCapturing()) startCapture();
    });
    connect(m_stop, &QPushButton::clicked, this, &CaptureView::stopCapture);

    if (!core::capture::capturePermitted()) {
        m_permission->setText(permissionHelp());
        m_permission->setVisible(true);
    }
    refreshInterfaces();
    showCounters();
    updateControls();
}

CaptureView::~CaptureView() {
    if (m_worker) m_worker->requestCancel();
    stopWorkerThread();
}

QString CaptureView::permissionHelp() const {
    const QString binary = QCoreApplication::instance() ? QCoreApplication::applicationFilePath()
                                                        : QStringLiteral("/path/to/dnshound");
    return tr("<b>Live capture needs the CAP_NET_RAW capability</b>, which this program does not "
              "have. Grant it once to the program file, then restart DNS Hound:"
              "<pre>installer/grant-capture.sh</pre>(from the source folder; it asks for sudo) or "
              "directly:"
              "<pre>sudo setcap cap_net_raw,cap_net_admin=eip %1</pre>"
              "Do not run DNS Hound as root: only the capture needs the capability.")
        .arg(binary.toHtmlEscaped());
}

void CaptureView::refreshInterfaces() {
    const QString current = m_interfaces->currentData().toString();
    m_interfaces->clear();
    try {
        for (const auto& i : core::capture::listInterfaces()) {
            const QString name = QString::fromStdString(i.name);
            QString text = name;
            if (!i.description.empty())
                text += QStringLiteral(" — ") + QString::fromStdString(i.description);
            if (i.loopback) text += tr(" (loopback)");
            if (!i.up) text += tr(" (down)");
            m_interfaces->addItem(text, name);
        }
    } catch (const std::exception& error) {
        showMessage(QString::fromStdString(error.what()).toHtmlEscaped(), true);
    }
    const int keep = m_interfaces->findData(current);
    if (keep >= 0) m_interfaces->setCurrentIndex(keep);
    updateControls();
}

QString CaptureView::messageText() const {
    return m_message->isHidden() ? QString() : m_message->text();
}

void CaptureView::showMessage(const QString& text, bool error) {
    m_message->setStyleSheet(error ? QStringLiteral("QLabel { color: #b00020; }") : QString());
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

bool CaptureView::startCapture() {
    if (isCapturing()) return false;
    const QString interfaceName = m_interfaces->currentData().toString();
    if (interfaceName.isEmpty()) {
        showMessage(tr("Pick an interface to capture on."), true);
        return false;
    }
    if (m_busyReason) {
        if (const QString reason = m_busyReason(); !reason.isEmpty()) {
            showMessage(reason.toHtmlEscaped(), true);
            return false;
        }
    }
    const QString bpf = m_filter->text().trimmed();
    if (const std::string error = core::capture::checkCaptureFilter(bpf.toStdString());
        !error.empty()) {
        showMessage(tr("The capture filter is not valid: %1")
                        .arg(QString::fromStdString(error).toHtmlEscaped()),
                    true);
        m_filter->setFocus();
        m_filter->selectAll();
        return false;
    }
    if (!m_tempDir.isValid()) {
        showMessage(tr("No temporary folder: %1").arg(m_tempDir.errorString()), true);
        return false;
    }
    analysis::AnalysisJob job;
    job.captureInterface = interfaceName;
    job.bpf = bpf;
    job.dbPath = m_tempDir.filePath(QStringLiteral("capture-%1.sqlite").arg(++m_runCounter));

    m_packets = m_events = m_drops = m_alerts = 0;
    m_elapsedSecs = 0.0;
    showCounters();
    m_thread = std::make_unique<QThread>();
    m_thread->setObjectName(QStringLiteral("capture"));
    m_worker = std::make_unique<analysis::AnalysisWorker>();
    m_worker->moveToThread(m_thread.get());
    connect(m_worker.get(), &analysis::AnalysisWorker::progress, this, &CaptureView::onProgress,
            Qt::QueuedConnection);
    connect(
        m_worker.get(), &analysis::AnalysisWorker::alertsRaised, this,
        [this](const analysis::AlertBatch& alerts) {
            m_alerts += alerts.size();
            showCounters();
            Q_EMIT alertsRaised(alerts);
        },
        Qt::QueuedConnection);
    connect(m_worker.get(), &analysis::AnalysisWorker::finished, this, &CaptureView::onFinished,
            Qt::QueuedConnection);
    connect(m_worker.get(), &analysis::AnalysisWorker::failed, this, &CaptureView::onFailed,
            Qt::QueuedConnection);
    m_thread->start();
    analysis::AnalysisWorker* worker = m_worker.get();
    QMetaObject::invokeMethod(
        worker, [worker, job] { worker->run(job); }, Qt::QueuedConnection);
    showMessage(tr("Capturing on %1 with filter “%2”…")
                    .arg(interfaceName.toHtmlEscaped(),
                         (bpf.isEmpty() ? QString::fromLatin1(core::capture::kDefaultBpf) : bpf)
                             .toHtmlEscaped()),
                false);
    updateControls();
    Q_EMIT captureStarted(job.dbPath, interfaceName);
    return true;
}

void CaptureView::stopCapture() {
    if (!m_worker) return;
    m_worker->requestCancel();
    m_stop->setEnabled(false);
    showMessage(tr("Stopping: emitting the queries still waiting for a response…"), false);
}

void CaptureView::onProgress(const core::pipeline::AnalysisProgress& progress) {
    // The capture's own counters run ahead of the pipeline (events wait in subnet batches).
    m_packets = std::max<quint64>(progress.lines, progress.capturePackets);
    m_events = std::max<quint64>(progress.events, progress.captureDnsEvents);
    m_drops = progress.captureDrops;
    m_elapsedSecs = progress.elapsedSecs;
    showCounters();
    Q_EMIT this->progress(progress);
}

void CaptureView::onFinished(const analysis::AnalysisSummary& summary) {
    stopWorkerThread();
    m_packets = std::max<quint64>(m_packets, summary.linesTotal);
    m_events = std::max<quint64>(m_events, summary.events);
    m_alerts = summary.alerts.size();
    m_elapsedSecs = summary.elapsedSecs;
    showCounters();
    showMessage(
        tr("Capture stopped: %1 packets, %2 DNS events, %3 alerts.")
            .arg(display::count(m_packets), display::count(m_events), display::count(m_alerts)),
        false);
    updateControls();
    Q_EMIT captureFinished(summary);
}

void CaptureView::onFailed(const QString& message) {
    stopWorkerThread();
    if (message.contains(QLatin1String("CAP_NET_RAW"))) {
        m_permission->setText(permissionHelp());
        m_permission->setVisible(true);
    }
    showMessage(tr("The capture could not run: %1").arg(message.toHtmlEscaped()), true);
    updateControls();
    Q_EMIT captureFailed(message);
}

void CaptureView::stopWorkerThread() {
    if (!m_thread) return;
    m_thread->quit();
    m_thread->wait();
    m_worker.reset();
    m_thread.reset();
}

void CaptureView::updateControls() {
    const bool capturing = isCapturing();
    m_interfaces->setEnabled(!capturing);
    m_refresh->setEnabled(!capturing);
    m_filter->setReadOnly(capturing);
    m_start->setEnabled(!capturing && m_interfaces->count() > 0);
    m_stop->setEnabled(capturing);
}

void CaptureView::showCounters() {
    m_packetsLabel->setText(display::count(m_packets));
    m_eventsLabel->setText(display::count(m_events));
    m_dropsLabel->setText(display::count(m_drops));
    m_dropsLabel->setStyleSheet(m_drops > 0 ? QStringLiteral("QLabel { color: #b00020; }")
                                            : QString());
    m_alertsLabel->setText(display::count(m_alerts));
    m_elapsedLabel->setText(display::duration(m_elapsedSecs));
}

}  // namespace dnshound::ui::capture
