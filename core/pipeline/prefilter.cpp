#include "core/pipeline/prefilter.h"

#include <stdexcept>

#include "core/event/dns_types.h"

namespace dnshound::core::pipeline {

namespace {
const config::LogField* findField(const config::Config& c, std::string_view name) {
    for (const auto& f : c.logline)
        if (f.name == name && f.type == config::FieldType::ListItem) return &f;
    return nullptr;
}
}  // namespace

Prefilter::Prefilter(const config::Config& config) {
    m_keepAll = !config.prefilter.relevantOnly;
    std::vector<std::string> rcodes = config.prefilter.relevantRcodes;
    if (const auto* f = findField(config, config::kFieldStatusCode); f && !f->relevant.empty())
        rcodes = f->relevant;
    for (const auto& r : rcodes) {
        auto code = event::rcodeFromName(r);
        if (!code) throw config::ConfigError("prefilter: unknown rcode '" + r + "'");
        m_rcodes.set(*code);
    }
    if (rcodes.empty()) m_rcodes.set();
    if (const auto* f = findField(config, config::kFieldRecordType); f && !f->relevant.empty()) {
        m_allQtypes = false;
        for (const auto& t : f->relevant) {
            auto type = event::qtypeFromName(t);
            if (!type) throw config::ConfigError("prefilter: unknown record type '" + t + "'");
            m_qtypes.set(*type);
        }
    }
}

bool Prefilter::isRelevant(const event::DnsEvent& e) const {
    if (m_keepAll) return true;
    return m_rcodes.test(e.rcode) && (m_allQtypes || m_qtypes.test(e.qtype));
}

void Prefilter::apply(SubnetBatch& batch) const {
    batch.relevant.clear();
    for (std::uint32_t i = 0; i < batch.events.size(); ++i)
        if (isRelevant(batch.events[i])) batch.relevant.push_back(i);
}

}  // namespace dnshound::core::pipeline
