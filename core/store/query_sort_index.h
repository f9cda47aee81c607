#pragma once

#include <string>
#include <string_view>

#include "core/store/drilldown_reader.h"

namespace dnshound::core::store {

// The indexes that serve one client's raw queries sorted on a column other than time: keyset
// pages on (client_id, column, rowid) (SortedQueryPager). The writer does not build them: all
// five at the end of every run cost more than the import itself. The first sort of a big client
// builds the one it needs, once per file; smaller clients are sorted from their rows.

// The index for `order`; "" for Time, which walks the writer's queries_by_client.
std::string_view querySortIndexName(DrilldownReader::QueryOrder order);

// Builds the index for `order` into the analysis file at `path` through a connection of its
// own, waiting up to `busyMs` for another writer. False, with the file unchanged, when the file
// cannot take it (read-only, or a writer holds it longer); the sorts still work then, slower.
bool buildQuerySortIndex(const std::string& path, DrilldownReader::QueryOrder order,
                         int busyMs = 60'000);

}  // namespace dnshound::core::store
