#pragma once

#include "core/store/store_records.h"

namespace dnshound::core::store {

class Statement;

// One query row from a statement whose columns are, in order: queries.rowid, time_us, client
// ip, domain name, qtype, rcode, response_bytes, dga_score (NULL: not scored), source_id,
// source_line. Every reader of raw queries selects these columns.
QueryRow readQueryRow(const Statement& st);

}  // namespace dnshound::core::store
