#pragma once

// What the GUI tests share: where screenshots go and how to run dnshound-cli for a fixture.

#include <QDir>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace dnshound::test {

// The path of a test artifact (screenshots, exported files) in the build's artifact folder.
inline QString artifact(const QString& name) {
    QDir().mkpath(QStringLiteral(DNSHOUND_TEST_ARTIFACTS));
    return QStringLiteral(DNSHOUND_TEST_ARTIFACTS "/") + name;
}

// Runs dnshound-cli with `args`; true when it exited 0 in time, else a warning with its stderr.
inline bool runCli(const QStringList& args, int timeoutMs = 60'000) {
    QProcess cli;
    cli.start(QStringLiteral(DNSHOUND_CLI), args);
    if (!cli.waitForFinished(timeoutMs) || cli.exitStatus() != QProcess::NormalExit ||
        cli.exitCode() != 0) {
        qWarning("dnshound-cli %s failed: %s", qPrintable(args.join(QLatin1Char(' '))),
                 cli.readAllStandardError().constData());
        return false;
    }
    return true;
}

}  // namespace dnshound::test
