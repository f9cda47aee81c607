#include "core/config/config.h"

#include <pcre2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <memory>
#include <set>
#include <sstream>

#include "core/config/timestamp_format.h"
#include "core/event/dns_types.h"
#include "core/text/ascii_text.h"

namespace dnshound::core::config {

extern const std::string_view kDefaultConfigText;

namespace {

// Reads one YAML document into a Config, with every error naming origin, line and key path.
class ConfigReader {
public:
    ConfigReader(std::string_view origin, const Config* base) : m_origin(origin) {
        if (base) m_config = *base;
        m_config.origin = std::string(origin);
    }

    Config read(std::string_view yaml) {
        YAML::Node root;
        try {
            root = YAML::Load(std::string(yaml));
        } catch (const YAML::Exception& e) {
            throw ConfigError(m_origin + ":" + std::to_string(e.mark.line + 1) +
                              ": YAML syntax error: " + e.msg);
        }
        if (root.IsNull()) return m_config;
        requireMap(root, "");
        forEachKey(root, "", {"pipeline", "store", "datatest"},
                   [&](const std::string& key, const YAML::Node& v, const std::string& path) {
                       if (key == "pipeline") readPipeline(v, path);
                       if (key == "store") readStore(v, path);
                       if (key == "datatest") readDatatest(v, path);
                   });
        return m_config;
    }

private:
    [[noreturn]] void fail(const YAML::Node& at, const std::string& path,
                           const std::string& message) const {
        const int line = at.Mark().is_null() ? 0 : at.Mark().line + 1;
        throw ConfigError(m_origin + ":" + std::to_string(line) + ": " +
                          (path.empty() ? std::string("<root>") : path) + ": " + message);
    }

    static std::string join(const std::string& path, const std::string& key) {
        return path.empty() ? key : path + "." + key;
    }

    void requireMap(const YAML::Node& node, const std::string& path) const {
        if (!node.IsMap()) fail(node, path, "expected a mapping of keys");
    }

    template <typename Fn>
    void forEachKey(const YAML::Node& node, const std::string& path,
                    std::initializer_list<std::string_view> known, Fn&& fn) {
        if (node.IsNull()) return;  // "section:" with nothing below it: all defaults
        requireMap(node, path);
        std::set<std::string> seen;
        for (const auto& kv : node) {
            if (!kv.first.IsScalar()) fail(kv.first, path, "keys must be plain names");
            const std::string key = kv.first.Scalar();
            const std::string keyPath = join(path, key);
            if (std::find(known.begin(), known.end(), key) == known.end()) {
                std::string expected;
                for (auto k : known) expected += (expected.empty() ? "" : ", ") + std::string(k);
                fail(kv.first, keyPath, "unknown key '" + key + "' (expected " + expected + ")");
            }
            if (!seen.insert(key).second) fail(kv.first, keyPath, "duplicate key");
            fn(key, kv.second, keyPath);
        }
    }

    std::string scalar(const YAML::Node& node, const std::string& path, const char* what) const {
        if (!node.IsScalar()) fail(node, path, std::string("expected ") + what);
        return node.Scalar();
    }

    bool readBool(const YAML::Node& node, const std::string& path) const {
        const std::string s = scalar(node, path, "true or false");
        bool value = false;
        if (!YAML::convert<bool>::decode(node, value))
            fail(node, path, "expected true or false, got '" + s + "'");
        return value;
    }

    std::int64_t readInt(const YAML::Node& node, const std::string& path, std::int64_t min,
                         std::int64_t max) const {
        const std::string s = scalar(node, path, "an integer");
        long long value = 0;
        std::size_t used = 0;
        try {
            value = std::stoll(s, &used, 10);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != s.size()) fail(node, path, "expected an integer, got '" + s + "'");
        if (value < min || value > max)
            fail(node, path,
                 "value " + s + " out of range [" + std::to_string(min) + ", " +
                     std::to_string(max) + "]");
        return value;
    }

