#include "lab_process.h"

#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QThread>

namespace dnshound::tests::lab {

LabProcess::LabProcess(QString name, QString logPath)
    : m_name(std::move(name)), m_logPath(std::move(logPath)) {}

LabProcess::~LabProcess() {
    stop();
}

bool LabProcess::start(const QString& program, const QStringList& args) {
    stop();
    m_program = program;
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardOutputFile(m_logPath, QIODevice::Append);
    m_process->setStandardInputFile(QProcess::nullDevice());
    m_process->start(program, args);
    return m_process->waitForStarted(10000);
}

bool LabProcess::waitForOutput(const QByteArray& needle, int timeoutMs) const {
    QElapsedTimer t;
    t.start();
    for (;;) {
        if (output().contains(needle)) return true;
        if (!isRunning() || t.elapsed() > timeoutMs) return output().contains(needle);
        QThread::msleep(50);
    }
}

bool LabProcess::isRunning() const {
    return m_process && m_process->state() != QProcess::NotRunning;
}

bool LabProcess::waitForExit(int timeoutMs) {
    if (!m_process) return true;
    if (m_process->state() == QProcess::NotRunning) return true;
    return m_process->waitForFinished(timeoutMs);
}

int LabProcess::exitCode() const {
    if (!m_process || m_process->exitStatus() != QProcess::NormalExit) return -1;
    return m_process->exitCode();
}

void LabProcess::stop(int graceMs) {
    if (!isRunning()) return;
    m_process->terminate();
    if (!m_process->waitForFinished(graceMs)) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
}

QByteArray LabProcess::output() const {
    QFile f(m_logPath);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return f.readAll();
}

QString LabProcess::describe() const {
    QString state = QStringLiteral("not started");
    if (m_process) {
        if (isRunning())
            state = QStringLiteral("running");
        else if (m_process->error() == QProcess::FailedToStart)
            state = QStringLiteral("failed to start (%1)").arg(m_process->errorString());
        else
            state = QStringLiteral("exited with code %1").arg(exitCode());
    }
    QByteArray tail = output().right(600);
    return QStringLiteral("%1 (%2) %3; output: %4")
        .arg(m_name, m_program, state, QString::fromUtf8(tail.trimmed()));
}

QString findTool(const QString& name) {
    QString p = QStandardPaths::findExecutable(name);
    if (p.isEmpty())
        p = QStandardPaths::findExecutable(name,
                                           {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin"),
                                            QStringLiteral("/usr/local/sbin")});
    return p;
}

}  // namespace dnshound::tests::lab
