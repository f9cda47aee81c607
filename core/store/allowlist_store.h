#pragma once

#include <string>

#include "core/store/store_records.h"

namespace dnshound::core::store {

// Records an allowlist entry in an existing analysis file (the GUI's "Allowlist…" actions), in
// its own transaction. Older analysis files are migrated first. Throws StoreError.
void appendAllowlistRecord(const std::string& dbPath, const AllowlistRecord& entry);

}  // namespace dnshound::core::store
