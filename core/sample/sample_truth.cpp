#include "core/sample/sample_truth.h"

#include "core/sample/civil_time.h"
#include "core/text/json_writer.h"

namespace dnshound::core::sample {

namespace {

std::string timestampText(std::int64_t ms) {
    std::string out(kTimestampLength, ' ');
    formatTimestamp(out.data(), ms);
    return out;
}

}  // namespace

std::string truthToJson(const SampleTruth& truth) {
    std::string infected = "[";
    for (std::size_t i = 0; i < truth.infected.size(); ++i) {
        if (i) infected.push_back(',');
        const InfectedClientTruth& c = truth.infected[i];
        text::JsonObjectWriter(infected)
            .field("client", c.client)
            .field("family", c.family)
            .field("first_dga", timestampText(c.firstDgaMs))
            .field("dga_lookups", c.dgaLookups)
            .finish();
    }
    infected.push_back(']');
    std::string out;
    text::JsonObjectWriter(out)
        .rawField("infected", infected)
        .field("clean", truth.clean)
        .field("lines", truth.lines)
        .field("first", timestampText(truth.firstMs))
        .field("last", timestampText(truth.lastMs))
        .finish();
    out.push_back('\n');
    return out;
}

std::string truthToLabelsCsv(const SampleTruth& truth) {
    std::string out = "domain,label,family\n";
    for (const NameTruth& n : truth.names) {
        out += n.name;
        out += n.family.empty() ? ",benign," : ",dga,";
        out += n.family;
        out.push_back('\n');
    }
    return out;
}

}  // namespace dnshound::core::sample
