#include "core/datatest/truth_sources.h"

#include <filesystem>

namespace dnshound::core::datatest {

std::shared_ptr<const TruthTable> buildTruthTable(const TruthSources& sources,
                                                  const std::vector<std::string>& inputs,
                                                  const config::Config& config) {
    if (sources.empty()) return nullptr;
    auto table = std::make_shared<TruthTable>();
    for (const auto& path : sources.truthFiles) {
        if (!std::filesystem::is_regular_file(path))
            throw TruthError("no such truth file: " + path);
        loadTruthFile(path, config.datatest, *table);
    }
    if (sources.labelColumns)
        for (const auto& input : inputs) loadLabelColumn(input, config, *table);
    if (table->nameCount() == 0 && table->clientCount() == 0)
        throw TruthError("datatest: the truth holds no labelled name or client");
    return table;
}

}  // namespace dnshound::core::datatest
