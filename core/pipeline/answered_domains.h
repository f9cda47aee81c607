#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/event/name_table.h"

namespace dnshound::core::pipeline {

// Registrable domains that resolved for the clients of a run, and whether a domain is a typo of
// one. A user who types "loudfront.net" for "cloudfront.net", or an app with a mangled host
// name, gets NXDOMAIN for a name that no letter model tells from a random one; but it lies one
// edit from a domain the same network resolves all the time, which a DGA name does not.
// The DGA alerter sets such names aside as evidence. What counts is learned as events arrive: a
// typo seen before its domain reaches the bar below is judged without it.
class AnsweredDomains final {
public:
    // A domain is indexed once it resolved for kMinClients distinct clients or kMinAnswers times
    // (a single laptop's capture has one client).
    static constexpr std::uint32_t kMinClients = 2;
    static constexpr std::uint32_t kMinAnswers = 3;
    // Shorter second-level labels are never indexed: every short string is one edit from some
    // other short string.
    static constexpr std::size_t kMinLabelLength = 5;
    // Domains indexed at most by default (the index holds each domain's length + 1 hashes).
    static constexpr std::size_t kMaxIndexed = 200'000;

    explicit AnsweredDomains(std::size_t maxIndexed = kMaxIndexed) : m_maxIndexed(maxIndexed) {}

    // One answer for the registrable domain whose key is `key` (any id that is the same for
    // every name under it) to a client with hash `client`. True exactly once per key: when the
    // domain reaches the bar, and the caller should index() it.
    bool answered(event::NameId key, std::uint64_t client);
    // Adds a registrable domain ("cloudfront.net", lower case) whose second-level label is
    // `labelLength` characters long to the typo index (nothing once maxIndexed are).
    void index(std::string_view registrable, std::size_t labelLength);

    // The indexed domain that `registrable` is one edit from (a character left out, added or
    // changed, or two neighbours swapped), empty when none is; never `registrable` itself.
    std::string_view typoOf(std::string_view registrable) const;

    std::size_t indexed() const { return m_domains.size(); }

private:
    struct Tally {
        std::uint64_t firstClient = 0;
        std::uint32_t answers = 0;
        bool secondClient = false;
        bool indexed = false;
    };
    std::size_t m_maxIndexed;
    std::vector<Tally> m_tally;  // by key
    std::vector<std::string> m_domains;
    // The 64-bit hash of each indexed domain and of every string one deletion away from it ->
    // the domain's index (a hit is checked against the domain itself, so collisions are
    // harmless).
    std::unordered_multimap<std::uint64_t, std::uint32_t> m_index;
};

}  // namespace dnshound::core::pipeline
