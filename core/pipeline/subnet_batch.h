#pragma once

#include <cstdint>
#include <vector>

#include "core/event/dns_event.h"
#include "core/event/ip_address.h"

namespace dnshound::core::pipeline {

// The unit of work between stages: events of one client subnet, flushed by size or event time.
// Every event goes on to the store; `relevant` and `forwarded` narrow what the detectors see.
struct SubnetBatch {
    event::IpAddress subnet;
    std::vector<event::DnsEvent> events;
    std::vector<std::uint32_t> relevant;  // prefilter: indices into events
    bool forwarded = false;               // inspector: detectors look at this batch
    std::uint32_t inspectedBins = 0;
    std::uint32_t anomalousBins = 0;
    std::vector<std::uint32_t> clientIds;  // tally: dense client id per event (for the store)
};

}  // namespace dnshound::core::pipeline
