#pragma once

#include <string_view>

namespace dnshound::core::features {

// The parts of a domain name around its registrable domain: "www.qxkzvbn.co.uk" has subdomain
// "www", second-level label "qxkzvbn" and suffix "co.uk". Views point into the split name.
struct DomainSplit {
    std::string_view subdomain;            // labels left of the second-level label (may be empty)
    std::string_view secondLevelLabel;     // the label the owner chose
    std::string_view suffix;               // the public suffix (may be empty for a single label)
    std::string_view registrable() const;  // secondLevelLabel + "." + suffix (or just the label)
};

// Splits names with the ICANN section of libpsl's built-in Public Suffix List, plus a short list
// of dynamic-DNS / free-subdomain providers (ddns.net, co.cc, ...) where customers, and DGAs,
// choose the label. The list's private section is not used: it is mostly cloud and CDN platforms
// whose labels are machine-made ("d3ag4hukkh62yn.cloudfront.net" splits as label "cloudfront").
// Names under an unknown top-level domain take their last label as suffix (the list's "*" rule).
// Thread-safe and allocation-free.
class PublicSuffix final {
public:
    // `name` must be normalised (lower case, no trailing dot); any bytes are tolerated.
    static DomainSplit split(std::string_view name);
};

}  // namespace dnshound::core::features
