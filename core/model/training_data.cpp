#include "core/model/training_data.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <unordered_map>

#include "core/features/domain_name.h"
#include "core/features/public_suffix.h"
#include "core/text/ascii_text.h"

namespace dnshound::core::model {

namespace {

std::vector<std::string_view> splitCsv(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = line.find(',', start);
        std::string_view f =
            line.substr(start, comma == std::string_view::npos ? line.npos : comma - start);
        if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = f.substr(1, f.size() - 2);
        fields.push_back(f);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return fields;
}

std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 1469598103934665603ull;
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return h;
}

std::uint64_t splitmix(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

// 1 DGA, 0 benign, -1 not a label.
int labelClass(std::string_view label) {
    if (label == "dga" || label == "1" || label == "malicious") return 1;
    if (label == "benign" || label == "notdga" || label == "legit" || label == "0") return 0;
    return -1;
}

}  // namespace

std::vector<std::string> readDataset(const std::string& path, std::vector<LabelledName>& out,
                                     DatasetSummary& summary) {
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    if (fs::is_directory(path)) {
        for (const auto& e : fs::directory_iterator(path)) {
            const std::string name = e.path().filename().string();
            if (e.is_regular_file() && (name.ends_with(".csv.gz") || name.ends_with(".csv")))
                files.push_back(e.path().string());
        }
        std::sort(files.begin(), files.end());
        if (files.empty()) throw std::runtime_error("no *.csv or *.csv.gz files in " + path);
    } else {
        files.push_back(path);
    }
    for (const std::string& f : files) readLabelledCsv(f, out, summary);
    return files;
}

void readLabelledCsv(const std::string& path, std::vector<LabelledName>& out,
                     DatasetSummary& summary) {
    std::unique_ptr<gzFile_s, int (*)(gzFile)> in(gzopen(path.c_str(), "rb"), &gzclose);
    if (!in) throw std::runtime_error("cannot open " + path);
    gzbuffer(in.get(), 1 << 17);
    std::string line;
    std::array<char, 4096> chunk;
    std::size_t lineNo = 0;
    int domainCol = -1, labelCol = -1, familyCol = -1;
    auto readLine = [&]() -> bool {
        line.clear();
        while (gzgets(in.get(), chunk.data(), static_cast<int>(chunk.size())) != nullptr) {
            line.append(chunk.data());
            if (!line.empty() && line.back() == '\n') break;
        }
        if (line.empty()) return false;
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
        ++lineNo;
        return true;
    };
    if (!readLine()) throw std::runtime_error(path + ": empty file");
    const auto header = splitCsv(line);
    for (std::size_t i = 0; i < header.size(); ++i) {
        const std::string h = text::asciiLower(header[i]);
        if (h == "domain") domainCol = static_cast<int>(i);
        if (h == "label") labelCol = static_cast<int>(i);
        if (h == "family") familyCol = static_cast<int>(i);
    }
    // No header: "domain,label[,family]" by position, when the first row's label is one.
    bool firstIsData = false;
    if (domainCol < 0 && labelCol < 0 && (header.size() == 2 || header.size() == 3) &&
        labelClass(text::asciiLower(header[1])) >= 0) {
        domainCol = 0;
        labelCol = 1;
        familyCol = header.size() == 3 ? 2 : -1;
        firstIsData = true;
    }
    if (domainCol < 0 || labelCol < 0)
        throw std::runtime_error(path +
                                 ": header must name 'domain' and 'label' columns (or rows must "
                                 "be domain,label[,family])");
    const std::size_t needed = static_cast<std::size_t>(std::max({domainCol, labelCol, familyCol}));
    while (firstIsData || readLine()) {
        firstIsData = false;
        if (line.empty()) continue;
        const auto f = splitCsv(line);
        if (f.size() <= needed)
            throw std::runtime_error(path + ":" + std::to_string(lineNo) + ": too few columns");
        ++summary.rowsRead;
        const std::string label = text::asciiLower(f[static_cast<std::size_t>(labelCol)]);
        const int cls = labelClass(label);
        const bool dga = cls == 1;
        if (cls < 0)
            throw std::runtime_error(path + ":" + std::to_string(lineNo) + ": unknown label '" +
                                     label + "'");
        std::string name = text::asciiLower(f[static_cast<std::size_t>(domainCol)]);
        if (!name.empty() && name.back() == '.') name.pop_back();
        // Training rows are registered names: a name without a dot is feed noise (dates, ids).
        if (!features::domainNameProblem(name).empty() || name.find('.') == std::string::npos) {
            ++summary.invalidNames;
            continue;
        }
        std::string family = familyCol >= 0
                                 ? text::asciiLower(f[static_cast<std::size_t>(familyCol)])
                                 : std::string(dga ? "dga" : "benign");
        if (family.empty()) family = dga ? "dga" : "benign";
        out.push_back(LabelledName{std::move(name), std::move(family), dga});
    }
    if (gzeof(in.get()) == 0) {
        int err = 0;
        const char* msg = gzerror(in.get(), &err);
        if (err != Z_OK) throw std::runtime_error(path + ": " + msg);
    }
}

std::vector<std::string> dgaFeedFiles(const std::string& dir) {
    namespace fs = std::filesystem;
    if (!fs::is_directory(dir)) throw std::runtime_error("not a directory: " + dir);
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (e.is_regular_file() && name.ends_with(".csv.gz")) files.push_back(e.path().string());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) throw std::runtime_error("no *.csv.gz files in " + dir);
    return files;
}

