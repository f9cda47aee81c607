#include "core/formats/line_source.h"

namespace dnshound::core::formats {

LineSource::LineSource(const std::string& path, InputFormat format, const ParserFactory& makeParser)
    : m_reader(path), m_parser(makeParser(m_stats)), m_format(format) {}

bool LineSource::readBatch(std::vector<event::DnsEvent>& out, std::size_t maxEvents) {
    if (m_finished) return false;
    const std::size_t target = out.size() + (maxEvents == 0 ? 1 : maxEvents);
    LineReader::Line line;
    while (out.size() < target) {
        if (!m_reader.next(line)) {
            m_parser->finish(out);
            m_finished = true;
            return false;
        }
        const std::uint64_t lineNo = ++m_stats.linesTotal;
        if (line.damaged) {
            m_stats.reject(lineNo, m_reader.damage(), line.text);
        } else if (line.tooLong) {
            m_stats.reject(lineNo, "line too long", line.text);
        } else {
            m_parser->parseLine(line.text, lineNo, out);
        }
    }
    return true;
}

double LineSource::progress() const {
    if (m_finished) return 1.0;
    const std::uint64_t total = m_reader.fileBytes();
    if (total == 0) return 0.0;
    const double p = static_cast<double>(m_reader.bytesConsumed()) / static_cast<double>(total);
    return p > 1.0 ? 1.0 : p;
}

}  // namespace dnshound::core::formats
