#include "core/store/query_row_reader.h"

#include "core/store/sqlite_connection.h"

namespace dnshound::core::store {

QueryRow readQueryRow(const Statement& st) {
    QueryRow r;
    r.rowId = st.int64(0);
    r.timeUs = st.int64(1);
    r.client = st.text(2);
    r.domain = st.text(3);
    r.qtype = static_cast<std::uint16_t>(st.int64(4));
    r.rcode = static_cast<std::uint16_t>(st.int64(5));
    r.responseBytes = static_cast<std::uint32_t>(st.int64(6));
    r.dgaScore = st.isNull(7) ? -1.0 : st.real(7);
    r.sourceId = static_cast<std::uint32_t>(st.int64(8));
    r.sourceLine = static_cast<std::uint64_t>(st.int64(9));
    return r;
}

}  // namespace dnshound::core::store