    double readDouble(const YAML::Node& node, const std::string& path, double min, double max,
                      bool minExclusive = false) const {
        const std::string s = scalar(node, path, "a number");
        double value = 0;
        std::size_t used = 0;
        try {
            value = std::stod(s, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != s.size() || !std::isfinite(value))
            fail(node, path, "expected a number, got '" + s + "'");
        if (value < min || value > max || (minExclusive && value == min)) {
            std::ostringstream range;
            range << (minExclusive ? "(" : "[") << min << ", " << max << "]";
            fail(node, path, "value " + s + " out of range " + range.str());
        }
        return value;
    }

    std::vector<std::string> readStringList(const YAML::Node& node, const std::string& path) const {
        if (!node.IsSequence()) fail(node, path, "expected a list");
        std::vector<std::string> out;
        for (std::size_t i = 0; i < node.size(); ++i)
            out.push_back(scalar(node[i], path + "[" + std::to_string(i) + "]", "a plain value"));
        return out;
    }

    void readPipeline(const YAML::Node& node, const std::string& path) {
        forEachKey(
            node, path,
            {"log_collection", "log_filtering", "data_inspection", "data_analysis", "alerting"},
            [&](const std::string& key, const YAML::Node& v, const std::string& p) {
                if (key == "log_collection") readLogCollection(v, p);
                if (key == "log_filtering") readLogFiltering(v, p);
                if (key == "data_inspection") readDataInspection(v, p);
                if (key == "data_analysis") readDataAnalysis(v, p);
                if (key == "alerting") readAlerting(v, p);
            });
    }

    void readLogCollection(const YAML::Node& node, const std::string& path) {
        forEachKey(node, path, {"collector", "batch_handler"},
                   [&](const std::string& key, const YAML::Node& v, const std::string& p) {
                       if (key == "collector") {
                           forEachKey(v, p, {"logline_format"},
                                      [&](const std::string&, const YAML::Node& f,
                                          const std::string& fp) { readLogline(f, fp); });
                       }
                       if (key == "batch_handler") readBatch(v, p);
                   });
    }

    void readBatch(const YAML::Node& node, const std::string& path) {
        BatchConfig& b = m_config.batch;
        // batch_timeout is heiDGAF's spelling; accepted so its configuration loads unchanged.
        forEachKey(
            node, path,
            {"batch_size", "batch_timeout_secs", "batch_timeout", "max_buffered_events",
             "subnet_id"},
            [&](const std::string& key, const YAML::Node& v, const std::string& p) {
                if (key == "batch_size")
                    b.maxEvents = static_cast<std::size_t>(readInt(v, p, 1, 100'000'000));
                if (key == "batch_timeout_secs" || key == "batch_timeout")
                    b.timeoutUs = static_cast<std::int64_t>(
                        std::llround(readDouble(v, p, 0, 86400.0 * 365, true) * 1e6));
                if (key == "max_buffered_events")
                    b.maxBufferedEvents = static_cast<std::size_t>(readInt(v, p, 1, 1'000'000'000));
                if (key == "subnet_id") {
                    forEachKey(
                        v, p, {"ipv4_prefix_length", "ipv6_prefix_length"},
                        [&](const std::string& k, const YAML::Node& n, const std::string& np) {
                            if (k == "ipv4_prefix_length")
                                b.ipv4PrefixLength = static_cast<int>(readInt(n, np, 0, 32));
                            else
                                b.ipv6PrefixLength = static_cast<int>(readInt(n, np, 0, 128));
                        });
                }
            });
    }

    void readLogFiltering(const YAML::Node& node, const std::string& path) {
        forEachKey(node, path, {"prefilter"},
                   [&](const std::string&, const YAML::Node& v, const std::string& p) {
                       forEachKey(
                           v, p, {"relevant_only", "relevant_rcodes"},
                           [&](const std::string& key, const YAML::Node& n, const std::string& np) {
                               if (key == "relevant_only")
                                   m_config.prefilter.relevantOnly = readBool(n, np);
                               if (key == "relevant_rcodes") {
                                   auto codes = readStringList(n, np);
                                   for (std::size_t i = 0; i < codes.size(); ++i) {
                                       if (!event::rcodeFromName(codes[i]))
                                           fail(n[i], np + "[" + std::to_string(i) + "]",
                                                "unknown rcode '" + codes[i] + "'");
                                   }
                                   m_config.prefilter.relevantRcodes = std::move(codes);
                               }
                           });
                   });
    }

    void readDataInspection(const YAML::Node& node, const std::string& path) {
        InspectorConfig& in = m_config.inspector;
        forEachKey(node, path, {"inspector"},
                   [&](const std::string&, const YAML::Node& v, const std::string& p) {
                       forEachKey(
                           v, p,
                           {"mode", "bin_secs", "z_threshold", "min_bin_count", "ewma_alpha",
                            "min_anomalous_fraction", "max_subnets", "adapt_after_bins"},
                           [&](const std::string& key, const YAML::Node& n, const std::string& np) {
                               if (key == "mode") {
                                   const std::string mode = scalar(n, np, "zscore or passthrough");
                                   if (mode == "zscore")
                                       in.mode = InspectorMode::ZScore;
                                   else if (mode == "passthrough")
                                       in.mode = InspectorMode::PassThrough;
                                   else
                                       fail(n, np,
                                            "unknown mode '" + mode +
                                                "' (expected zscore or passthrough)");
                               }
                               if (key == "bin_secs")
                                   in.binSecs = readDouble(n, np, 0, 86400, true);
                               if (key == "z_threshold") in.zThreshold = readDouble(n, np, 0, 1e6);
                               if (key == "min_bin_count")
                                   in.minBinCount =
                                       static_cast<std::uint32_t>(readInt(n, np, 0, 1'000'000'000));
                               if (key == "ewma_alpha")
                                   in.ewmaAlpha = readDouble(n, np, 0, 1, true);
                               if (key == "min_anomalous_fraction")
                                   in.minAnomalousFraction = readDouble(n, np, 0, 1);
                               if (key == "max_subnets")
                                   in.maxSubnets =
                                       static_cast<std::size_t>(readInt(n, np, 1, 1'000'000'000));
                               if (key == "adapt_after_bins")
                                   in.adaptAfterBins =
                                       static_cast<std::uint32_t>(readInt(n, np, 0, 1'000'000'000));
                           });
                   });
    }

    void readDataAnalysis(const YAML::Node& node, const std::string& path) {
        DgaDetectorConfig& d = m_config.dga;
        forEachKey(node, path, {"dga"},
                   [&](const std::string&, const YAML::Node& v, const std::string& p) {
                       forEachKey(
                           v, p, {"enabled", "model", "threshold", "cache_max_names"},
                           [&](const std::string& key, const YAML::Node& n, const std::string& np) {
                               if (key == "enabled") d.enabled = readBool(n, np);
                               if (key == "model") d.modelPath = scalar(n, np, "a file path");
                               if (key == "threshold") d.threshold = readDouble(n, np, -1e9, 1e9);
                               if (key == "cache_max_names")
                                   d.cacheMaxNames =
                                       static_cast<std::size_t>(readInt(n, np, 1, 1'000'000'000));
                           });
                   });
    }

    void readAlerting(const YAML::Node& node, const std::string& path) {
        AlerterConfig& a = m_config.alerter;
        forEachKey(
            node, path, {"dga", "tunnel"},
            [&](const std::string& section, const YAML::Node& v, const std::string& p) {
                if (section == "tunnel") {
                    readTunnel(v, p);
                    return;
                }
                forEachKey(
                    v, p,
                    {"min_distinct_names", "window_secs", "evidence_max", "name_threshold",
                     "nxdomain_weight", "noerror_weight", "nxdomain_spread_domains",
                     "nxdomain_spread_secs", "ignore_typos"},
                    [&](const std::string& key, const YAML::Node& n, const std::string& np) {
                        if (key == "min_distinct_names")
                            a.dgaMinDistinctNames =
                                static_cast<std::uint32_t>(readInt(n, np, 1, 1'000'000));
                        if (key == "window_secs")
                            a.dgaWindowUs = static_cast<std::int64_t>(
                                std::llround(readDouble(n, np, 0, 86400.0 * 3650, true) * 1e6));
                        if (key == "evidence_max")
                            a.evidenceMax = static_cast<std::size_t>(readInt(n, np, 0, 100'000));
                        if (key == "name_threshold")
                            a.dgaNameThreshold = readDouble(n, np, -1.0, 1.0);
                        // At most 1 each: one name must never count for more than one name.
                        if (key == "nxdomain_weight")
                            a.nxdomainWeight = readDouble(n, np, 0.0, 1.0);
                        if (key == "noerror_weight") a.noerrorWeight = readDouble(n, np, 0.0, 1.0);
                        if (key == "nxdomain_spread_domains")
                            a.nxdomainSpreadDomains =
                                static_cast<std::uint32_t>(readInt(n, np, 0, 1'000'000));
                        if (key == "nxdomain_spread_secs")
                            a.nxdomainSpreadWindowUs = static_cast<std::int64_t>(
                                std::llround(readDouble(n, np, 1.0, 86400.0 * 365) * 1e6));
                        if (key == "ignore_typos") a.ignoreTypos = readBool(n, np);
                    });
            });
    }

    void readTunnel(const YAML::Node& node, const std::string& path) {
        TunnelConfig& t = m_config.tunnel;
        forEachKey(
            node, path,
            {"enabled", "max_keys", "idle_secs", "max_names_per_key", "min_label_score",
             "model_threshold", "tunnel_min_evidence", "tunnel_min_encoded",
             "tunnel_min_data_share", "exfil_min_encoded", "exfil_min_bytes",
             "exfil_min_payload_chars", "exfil_max_digest_share", "evidence_max", "allow_domains"},
            [&](const std::string& key, const YAML::Node& n, const std::string& np) {
                if (key == "enabled") t.enabled = readBool(n, np);
                if (key == "max_keys")
                    t.maxKeys = static_cast<std::size_t>(readInt(n, np, 1, 100'000'000));
                if (key == "idle_secs")
                    t.idleUs = static_cast<std::int64_t>(
                        std::llround(readDouble(n, np, 0, 86400.0 * 365, true) * 1e6));
                if (key == "max_names_per_key")
                    t.maxNamesPerKey = static_cast<std::size_t>(readInt(n, np, 1, 10'000'000));
                if (key == "min_label_score") t.minLabelScore = readDouble(n, np, 0, 1);
                if (key == "model_threshold") t.modelThreshold = readDouble(n, np, 0, 1);
                if (key == "tunnel_min_evidence") t.tunnelMinEvidence = readDouble(n, np, 0, 1e9);
                if (key == "tunnel_min_encoded")
                    t.tunnelMinEncoded = static_cast<std::uint32_t>(readInt(n, np, 1, 1'000'000));
                if (key == "tunnel_min_data_share") t.tunnelMinDataShare = readDouble(n, np, 0, 1);
                if (key == "exfil_min_encoded")
                    t.exfilMinEncoded = static_cast<std::uint32_t>(readInt(n, np, 1, 1'000'000));
                if (key == "exfil_min_bytes") t.exfilMinBytes = readDouble(n, np, 0, 1e12);
                if (key == "exfil_min_payload_chars")
                    t.exfilMinPayloadChars = readDouble(n, np, 0, 253);
                if (key == "exfil_max_digest_share")
                    t.exfilMaxDigestShare = readDouble(n, np, 0, 1);
                if (key == "evidence_max")
                    t.evidenceMax = static_cast<std::size_t>(readInt(n, np, 0, 10'000));
                if (key == "allow_domains") {
                    auto domains = readStringList(n, np);
                    for (std::size_t i = 0; i < domains.size(); ++i) {
                        std::string& d = domains[i];
                        d = text::asciiLower(d);
                        if (!d.empty() && d.back() == '.') d.pop_back();
                        if (d.empty() || d.find(' ') != std::string::npos)
                            fail(n[i], np + "[" + std::to_string(i) + "]",
                                 "not a domain name: '" + domains[i] + "'");
                    }
                    t.allowDomains = std::move(domains);
                }
            });
    }

    void readDatatest(const YAML::Node& node, const std::string& path) {
        DatatestConfig& d = m_config.datatest;
        forEachKey(node, path, {"label_field", "malicious_labels", "benign_labels"},
                   [&](const std::string& key, const YAML::Node& n, const std::string& np) {
                       if (key == "label_field") {
                           d.labelField = scalar(n, np, "a field name");
                           if (d.labelField.empty()) fail(n, np, "empty field name");
                       }
                       if (key == "malicious_labels") d.maliciousLabels = readStringList(n, np);
                       if (key == "benign_labels") d.benignLabels = readStringList(n, np);
                   });
    }

    void readStore(const YAML::Node& node, const std::string& path) {
        forEachKey(node, path, {"queries", "transaction_rows"},
                   [&](const std::string& key, const YAML::Node& n, const std::string& np) {
                       if (key == "queries") m_config.store.storeQueries = readBool(n, np);
                       if (key == "transaction_rows")
                           m_config.store.transactionRows =
                               static_cast<std::size_t>(readInt(n, np, 1, 100'000'000));
                   });
    }

    void readLogline(const YAML::Node& node, const std::string& path);
    LogField readField(const YAML::Node& node, const std::string& path);
    void checkPattern(const YAML::Node& at, const std::string& path,
                      const std::string& pattern) const;

    std::string m_origin;
    Config m_config;
};

void ConfigReader::readLogline(const YAML::Node& node, const std::string& path) {
    if (!node.IsSequence() || node.size() == 0) fail(node, path, "expected a list of fields");
    std::vector<LogField> fields;
    for (std::size_t i = 0; i < node.size(); ++i) {
        const std::string fieldPath = path + "[" + std::to_string(i) + "]";
        LogField field = readField(node[i], fieldPath);
        for (const LogField& other : fields)
            if (other.name == field.name)
                fail(node[i], fieldPath, "duplicate field name '" + field.name + "'");
        fields.push_back(std::move(field));
    }
    auto require = [&](std::string_view name, FieldType type, const char* typeName) {
        auto it = std::find_if(fields.begin(), fields.end(),
                               [&](const LogField& f) { return f.name == name; });
        if (it == fields.end())
            fail(node, path, "missing required field '" + std::string(name) + "'");
        if (it->type != type)
            fail(node[static_cast<std::size_t>(it - fields.begin())], path,
                 "field '" + std::string(name) + "' must have type " + typeName);
    };
    require(kFieldTimestamp, FieldType::Timestamp, "Timestamp");
    require(kFieldClientIp, FieldType::IpAddress, "IpAddress");
    auto domain = std::find_if(fields.begin(), fields.end(),
                               [](const LogField& f) { return f.name == kFieldDomainName; });
    if (domain == fields.end())
        fail(node, path, "missing required field '" + std::string(kFieldDomainName) + "'");
    m_config.logline = std::move(fields);
}

LogField ConfigReader::readField(const YAML::Node& node, const std::string& path) {
    if (!node.IsSequence() || node.size() < 2) fail(node, path, "expected [name, type, ...]");
    LogField f;
    f.line = node.Mark().line + 1;
    f.name = scalar(node[0], path, "a field name");
    if (f.name.empty()) fail(node[0], path, "empty field name");
    const std::string type = scalar(node[1], path, "a field type");
    auto arity = [&](std::size_t min, std::size_t max, const char* shape) {
        if (node.size() < min || node.size() > max)
            fail(node, path, "field '" + f.name + "' of type " + type + " must be " + shape);
    };
    if (type == "Timestamp") {
        f.type = FieldType::Timestamp;
        arity(3, 3, "[name, Timestamp, format]");
        f.timestampFormat = scalar(node[2], path, "a timestamp format");
        try {
            TimestampFormat check(f.timestampFormat);
        } catch (const std::invalid_argument& e) {
            fail(node[2], path, e.what());
        }
    } else if (type == "ListItem") {
        f.type = FieldType::ListItem;
        arity(3, 4, "[name, ListItem, [allowed...], [relevant...]]");
        f.allowed = readStringList(node[2], path);
        if (f.allowed.empty()) fail(node[2], path, "empty list of allowed values");
        if (node.size() == 4) f.relevant = readStringList(node[3], path);
        const bool isRcode = f.name == kFieldStatusCode;
        const bool isType = f.name == kFieldRecordType;
        auto known = [&](const std::string& v) {
            if (isRcode) return event::rcodeFromName(v).has_value();
            if (isType) return event::qtypeFromName(v).has_value();
            return true;
        };
        for (std::size_t i = 0; i < f.allowed.size(); ++i) {
            if (!known(f.allowed[i]))
                fail(node[2][i], path,
                     std::string(isRcode ? "unknown rcode '" : "unknown record type '") +
                         f.allowed[i] + "'");
        }
        for (std::size_t i = 0; i < f.relevant.size(); ++i) {
            const std::string& r = f.relevant[i];
            const bool inAllowed =
                std::any_of(f.allowed.begin(), f.allowed.end(), [&](const std::string& a) {
                    return a.size() == r.size() &&
                           std::equal(a.begin(), a.end(), r.begin(), [](char x, char y) {
                               return std::tolower(static_cast<unsigned char>(x)) ==
                                      std::tolower(static_cast<unsigned char>(y));
                           });
                });
            if (!inAllowed)
                fail(node[3][i], path, "relevant value '" + r + "' is not in the allowed list");
        }
    } else if (type == "IpAddress") {
        f.type = FieldType::IpAddress;
        arity(2, 2, "[name, IpAddress]");
    } else if (type == "RegEx") {
        f.type = FieldType::RegEx;
        arity(3, 3, "[name, RegEx, pattern]");
        f.pattern = scalar(node[2], path, "a regular expression");
        checkPattern(node[2], path, f.pattern);
    } else {
        fail(
            node[1], path,
            "unknown field type '" + type + "' (expected Timestamp, ListItem, IpAddress or RegEx)");
    }
    return f;
}

void ConfigReader::checkPattern(const YAML::Node& at, const std::string& path,
                                const std::string& pattern) const {
    int code = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code* re = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   PCRE2_UTF, &code, &offset, nullptr);
    if (re) {
        pcre2_code_free(re);
        return;
    }
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(code, message, sizeof(message));
    fail(at, path,
         "bad regular expression at offset " + std::to_string(offset) + ": " +
             reinterpret_cast<const char*>(message));
}

const Config& builtinDefault() {
    // Parsed once; immutable afterwards, so sharing it between threads is safe.
    static const Config config = ConfigReader("<default>", nullptr).read(kDefaultConfigText);
    return config;
}

void fnv(std::uint64_t& h, std::string_view s) {
    h = text::fnv1a(s, h);
    h ^= 0xff;  // field separator, so ("ab","c") != ("a","bc")
    h *= 0x100000001b3ULL;
}

}  // namespace

Config defaultConfig() {
    return builtinDefault();
}

std::string_view defaultConfigText() {
    return kDefaultConfigText;
}

Config loadConfigText(std::string_view yaml, std::string_view origin) {
    return ConfigReader(origin, &builtinDefault()).read(yaml);
}

Config loadConfigFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(path + ": cannot open configuration file");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw ConfigError(path + ": cannot read configuration file");
    return loadConfigText(text.str(), path);
}

std::string configDigest(const Config& c) {
    // Everything that changes results; `origin` and source lines do not.
    std::uint64_t h = text::kFnvOffsetBasis;
    auto num = [&](auto v) {
        std::ostringstream s;
        s.precision(17);
        s << v;
        fnv(h, s.str());
    };
    for (const LogField& f : c.logline) {
        fnv(h, f.name);
        num(static_cast<int>(f.type));
        fnv(h, f.timestampFormat);
        num(f.allowed.size());
        for (const auto& a : f.allowed) fnv(h, a);
        num(f.relevant.size());
        for (const auto& r : f.relevant) fnv(h, r);
        fnv(h, f.pattern);
    }
    num(c.batch.maxEvents);
    num(c.batch.timeoutUs);
    num(c.batch.ipv4PrefixLength);
    num(c.batch.ipv6PrefixLength);
    num(c.batch.maxBufferedEvents);
    num(c.prefilter.relevantOnly);
    num(c.prefilter.relevantRcodes.size());
    for (const auto& r : c.prefilter.relevantRcodes) fnv(h, r);
    num(static_cast<int>(c.inspector.mode));
    num(c.inspector.binSecs);
    num(c.inspector.zThreshold);
    num(c.inspector.minBinCount);
    num(c.inspector.ewmaAlpha);
    num(c.inspector.minAnomalousFraction);
    num(c.inspector.maxSubnets);
    num(c.inspector.adaptAfterBins);
    num(c.dga.enabled);
    fnv(h, c.dga.modelPath);
    num(c.dga.threshold);
    num(c.dga.cacheMaxNames);
    num(c.alerter.dgaNameThreshold);
    num(c.alerter.dgaMinDistinctNames);
    num(c.alerter.dgaWindowUs);
    num(c.alerter.evidenceMax);
    num(c.tunnel.enabled);
    num(c.tunnel.maxKeys);
    num(c.tunnel.idleUs);
    num(c.tunnel.maxNamesPerKey);
    num(c.tunnel.minLabelScore);
    num(c.tunnel.modelThreshold);
    num(c.tunnel.tunnelMinEvidence);
    num(c.tunnel.tunnelMinEncoded);
    num(c.tunnel.tunnelMinDataShare);
    num(c.tunnel.exfilMinEncoded);
    num(c.tunnel.exfilMinBytes);
    num(c.tunnel.exfilMinPayloadChars);
    num(c.tunnel.exfilMaxDigestShare);
    num(c.tunnel.evidenceMax);
    num(c.tunnel.allowDomains.size());
    for (const auto& d : c.tunnel.allowDomains) fnv(h, d);
    num(c.alerter.nxdomainWeight);
    num(c.alerter.noerrorWeight);
    num(c.alerter.nxdomainSpreadDomains);
    num(c.alerter.nxdomainSpreadWindowUs);
    num(c.alerter.ignoreTypos);
    num(c.store.storeQueries);
    num(c.store.transactionRows);
    char hex[17];
    std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(h));
    return hex;
}

}  // namespace dnshound::core::config
