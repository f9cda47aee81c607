#include "app/cli/command_line.h"

#include <algorithm>
#include <cstdlib>

namespace dnshound::app::cli {

namespace {
bool contains(const std::vector<std::string>& list, std::string_view s) {
    return std::find(list.begin(), list.end(), s) != list.end();
}
}  // namespace

CommandLine::CommandLine(const std::vector<std::string>& args,
                         const std::vector<std::string>& valueOptions,
                         const std::vector<std::string>& flagOptions) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string arg = args[i];
        if (arg.size() < 3 || arg.rfind("--", 0) != 0) {
            m_positional.push_back(arg);
            continue;
        }
        std::string name = arg;
        std::optional<std::string> inlineValue;
        if (auto eq = arg.find('='); eq != std::string::npos) {
            name = arg.substr(0, eq);
            inlineValue = arg.substr(eq + 1);
        }
        if (contains(flagOptions, name)) {
            if (inlineValue) throw UsageError(name + " takes no value");
            m_flags.push_back(name);
        } else if (contains(valueOptions, name)) {
            if (inlineValue) {
                m_values.emplace_back(name, *inlineValue);
            } else {
                if (i + 1 >= args.size()) throw UsageError(name + " needs a value");
                m_values.emplace_back(name, args[++i]);
            }
        } else {
            throw UsageError("unknown option " + name);
        }
    }
}

std::optional<std::string> CommandLine::value(std::string_view option) const {
    std::optional<std::string> out;
    for (const auto& [k, v] : m_values)
        if (k == option) out = v;
    return out;
}

std::vector<std::string> CommandLine::values(std::string_view option) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : m_values)
        if (k == option) out.push_back(v);
    return out;
}

bool CommandLine::flag(std::string_view option) const {
    return contains(m_flags, option);
}

std::string CommandLine::required(std::string_view option) const {
    auto v = value(option);
    if (!v) throw UsageError(std::string(option) + " is required");
    return *v;
}

double CommandLine::number(std::string_view option, double fallback) const {
    auto v = value(option);
    if (!v) return fallback;
    char* end = nullptr;
    double d = std::strtod(v->c_str(), &end);
    if (end == v->c_str() || *end != '\0')
        throw UsageError(std::string(option) + ": not a number: '" + *v + "'");
    return d;
}

}  // namespace dnshound::app::cli
