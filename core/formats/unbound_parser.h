#pragma once

#include <deque>
#include <unordered_map>
#include <vector>

#include "core/event/name_table.h"
#include "core/formats/line_parser.h"

namespace dnshound::core::formats {

struct ParseStats;

// unbound's log-queries / log-replies lines, with the "[epoch]" prefix, the log-time-ascii
// prefix ("Nov 27 10:00:00") or a syslog prefix ("Nov 27 10:00:00 host unbound[1:0]: ...").
// One event per DNS exchange: a reply completes the oldest pending query with the same
// (client, name, type, class) and fills rcode and size; a query without a reply within
// kReplyWindowUs of event time, or at the end of input, is emitted unanswered (kRcodeNone); a
// reply without a query is an event of its own. Other unbound messages are skipped.
//
// Accounting: query and reply lines are both "valid" (each produced or completed an event), so
// events == query lines + replies without a pending query, and events <= linesValid.
class UnboundParser final : public LineParser {
public:
    static constexpr std::int64_t kReplyWindowUs = 10'000'000;
    static constexpr std::size_t kMaxPending = 100'000;

    // `defaultYear` completes timestamps without a year (log-time-ascii, syslog).
    UnboundParser(event::NameTable& names, std::uint32_t sourceId, ParseStats& stats,
                  int defaultYear);

    void parseLine(std::string_view line, std::uint64_t lineNo,
                   std::vector<event::DnsEvent>& out) override;
    void finish(std::vector<event::DnsEvent>& out) override;

    std::size_t pendingCount() const { return m_live; }

private:
    struct Key {
        event::IpAddress client;
        event::NameId name;
        std::uint16_t qtype;
        std::uint32_t qclass;
        friend bool operator==(const Key&, const Key&) = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const noexcept;
    };
    struct Pending {
        event::DnsEvent ev;
        Key key;
        bool done = false;
    };

    bool parseTime(std::string_view prefix, std::int64_t& timeUs) const;
    void expire(std::int64_t nowUs, bool all, std::vector<event::DnsEvent>& out);
    void emit(const event::DnsEvent& ev, std::vector<event::DnsEvent>& out);

    event::NameTable& m_names;
    std::uint32_t m_sourceId;
    ParseStats& m_stats;
    int m_defaultYear;
    std::deque<Pending> m_queue;
    std::uint64_t m_headSeq = 0;  // sequence number of m_queue.front()
    std::unordered_multimap<Key, std::uint64_t, KeyHash> m_index;
    std::size_t m_live = 0;
};

}  // namespace dnshound::core::formats
