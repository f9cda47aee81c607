#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <cstdint>
#include <vector>

namespace dnshound::tests::lab {

// unbound's query log as the lab reads it back, to locate each session's traffic: which lines
// are a client's queries for names under a zone, and when they started. The product's own parser
// is what the assertions test; this only slices the file.
class UnboundLog final {
public:
    struct Line {
        std::int64_t timeSecs = -1;  // -1: not a query or reply line
        QByteArray client;
        QByteArray name;  // as logged, with the trailing dot
        QByteArray qtype;
        bool reply = false;
    };

    explicit UnboundLog(const QByteArray& text);

    int size() const { return static_cast<int>(m_raw.size()); }
    const Line& line(int i) const { return m_lines[static_cast<std::size_t>(i)]; }
    // Indices of the query lines (not replies) from `client` for names under `zone`, in order.
    std::vector<int> queries(const QByteArray& client, const QByteArray& zone) const;
    // Indices of every query line from `client`.
    std::vector<int> queriesFrom(const QByteArray& client) const;
    // The raw lines [from, to), newline-terminated.
    QByteArray text(int from, int to) const;
    // The first line logged at or after `timeSecs` (size() when none).
    int firstLineAt(std::int64_t timeSecs) const;

private:
    QList<QByteArray> m_raw;
    std::vector<Line> m_lines;
};

}  // namespace dnshound::tests::lab
