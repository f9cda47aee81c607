#pragma once

#include <string>
#include <vector>

namespace dnshound::app::cli {

// One function per subcommand; each gets the arguments after the subcommand's name and returns
// the process exit code. Usage errors are thrown as UsageError (exit 2).
int runAnalyze(const std::vector<std::string>& args);
int runScore(const std::vector<std::string>& args);
int runTrain(const std::vector<std::string>& args);
int runTrainTunnel(const std::vector<std::string>& args);
int runTest(const std::vector<std::string>& args);
int runExplain(const std::vector<std::string>& args);
int runGenerateSample(const std::vector<std::string>& args);
int runBench(const std::vector<std::string>& args);
int runCapture(const std::vector<std::string>& args);
int runReport(const std::vector<std::string>& args);
int runBlast(const std::vector<std::string>& args);

}  // namespace dnshound::app::cli
