#pragma once

#include <functional>
#include <memory>

#include "core/formats/event_source.h"
#include "core/formats/line_parser.h"
#include "core/formats/line_reader.h"

namespace dnshound::core::formats {

// An EventSource made of a LineReader and a LineParser: reads lines, counts them, turns reader
// conditions (over-long lines, a damaged gzip tail) into rejections, and lets the parser do the
// rest. The accounting identity linesTotal == linesValid + linesRejected + linesSkipped holds
// after every readBatch().
class LineSource final : public EventSource {
public:
    using ParserFactory = std::function<std::unique_ptr<LineParser>(ParseStats&)>;

    LineSource(const std::string& path, InputFormat format, const ParserFactory& makeParser);

    bool readBatch(std::vector<event::DnsEvent>& out, std::size_t maxEvents) override;
    const ParseStats& stats() const override { return m_stats; }
    double progress() const override;
    InputFormat format() const override { return m_format; }

private:
    ParseStats m_stats;
    LineReader m_reader;
    std::unique_ptr<LineParser> m_parser;
    InputFormat m_format;
    bool m_finished = false;
};

}  // namespace dnshound::core::formats
