#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/config/config.h"
#include "core/datatest/truth_table.h"

namespace dnshound::core::datatest {

// Where a datatest run's ground truth comes from: truth files (loadTruthFile) and/or the label
// columns of the inputs themselves (loadLabelColumn, with config.datatest.labelField). The CLI's
// --truth/--datatest and the GUI's "Open with ground truth…" both fill one.
struct TruthSources {
    std::vector<std::string> truthFiles;
    bool labelColumns = false;

    bool empty() const { return truthFiles.empty() && !labelColumns; }
};

// The truth table for an analysis of `inputs`; null when `sources` is empty. Throws TruthError for
// a missing or unusable truth file, an input without a label column, or when the result holds no
// labelled name or client.
std::shared_ptr<const TruthTable> buildTruthTable(const TruthSources& sources,
                                                  const std::vector<std::string>& inputs,
                                                  const config::Config& config);

}  // namespace dnshound::core::datatest
