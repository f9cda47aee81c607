#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/config/config.h"
#include "core/event/ip_address.h"
#include "core/text/ascii_text.h"

namespace dnshound::core::datatest {

// A truth file or label column that cannot be used; what() names the file and line.
class TruthError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class Truth : std::uint8_t { Unknown = 0, Benign = 1, Malicious = 2 };

// Ground truth for a datatest run, keyed by normalised query name and, where the source says so,
// by client. It never touches DnsEvent: the pipeline resolves a name's truth once per distinct
// name. A name labelled malicious anywhere stays malicious (a log may label the same name
// differently on different lines).
class TruthTable final {
public:
    void addName(std::string_view rawName, Truth truth, std::string_view family = {});
    void addClient(const event::IpAddress& client, Truth truth);

    Truth nameTruth(std::string_view normalisedName) const;
    // Explicit client truth; nullopt for clients the source does not list.
    std::optional<Truth> clientTruth(const event::IpAddress& client) const;
    std::string_view family(std::string_view normalisedName) const;

    bool hasClientTruth() const { return !m_clients.empty(); }
    std::size_t nameCount() const { return m_names.size(); }
    std::size_t clientCount() const { return m_clients.size(); }
    std::size_t maliciousNames() const { return m_maliciousNames; }
    std::uint64_t rowsRead() const { return m_rowsRead; }
    std::uint64_t rowsUnlabelled() const { return m_rowsUnlabelled; }
    void countRow(bool labelled) {
        ++m_rowsRead;
        if (!labelled) ++m_rowsUnlabelled;
    }

private:
    struct NameEntry {
        Truth truth = Truth::Unknown;
        std::string family;
    };
    std::unordered_map<std::string, NameEntry, text::StringViewHash, std::equal_to<>> m_names;
    std::unordered_map<event::IpAddress, Truth, event::IpAddressHash> m_clients;
    std::size_t m_maliciousNames = 0;
    std::uint64_t m_rowsRead = 0;
    std::uint64_t m_rowsUnlabelled = 0;
};

// Maps a label cell onto Truth with config.datatest's value lists (case-insensitive prefix match:
// "Malicious" and "Malicious-C2" are both malicious); Unknown when neither list matches.
Truth truthFromLabel(std::string_view label, const config::DatatestConfig& config);

// Adds a truth file: the sample's truth JSON ({"infected":[{"client":..}],"clean":[..]}: client
// truth) or a labelled domain list (CSV `domain,label[,family]`, optional header naming the
// columns, plain or gzip: name truth). Throws TruthError naming file and line.
void loadTruthFile(const std::string& path, const config::DatatestConfig& config,
                   TruthTable& table);

// Adds the label column of a labelled log (Zeek TSV/JSON dns.log with a `label` column, or
// heiDGAF-format lines with a field of that name in the log-line format). Returns the number of
// labelled rows; throws TruthError when the log has no such column.
std::uint64_t loadLabelColumn(const std::string& path, const config::Config& config,
                              TruthTable& table);

}  // namespace dnshound::core::datatest
