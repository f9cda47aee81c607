#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/store/triage_records.h"

namespace dnshound::core::store {

// Reads and writes an analysis file's triage: alert states, their change log and analyst notes.
// Opens the existing file read-write and brings an older file's schema up to date (the triage
// tables arrived in migration 2). Every write is one short transaction of one or two rows; a
// write waits up to two minutes for another writer of the file (an index build of the first sort
// of a big client), so call it from a worker thread, not the GUI thread. One instance per thread.
class TriageStore final {
public:
    // Throws StoreError when the file is missing or is not an analysis file.
    explicit TriageStore(const std::string& path);
    ~TriageStore();
    TriageStore(const TriageStore&) = delete;
    TriageStore& operator=(const TriageStore&) = delete;

    // Sets an alert's state and logs the change; returns the state it had. No change is logged
    // when the state is already `state`. Throws StoreError for an unknown state or alert.
    std::string setState(std::int64_t alertId, std::string_view state, std::string_view author,
                         std::int64_t timeUs);
    std::string state(std::int64_t alertId) const;
    // Adds a note; returns it with its id. Throws StoreError for an empty text or unknown alert.
    AlertNote addNote(std::int64_t alertId, std::string_view author, std::string_view text,
                      std::int64_t timeUs);

    // Oldest first.
    std::vector<AlertNote> notes(std::int64_t alertId) const;
    std::vector<TriageChange> changes(std::int64_t alertId) const;
    // Alert id -> number of notes, for every alert that has some.
    std::vector<std::pair<std::int64_t, std::int64_t>> noteCounts() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace dnshound::core::store
