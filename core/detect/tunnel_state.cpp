#include "core/detect/tunnel_state.h"

#include <algorithm>

#include "core/text/ascii_text.h"

namespace dnshound::core::detect {

QtypeClass classifyQtype(std::uint16_t qtype) {
    switch (qtype) {
        case 1:
            return QtypeClass::A;
        case 28:
            return QtypeClass::AAAA;
        case 16:
            return QtypeClass::TXT;
        case 10:
            return QtypeClass::Null;
        case 5:
            return QtypeClass::CNAME;
        case 15:
            return QtypeClass::MX;
        case 33:
            return QtypeClass::SRV;
        case 25:
            return QtypeClass::Key;  // dns2tcp's other record type
        default:
            return QtypeClass::Other;
    }
}

std::string_view qtypeClassName(QtypeClass c) {
    switch (c) {
        case QtypeClass::A:
            return "A";
        case QtypeClass::AAAA:
            return "AAAA";
        case QtypeClass::TXT:
            return "TXT";
        case QtypeClass::Null:
            return "NULL";
        case QtypeClass::CNAME:
            return "CNAME";
        case QtypeClass::MX:
            return "MX";
        case QtypeClass::SRV:
            return "SRV";
        case QtypeClass::Key:
            return "KEY";
        case QtypeClass::Other:
            return "other";
        case QtypeClass::Count:
            break;
    }
    return "other";
}

bool carriesData(QtypeClass c) {
    return c == QtypeClass::TXT || c == QtypeClass::Null || c == QtypeClass::CNAME ||
           c == QtypeClass::MX || c == QtypeClass::SRV || c == QtypeClass::Key ||
           c == QtypeClass::Other;
}

std::size_t TunnelStateTable::KeyHash::operator()(const Key& k) const noexcept {
    return event::IpAddressHash{}(k.client) ^ (text::StringViewHash{}(k.domain) * 31);
}

TunnelStateTable::TunnelStateTable(std::size_t maxKeys, std::int64_t idleUs)
    : m_maxKeys(std::max<std::size_t>(1, maxKeys)), m_idleUs(idleUs) {
    m_index.reserve(std::min<std::size_t>(m_maxKeys, 1u << 16));
}

void TunnelStateTable::unlink(std::uint32_t slot) {
    TunnelState& s = m_slots[slot];
    if (s.prev != TunnelState::kNil)
        m_slots[s.prev].next = s.next;
    else
        m_head = s.next;
    if (s.next != TunnelState::kNil)
        m_slots[s.next].prev = s.prev;
    else
        m_tail = s.prev;
    s.prev = s.next = TunnelState::kNil;
}

void TunnelStateTable::pushFront(std::uint32_t slot) {
    TunnelState& s = m_slots[slot];
    s.prev = TunnelState::kNil;
    s.next = m_head;
    if (m_head != TunnelState::kNil) m_slots[m_head].prev = slot;
    m_head = slot;
    if (m_tail == TunnelState::kNil) m_tail = slot;
}

void TunnelStateTable::evict(std::uint32_t slot) {
    unlink(slot);
    TunnelState& s = m_slots[slot];
    m_index.erase(Key{s.client, s.domain});
    s = TunnelState{};  // frees the name set
    m_free.push_back(slot);
}

void TunnelStateTable::expire(std::int64_t nowUs) {
    // The list is in touch order, which is event order up to a batch's reordering: the idle
    // ones sit at the tail.
    while (m_tail != TunnelState::kNil && nowUs - m_slots[m_tail].lastUs > m_idleUs) {
        evict(m_tail);
        ++m_stats.evictedIdle;
    }
}

TunnelState* TunnelStateTable::find(const event::IpAddress& client, std::string_view domain) {
    auto it = m_index.find(Key{client, domain});
    return it == m_index.end() ? nullptr : &m_slots[it->second];
}

TunnelState& TunnelStateTable::touch(const event::IpAddress& client, std::string_view domain,
                                     std::int64_t nowUs) {
    auto it = m_index.find(Key{client, domain});
    if (it != m_index.end()) {
        const std::uint32_t slot = it->second;
        if (m_head != slot) {
            unlink(slot);
            pushFront(slot);
        }
        return m_slots[slot];
    }
    while (m_index.size() >= m_maxKeys && m_tail != TunnelState::kNil) {
        evict(m_tail);
        ++m_stats.evictedCap;
    }
    std::uint32_t slot;
    if (!m_free.empty()) {
        slot = m_free.back();
        m_free.pop_back();
    } else {
        slot = static_cast<std::uint32_t>(m_slots.size());
        m_slots.emplace_back();
    }
    TunnelState& s = m_slots[slot];
    s.client = client;
    s.domain = domain;
    s.firstUs = s.lastUs = nowUs;
    m_index.emplace(Key{client, domain}, slot);
    pushFront(slot);
    ++m_stats.created;
    m_stats.peak = std::max(m_stats.peak, m_index.size());
    return s;
}

}  // namespace dnshound::core::detect
