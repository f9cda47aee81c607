#pragma once

#include <span>
#include <string>

#include "core/store/store_records.h"

namespace dnshound::core::store {

// Records an allowlist entry in an existing analysis file (the GUI's "Allowlist…" actions), in
// its own transaction. Older analysis files are migrated first. Throws StoreError.
void appendAllowlistRecord(const std::string& dbPath, const AllowlistRecord& entry);
// Replaces the analysis file's allowlist with `entries` (the GUI's list editor after an edit
// or a removal), in one transaction. Throws StoreError.
void replaceAllowlistRecords(const std::string& dbPath, std::span<const AllowlistRecord> entries);

}  // namespace dnshound::core::store
