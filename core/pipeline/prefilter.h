#pragma once

#include <bitset>
#include <cstdint>

#include "core/config/config.h"
#include "core/pipeline/subnet_batch.h"

namespace dnshound::core::pipeline {

// Which events are relevant to the detectors (heiDGAF's prefilter: the "relevant" values of the
// log format's ListItem fields; by default NXDOMAIN responses, the DGA path).
class Prefilter final {
public:
    // Relevant rcodes come from the status_code field's relevant list when the log format has one,
    // else from prefilter.relevant_rcodes; relevant record types from record_type's list (empty:
    // every type). relevantOnly = false keeps every event.
    explicit Prefilter(const config::Config& config);

    // Fills batch.relevant with the indices of relevant events.
    void apply(SubnetBatch& batch) const;
    bool isRelevant(const event::DnsEvent& e) const;

private:
    bool m_keepAll = false;
    bool m_allQtypes = true;
    std::bitset<65536> m_rcodes;  // indexed by rcode (kRcodeNone included)
    std::bitset<65536> m_qtypes;
};

}  // namespace dnshound::core::pipeline
