#include "core/model/benign_suspects.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "core/model/model_paths.h"
#include "core/text/ascii_text.h"

namespace dnshound::core::model {

std::uint64_t BenignSuspects::hashOf(std::string_view name) {
    return text::fnv1a(name);
}

void BenignSuspects::save(const std::string& path, const std::string& comment) const {
    std::vector<std::uint64_t> sorted(m_hashes.begin(), m_hashes.end());
    std::sort(sorted.begin(), sorted.end());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    std::size_t start = 0;
    while (start < comment.size()) {
        const std::size_t end = std::min(comment.find('\n', start), comment.size());
        out << "# " << comment.substr(start, end - start) << '\n';
        start = end + 1;
    }
    char buf[32];
    for (std::uint64_t h : sorted) {
        std::snprintf(buf, sizeof(buf), "%016" PRIx64 "\n", h);
        out << buf;
    }
    if (!out) throw std::runtime_error("cannot write " + path);
}

BenignSuspects BenignSuspects::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    BenignSuspects s;
    std::string line;
    std::size_t lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.empty() || line.front() == '#') continue;
        if (line.size() != 16 || line.find_first_not_of("0123456789abcdef") != std::string::npos)
            throw std::runtime_error(path + ":" + std::to_string(lineNo) + ": not a hash");
        s.m_hashes.insert(std::stoull(line, nullptr, 16));
    }
    return s;
}

std::optional<BenignSuspects> BenignSuspects::besideModel(const std::string& modelPath) {
    const std::string path = suspectsPathFor(modelPath);
    if (!std::filesystem::exists(path)) return std::nullopt;
    return load(path);
}

}  // namespace dnshound::core::model
