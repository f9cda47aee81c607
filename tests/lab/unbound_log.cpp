#include "unbound_log.h"

namespace dnshound::tests::lab {

namespace {

// "[1795822380] unbound[12130:0] info: 127.0.0.1 name. TXT IN[ NOERROR 0.002 0 95]"
UnboundLog::Line parse(const QByteArray& raw) {
    UnboundLog::Line l;
    if (!raw.startsWith('[')) return l;
    const int close = raw.indexOf(']');
    const int info = raw.indexOf("] info: ");
    if (close < 0 || info < 0) return l;
    const QList<QByteArray> f = raw.mid(info + 8).split(' ');
    if (f.size() < 4 || f[3] != "IN") return l;
    bool ok = false;
    const std::int64_t t = raw.mid(1, close - 1).toLongLong(&ok);
    if (!ok) return l;
    l.timeSecs = t;
    l.client = f[0];
    l.name = f[1];
    l.qtype = f[2];
    l.reply = f.size() > 4;
    return l;
}

bool under(const QByteArray& name, const QByteArray& zone) {
    const QByteArray z = zone.endsWith('.') ? zone : zone + '.';
    if (name == z || name.endsWith('.' + z)) return true;
    // unbound cuts a name that does not fit its print buffer and ends it with '&'
    // ("...Z.v.example-relay.&"): the name is under the zone when its cut tail, from a label
    // boundary and spanning at least the zone's first label, begins the zone.
    if (!name.endsWith('&')) return false;
    const QByteArray n = name.chopped(1);
    const int firstLabel = static_cast<int>(z.indexOf('.')) + 1;
    for (int p = static_cast<int>(n.size()) - firstLabel; p > 0; --p)
        if (n[p - 1] == '.' && z.startsWith(n.mid(p)) && n.size() - p >= firstLabel) return true;
    return false;
}

}  // namespace

UnboundLog::UnboundLog(const QByteArray& text) : m_raw(text.split('\n')) {
    if (!m_raw.isEmpty() && m_raw.back().isEmpty()) m_raw.removeLast();
    m_lines.reserve(static_cast<std::size_t>(m_raw.size()));
    for (const auto& r : m_raw) m_lines.push_back(parse(r));
}

std::vector<int> UnboundLog::queries(const QByteArray& client, const QByteArray& zone) const {
    std::vector<int> out;
    for (int i = 0; i < size(); ++i) {
        const Line& l = m_lines[static_cast<std::size_t>(i)];
        if (l.timeSecs >= 0 && !l.reply && l.client == client && under(l.name, zone))
            out.push_back(i);
    }
    return out;
}

std::vector<int> UnboundLog::queriesFrom(const QByteArray& client) const {
    std::vector<int> out;
    for (int i = 0; i < size(); ++i) {
        const Line& l = m_lines[static_cast<std::size_t>(i)];
        if (l.timeSecs >= 0 && !l.reply && l.client == client) out.push_back(i);
    }
    return out;
}

QByteArray UnboundLog::text(int from, int to) const {
    QByteArray out;
    for (int i = std::max(0, from); i < std::min(to, size()); ++i) out += m_raw[i] + '\n';
    return out;
}

int UnboundLog::firstLineAt(std::int64_t timeSecs) const {
    for (int i = 0; i < size(); ++i)
        if (m_lines[static_cast<std::size_t>(i)].timeSecs >= timeSecs) return i;
    return size();
}

}  // namespace dnshound::tests::lab
