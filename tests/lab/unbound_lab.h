#pragma once

#include <QByteArray>
#include <QString>

#include <string>
#include <vector>

#include "lab_process.h"

namespace dnshound::tests::lab {

// unbound (Debian's) as the lab resolver on 127.0.0.1:53: answers from local data, NXDOMAIN for
// everything else ("." is a static local zone), delegates tunnel zones to servers on other
// loopback addresses, and logs every query and reply to unbound.log in the lab folder.
class UnboundLab final {
public:
    explicit UnboundLab(QString dir);
    ~UnboundLab();
    UnboundLab(const UnboundLab&) = delete;
    UnboundLab& operator=(const UnboundLab&) = delete;

    // A line of the "server:" clause, e.g. `local-data: "example.com. 300 IN A 192.0.2.1"`.
    void addServerLine(std::string line);
    // A zone whose queries go to an authoritative server at `serverAddress`, port 53.
    void addStubZone(const std::string& zone, const std::string& serverAddress);
    // Query and reply logging (on by default; off for load tests).
    void setQueryLogging(bool on) { m_logQueries = on; }
    void setThreads(int n) { m_threads = n; }

    // Writes the configuration, starts unbound and waits until it answers; an empty string on
    // success, otherwise why not.
    QString start(int timeoutMs = 15000);
    void stop();

    QString logPath() const;
    QByteArray log() const;
    const LabProcess& process() const { return m_process; }

private:
    QString m_dir;
    std::vector<std::string> m_serverLines;
    std::vector<std::pair<std::string, std::string>> m_stubs;
    bool m_logQueries = true;
    int m_threads = 1;
    LabProcess m_process;
};

}  // namespace dnshound::tests::lab