std::vector<LabelledName> assembleDataset(std::vector<LabelledName> rows, std::size_t perFamilyCap,
                                          std::uint64_t seed, DatasetSummary& summary) {
    // First occurrence per (name, class) wins; a name seen in both classes goes entirely.
    std::unordered_map<std::string_view, std::uint8_t> classes;  // bit 1 benign, bit 2 dga
    classes.reserve(rows.size());
    std::vector<bool> keep(rows.size(), false);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::uint8_t bit = rows[i].dga ? 2 : 1;
        std::uint8_t& seen = classes[rows[i].name];
        if (seen & bit) {
            ++summary.duplicates;
            continue;
        }
        seen |= bit;
        keep[i] = true;
    }
    for (const auto& [name, bits] : classes)
        if (bits == 3) ++summary.collisions;
    // The same for second-level labels: a benign list that holds a label some DGA generated
    // (under another suffix) holds DGA output, or the DGA hit a real name; either way the label
    // cannot teach the model anything but noise.
    std::vector<std::string_view> labels(rows.size());
    std::unordered_map<std::string_view, std::uint8_t> labelClasses;
    labelClasses.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!keep[i] || classes[rows[i].name] == 3) continue;
        labels[i] = features::PublicSuffix::split(rows[i].name).secondLevelLabel;
        labelClasses[labels[i]] |= rows[i].dga ? 2 : 1;
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!keep[i] || classes[rows[i].name] == 3) continue;
        if (labelClasses[labels[i]] == 3) {
            keep[i] = false;
            ++summary.labelCollisions;
        }
    }
    std::map<std::string, std::vector<std::size_t>> byFamily;
    std::vector<std::size_t> benign;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!keep[i] || classes[rows[i].name] == 3) continue;
        if (rows[i].dga)
            byFamily[rows[i].family].push_back(i);
        else
            benign.push_back(i);
    }
    std::vector<std::size_t> chosen = benign;
    std::uint64_t state = seed;
    for (auto& [family, idx] : byFamily) {
        if (perFamilyCap > 0 && idx.size() > perFamilyCap) {
            // Partial Fisher-Yates with our own generator: identical on every platform.
            for (std::size_t i = 0; i < perFamilyCap; ++i) {
                const std::size_t j = i + splitmix(state) % (idx.size() - i);
                std::swap(idx[i], idx[j]);
            }
            summary.cappedAway += idx.size() - perFamilyCap;
            idx.resize(perFamilyCap);
        }
        summary.perFamily[family] = idx.size();
        summary.dga += idx.size();
        chosen.insert(chosen.end(), idx.begin(), idx.end());
    }
    summary.benign = benign.size();
    std::sort(chosen.begin(), chosen.end());
    std::vector<LabelledName> out;
    out.reserve(chosen.size());
    for (std::size_t i : chosen) out.push_back(std::move(rows[i]));
    return out;
}

Split splitOf(std::string_view name) {
    const features::DomainSplit parts = features::PublicSuffix::split(name);
    const std::uint64_t bucket = fnv1a(parts.secondLevelLabel) % 10;
    if (bucket < 8) return Split::Train;
    return bucket == 8 ? Split::Validation : Split::Test;
}

}  // namespace dnshound::core::model
