#include "core/datatest/truth_table.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/event/name_table.h"
#include "core/formats/flat_json_scanner.h"
#include "core/formats/format_detection.h"
#include "core/formats/line_reader.h"

namespace dnshound::core::datatest {

namespace {

bool isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// `label` starts with `prefix` (ASCII case-insensitive) and the prefix ends at a word boundary.
bool labelMatches(std::string_view label, std::string_view prefix) {
    if (prefix.empty() || label.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        const char a = static_cast<char>(std::tolower(static_cast<unsigned char>(label[i])));
        const char b = static_cast<char>(std::tolower(static_cast<unsigned char>(prefix[i])));
        if (a != b) return false;
    }
    return label.size() == prefix.size() || !isAlnum(label[prefix.size()]);
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '"'))
        s.remove_suffix(1);
    return s;
}

void splitOn(std::string_view line, std::string_view sep, std::vector<std::string_view>& cells) {
    cells.clear();
    std::size_t pos = 0;
    for (;;) {
        const std::size_t at = line.find(sep, pos);
        cells.push_back(
            line.substr(pos, at == std::string_view::npos ? std::string_view::npos : at - pos));
        if (at == std::string_view::npos) return;
        pos = at + sep.size();
    }
}

std::string readWholeFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw TruthError(path + ": cannot open truth file");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void loadSampleTruthJson(const std::string& path, TruthTable& table) {
    YAML::Node root;
    try {
        root = YAML::Load(readWholeFile(path));
    } catch (const YAML::Exception& e) {
        throw TruthError(path + ":" + std::to_string(e.mark.line + 1) + ": bad JSON: " + e.msg);
    }
    auto fail = [&](const YAML::Node& at, const std::string& message) {
        const int line = at.Mark().is_null() ? 0 : at.Mark().line + 1;
        throw TruthError(path + ":" + std::to_string(line) + ": " + message);
    };
    if (!root.IsMap() || (!root["infected"] && !root["clean"]))
        fail(root, "expected a truth object with \"infected\" and \"clean\" client lists");
    auto addClient = [&](const YAML::Node& node, Truth truth) {
        if (!node.IsScalar()) fail(node, "expected a client address");
        const auto ip = event::IpAddress::parse(node.Scalar());
        if (!ip) fail(node, "not an IP address: '" + node.Scalar() + "'");
        table.addClient(*ip, truth);
        table.countRow(true);
    };
    if (const YAML::Node infected = root["infected"]) {
        if (!infected.IsSequence()) fail(infected, "\"infected\" must be a list");
        for (const auto& c : infected) {
            if (!c.IsMap() || !c["client"]) fail(c, "expected {\"client\": ...}");
            addClient(c["client"], Truth::Malicious);
        }
    }
    if (const YAML::Node clean = root["clean"]) {
        if (!clean.IsSequence()) fail(clean, "\"clean\" must be a list");
        for (const auto& c : clean) addClient(c, Truth::Benign);
    }
}

void loadDomainList(const std::string& path, const config::DatatestConfig& config,
                    TruthTable& table) {
    formats::LineReader reader(path);
    formats::LineReader::Line line;
    std::vector<std::string_view> cells;
    std::size_t domainCol = 0, labelCol = 1, familyCol = 2;
    bool first = true;
    std::uint64_t lineNo = 0;
    while (reader.next(line)) {
        ++lineNo;
        if (line.damaged)
            throw TruthError(path + ":" + std::to_string(lineNo) + ": " + reader.damage());
        const std::string_view text = line.text;
        if (text.empty() || text.front() == '#') continue;
        splitOn(text, ",", cells);
        if (first) {
            first = false;
            // A header names the columns (also the shared data's ",domain,family,subfamily,label").
            auto find = [&](std::initializer_list<std::string_view> names) -> std::ptrdiff_t {
                for (std::size_t i = 0; i < cells.size(); ++i)
                    for (auto n : names)
                        if (text::asciiLower(trim(cells[i])) == n)
                            return static_cast<std::ptrdiff_t>(i);
                return -1;
            };
            const auto d = find({"domain", "name", "query", "qname"});
            if (d >= 0) {
                const auto l = find({"label", "class", "truth"});
                if (l < 0)
                    throw TruthError(path + ":" + std::to_string(lineNo) +
                                     ": header has no label column");
                domainCol = static_cast<std::size_t>(d);
                labelCol = static_cast<std::size_t>(l);
                const auto f = find({"family"});
                familyCol = f >= 0 ? static_cast<std::size_t>(f) : cells.size() + 1;
                continue;
            }
        }
        if (cells.size() <= std::max(domainCol, labelCol))
            throw TruthError(path + ":" + std::to_string(lineNo) +
                             ": expected domain,label[,family], got '" +
                             std::string(text.substr(0, 200)) + "'");
        const Truth truth = truthFromLabel(trim(cells[labelCol]), config);
        const std::string_view family = familyCol < cells.size() ? trim(cells[familyCol]) : "";
        table.countRow(truth != Truth::Unknown);
        if (truth != Truth::Unknown) table.addName(trim(cells[domainCol]), truth, family);
    }
}

}  // namespace

void TruthTable::addName(std::string_view rawName, Truth truth, std::string_view family) {
    std::array<char, 256> buf;
    const std::string_view name = event::normaliseName(rawName, buf);
    if (name.empty() || truth == Truth::Unknown) return;
    auto it = m_names.find(name);
    if (it == m_names.end()) it = m_names.emplace(std::string(name), NameEntry{}).first;
    if (it->second.truth == Truth::Malicious) return;
    if (truth == Truth::Malicious) ++m_maliciousNames;
    it->second.truth = truth;
    if (!family.empty()) it->second.family = std::string(family);
}

