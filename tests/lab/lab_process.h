#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

namespace dnshound::tests::lab {

// A child process that a lab test starts and always stops. Its stdout and stderr go to one log
// file (kept next to the lab's other files, so a failure can be read afterwards); readiness is
// a line in that file. stop() (also run by the destructor) sends SIGTERM, then SIGKILL after a
// grace period, so nothing outlives the test. No event loop is needed.
class LabProcess final {
public:
    LabProcess(QString name, QString logPath);
    ~LabProcess();
    LabProcess(const LabProcess&) = delete;
    LabProcess& operator=(const LabProcess&) = delete;

    // False when the program could not be started; describe() says why.
    bool start(const QString& program, const QStringList& args);
    // Waits until the log contains `needle`; false on timeout or when the process exits first.
    bool waitForOutput(const QByteArray& needle, int timeoutMs) const;
    bool isRunning() const;
    // Waits for a normal exit; false on timeout (the process keeps running).
    bool waitForExit(int timeoutMs);
    int exitCode() const;
    void stop(int graceMs = 3000);

    QByteArray output() const;
    // "name: state, exit code, last lines of output" for failure and skip messages.
    QString describe() const;
    const QString& name() const { return m_name; }

private:
    QString m_name;
    QString m_logPath;
    QString m_program;
    std::unique_ptr<QProcess> m_process;
};

// The path of an installed tool (PATH, then /usr/sbin and /sbin, where Debian puts servers), or
// an empty string.
QString findTool(const QString& name);

}  // namespace dnshound::tests::lab
