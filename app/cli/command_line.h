#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dnshound::app::cli {

// A usage or input error: main() prints "dnshound-cli: <what>" and exits with 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// "--name value" / "--name=value" / "--flag" options and positional arguments of one subcommand.
class CommandLine final {
public:
    CommandLine(const std::vector<std::string>& args, const std::vector<std::string>& valueOptions,
                const std::vector<std::string>& flagOptions);

    std::optional<std::string> value(std::string_view option) const;  // last occurrence
    std::vector<std::string> values(std::string_view option) const;   // every occurrence
    bool flag(std::string_view option) const;
    const std::vector<std::string>& positional() const { return m_positional; }

    std::string required(std::string_view option) const;
    double number(std::string_view option, double fallback) const;

private:
    std::vector<std::pair<std::string, std::string>> m_values;
    std::vector<std::string> m_flags;
    std::vector<std::string> m_positional;
};

}  // namespace dnshound::app::cli
