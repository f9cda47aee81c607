#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/config.h"
#include "core/event/dns_event.h"
#include "core/event/name_table.h"
#include "core/store/store_records.h"

namespace dnshound::core::store {

struct ClientTotals {
    std::uint32_t id = 0;
    std::string ip;
    std::string subnet;
    std::int64_t queries = 0;
    std::int64_t nxdomain = 0;
    std::int64_t distinctNames = 0;
    std::int64_t dgaNames = 0;
    std::int64_t firstSeenUs = 0;
    std::int64_t lastSeenUs = 0;
    double maxScore = -1.0;  // highest DGA score of the names it asked for; -1: none scored
};

struct SourceTotals {
    SourceSummary summary;
    std::vector<std::pair<std::string, std::uint64_t>> rejectsByReason;
    std::vector<RejectSample> samples;
};

// The one writer of an analysis file; lives on the pipeline's store thread. Rows accumulate in
// an open transaction that commits every `transactionRows` rows.
class StoreWriter final {
public:
    enum class WriteMode {
        // Others may read the file while it is written (the GUI shows an import as it runs):
        // write-ahead log, so a crash loses at most one transaction and the file always holds
        // a consistent prefix of the run.
        Shared,
        // Nobody reads the file before the run ends (the CLI): written without a journal under
        // a temporary name beside `path` and renamed into place by finish(), so a run that never
        // finishes leaves no file under the name, never a half one.
        Private,
    };

    // Creates (replacing any existing file) and migrates the analysis file.
    StoreWriter(const std::string& path, const config::StoreConfig& config,
                const event::NameTable& names, WriteMode mode = WriteMode::Shared);
    ~StoreWriter();
    StoreWriter(const StoreWriter&) = delete;
    StoreWriter& operator=(const StoreWriter&) = delete;

    void setMeta(std::string_view key, std::string_view value);
    void addClient(std::uint32_t id, const event::IpAddress& ip, std::string_view subnet);
    void addEvents(std::span<const event::DnsEvent> events,
                   std::span<const std::uint32_t> clientIds);
    void setScore(event::NameId name, float dgaScore);
    void upsertAlert(const AlertRecord& alert);
    // A minute of a watched (client, domain) pair; a later call for the same minute replaces it.
    void upsertTunnelPoint(const TunnelSeriesPoint& point);
    void addStageSample(const StageSample& sample);
    // Datatest confusion matrix cells (replacing cells of the same level/truth/predicted).
    void setConfusion(std::span<const ConfusionCell> cells);
    void addAllowlistEntry(const AllowlistRecord& entry);
    // Commits when the open transaction holds enough rows.
    void commitIfDue();

    // Final aggregates, names, the drill-down indexes; commits. The file is complete afterwards
    // (and, when Private, in place under its name; the writer takes no more rows then).
    void finish(std::span<const SourceTotals> sources, std::span<const ClientTotals> clients,
                std::span<const VolumeBucket> volumes);

    std::uint64_t rowsWritten() const { return m_rowsWritten; }

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::uint64_t m_rowsWritten = 0;
};

}  // namespace dnshound::core::store
