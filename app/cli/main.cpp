#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "app/cli/command_line.h"
#include "app/cli/commands.h"

namespace {

constexpr const char* kUsage =
    "usage: dnshound-cli <command> [options]\n"
    "\n"
    "commands:\n"
    "  analyze --input PATH [--input PATH...] [--format auto|heidgaf|zeek|unbound|pcap]\n"
    "          [--config FILE] [--db FILE] [--alerts FILE] [--summary FILE] [--quiet]\n"
    "          [--no-queries] [--allowlist FILE] [--truth FILE...] [--datatest]\n"
    "      run the detection pipeline over DNS logs or pcap/pcapng captures (plain or gzip);\n"
    "      --truth (labelled domain CSV or sample truth JSON) and --datatest (the logs' label\n"
    "      column) add confusion matrices per query name and per client\n"
    "  capture --interface IF [--bpf EXPR] [--duration S] [--config FILE] [--db FILE]\n"
    "          [--alerts FILE] [--summary FILE] [--quiet] | capture --list\n"
    "      capture DNS live with libpcap (needs CAP_NET_RAW: installer/grant-capture.sh)\n"
    "  score [FILE|-] [--model FILE]\n"
    "      score domain names (one per line) with the DGA model; JSON lines out\n"
    "  train --dga-dir DIR --benign FILE --out FILE [options]\n"
    "      train the DGA model and write it with its manifest\n"
    "      (--dataset FILE|DIR..., --model xgboost|randomforest, --exclude-family F...,\n"
    "       --scale-pos-weight W: weight of a DGA row against a benign one, default 1,\n"
    "       --unseen-family-share S: share of each family's rows featured by models that\n"
    "       never saw the family, default 0, --random-string-names N: names of a synthetic\n"
    "       random-string family added to the training split, default 0,\n"
    "       --word-pair-names N: the same for a synthetic family of word pairs, default 0)\n"
    "      (--clean-benign-folds K [--clean-benign-threshold T] [--clean-benign-rounds N]\n"
    "       [--clean-benign-depth D]: drop benign names an out-of-fold model scores >= T)\n"
    "  train-tunnel --dataset DOMURLS [--benign FILE] [--logs DIR...] --out FILE\n"
    "      train the tunnel-name model (subdomain features) with manifest and report\n"
    "  test [--model FILE] --dataset FILE|DIR... [--split test|all] [--benign-names FILE...]\n"
    "       [--target-fpr F] [--show-flagged N] [--benign-suspects FILE] [--json]\n"
    "       | test --leave-families-out K --dataset ... [train opts]\n"
    "      measure the DGA model: confusion matrix, AUC, TPR at FPR 1e-3/1e-4, per family,\n"
    "      the N (20) benign names scored highest, and with --benign-names the flagged ones\n"
    "      (and, if the model has <model>.suspects.txt or --benign-suspects names such a file,\n"
    "      the same without those benign names)\n"
    "  explain [--model FILE] [--top N] [--rules-out FILE] [--json] [NAME...]\n"
    "      global feature importance, per-name SHAP contributions and a rules summary\n"
    "  generate-sample --out FILE [--truth FILE] [--labels FILE] [--seed N] [--lines N]\n"
    "      write the deterministic sample log with known infected clients\n"
    "  generate-sample --pcap FILE [--packets N] [--seed N] [--truth FILE]\n"
    "      write the same kind of traffic as a pcap capture of N packets (default 2000000)\n"
    "  bench [--lines N] [--seed N] [--keep FILE] [--json FILE] [--no-queries]\n"
    "      generate a realistic log and time the whole pipeline over it\n"
    "  report --analysis FILE [--alert ID | --client IP | --from TIME --to TIME]\n"
    "         --out PATH [--format html|pdf|csv|json] [--quiet]\n"
    "      write an incident report (format from --format or the --out suffix; times in UTC)\n"
    "  blast [--target ADDR:PORT] [--client ADDR] [--rate PPS] [--duration S] [--packets N]\n"
    "        [--names N] [--no-responses]\n"
    "      send a fixed-rate deterministic DNS load (queries + responses) with sendmmsg, for\n"
    "      live capture benchmarks on lo (default 127.0.0.95 -> 127.0.0.153:53, 100000 pkt/s)\n";

}  // namespace

int main(int argc, char** argv) {
    using namespace dnshound::app::cli;
    if (argc < 2 || std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h") {
        std::fputs(kUsage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (std::string_view(argv[1]) == "--version") {
        std::printf("dnshound-cli %s\n", DNSHOUND_VERSION);
        return 0;
    }
    const std::string command = argv[1];
    const std::vector<std::string> args(argv + 2, argv + argc);
    try {
        if (command == "analyze") return runAnalyze(args);
        if (command == "capture") return runCapture(args);
        if (command == "score") return runScore(args);
        if (command == "train") return runTrain(args);
        if (command == "train-tunnel") return runTrainTunnel(args);
        if (command == "test") return runTest(args);
        if (command == "explain") return runExplain(args);
        if (command == "generate-sample") return runGenerateSample(args);
        if (command == "bench") return runBench(args);
        if (command == "report") return runReport(args);
        if (command == "blast") return runBlast(args);
        throw UsageError("unknown command '" + command + "' (try --help)");
    } catch (const UsageError& e) {
        std::fprintf(stderr, "dnshound-cli: %s\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        // Unusable inputs (missing file, bad config, bad model) are input errors too.
        std::fprintf(stderr, "dnshound-cli: %s\n", e.what());
        return 2;
    }
}
