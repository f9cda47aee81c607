#pragma once

// Runs the real dnshound-cli binary for the command tests.

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace dnshound::test {

struct CliRun {
    int exitCode = -1;  // -1: did not start, crashed or timed out
    QByteArray out;
    QByteArray err;
};

// Runs dnshound-cli with `args`, feeding it `stdinData`, and waits up to `timeoutMs`.
inline CliRun runCli(const QStringList& args, const QByteArray& stdinData = {},
                     int timeoutMs = 300'000) {
    QProcess p;
    p.start(QStringLiteral(DNSHOUND_CLI), args);
    CliRun r;
    if (!p.waitForStarted(10'000)) return r;
    p.write(stdinData);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

}  // namespace dnshound::test