void TruthTable::addClient(const event::IpAddress& client, Truth truth) {
    Truth& t = m_clients[client];
    if (t != Truth::Malicious) t = truth;
}

Truth TruthTable::nameTruth(std::string_view name) const {
    const auto it = m_names.find(name);
    return it == m_names.end() ? Truth::Unknown : it->second.truth;
}

std::optional<Truth> TruthTable::clientTruth(const event::IpAddress& client) const {
    const auto it = m_clients.find(client);
    if (it == m_clients.end()) return std::nullopt;
    return it->second;
}

std::string_view TruthTable::family(std::string_view name) const {
    const auto it = m_names.find(name);
    return it == m_names.end() ? std::string_view{} : std::string_view(it->second.family);
}

Truth truthFromLabel(std::string_view label, const config::DatatestConfig& config) {
    for (const auto& m : config.maliciousLabels)
        if (labelMatches(label, m)) return Truth::Malicious;
    for (const auto& b : config.benignLabels)
        if (labelMatches(label, b)) return Truth::Benign;
    return Truth::Unknown;
}

void loadTruthFile(const std::string& path, const config::DatatestConfig& config,
                   TruthTable& table) {
    formats::LineReader probe(path);
    formats::LineReader::Line line;
    bool json = false;
    while (probe.next(line)) {
        const auto at = line.text.find_first_not_of(" \t");
        if (at == std::string_view::npos) continue;
        json = line.text[at] == '{';
        break;
    }
    if (json)
        loadSampleTruthJson(path, table);
    else
        loadDomainList(path, config, table);
}

std::uint64_t loadLabelColumn(const std::string& path, const config::Config& config,
                              TruthTable& table) {
    const std::string& labelField = config.datatest.labelField;
    const formats::InputFormat format = formats::detectFormat(path);
    formats::LineReader reader(path);
    formats::LineReader::Line line;
    std::vector<std::string_view> cells;
    std::uint64_t labelled = 0;
    bool sawLabelColumn = false;
    auto add = [&](std::string_view name, std::string_view label) {
        const Truth truth = truthFromLabel(trim(label), config.datatest);
        table.countRow(truth != Truth::Unknown);
        if (truth == Truth::Unknown) return;
        table.addName(name, truth);
        ++labelled;
    };
    if (format == formats::InputFormat::Zeek) {
        std::string separator = "\t";
        long queryCol = -1, labelCol = -1;
        std::string decodedQuery, decodedLabel;
        while (reader.next(line)) {
            const std::string_view text = line.text;
            if (text.empty()) continue;
            if (text.front() == '{') {  // Zeek JSON lines
                formats::FlatJsonScanner scanner(text);
                formats::FlatJsonScanner::Member m;
                std::string_view query, label;
                bool hasLabel = false;
                while (scanner.next(m)) {
                    if (m.kind != formats::FlatJsonScanner::Kind::String) continue;
                    if (m.key == "query") query = m.raw;
                    if (m.key == labelField) {
                        label = m.raw;
                        hasLabel = true;
                    }
                }
                if (scanner.failed() || !hasLabel || query.empty()) continue;
                sawLabelColumn = true;
                if (!formats::FlatJsonScanner::decodeString(query, decodedQuery) ||
                    !formats::FlatJsonScanner::decodeString(label, decodedLabel))
                    continue;
                add(decodedQuery, decodedLabel);
                continue;
            }
            if (text.front() == '#') {
                if (text.rfind("#separator ", 0) == 0) {
                    const std::string_view v = text.substr(11);
                    separator = v == "\\x09" ? "\t" : std::string(v);
                } else if (text.rfind("#fields", 0) == 0) {
                    splitOn(text, separator, cells);
                    queryCol = labelCol = -1;
                    for (std::size_t i = 1; i < cells.size(); ++i) {
                        if (cells[i] == "query") queryCol = static_cast<long>(i) - 1;
                        if (cells[i] == labelField) labelCol = static_cast<long>(i) - 1;
                    }
                    sawLabelColumn = sawLabelColumn || labelCol >= 0;
                }
                continue;
            }
            if (queryCol < 0 || labelCol < 0) continue;
            splitOn(text, separator, cells);
            if (static_cast<std::size_t>(std::max(queryCol, labelCol)) >= cells.size()) continue;
            const std::string_view query = cells[static_cast<std::size_t>(queryCol)];
            if (query == "-" || query == "(empty)") continue;
            add(query, cells[static_cast<std::size_t>(labelCol)]);
        }
    } else if (format == formats::InputFormat::Heidgaf) {
        long domainIdx = -1, labelIdx = -1;
        for (std::size_t i = 0; i < config.logline.size(); ++i) {
            if (config.logline[i].name == config::kFieldDomainName)
                domainIdx = static_cast<long>(i);
            if (config.logline[i].name == labelField) labelIdx = static_cast<long>(i);
        }
        sawLabelColumn = labelIdx >= 0;
        while (sawLabelColumn && reader.next(line)) {
            cells.clear();
            const std::string_view text = line.text;
            for (std::size_t pos = 0; pos < text.size();) {
                while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
                std::size_t end = pos;
                while (end < text.size() && text[end] != ' ' && text[end] != '\t') ++end;
                if (end > pos) cells.push_back(text.substr(pos, end - pos));
                pos = end;
            }
            if (cells.size() != config.logline.size()) continue;  // the parser rejects it
            add(cells[static_cast<std::size_t>(domainIdx)],
                cells[static_cast<std::size_t>(labelIdx)]);
        }
    }
    if (!sawLabelColumn)
        throw TruthError(path + ": no '" + labelField +
                         "' label column (Zeek dns.log column or JSON key, or a logline_format "
                         "field of that name)");
    return labelled;
}

}  // namespace dnshound::core::datatest
