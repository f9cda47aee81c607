#include "core/text/json_writer.h"

#include <charconv>
#include <cmath>

namespace dnshound::core::text {

JsonObjectWriter::JsonObjectWriter(std::string& out) : m_out(out) {
    m_out.push_back('{');
}

void JsonObjectWriter::key(std::string_view k) {
    if (!m_first) m_out.push_back(',');
    m_first = false;
    appendJsonString(m_out, k);
    m_out.push_back(':');
}

JsonObjectWriter& JsonObjectWriter::field(std::string_view k, std::string_view value) {
    key(k);
    appendJsonString(m_out, value);
    return *this;
}

JsonObjectWriter& JsonObjectWriter::field(std::string_view k, double value) {
    key(k);
    appendJsonNumber(m_out, value);
    return *this;
}

JsonObjectWriter& JsonObjectWriter::field(std::string_view k, std::int64_t value) {
    key(k);
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof(buf), value);
    m_out.append(buf, r.ptr);
    return *this;
}

JsonObjectWriter& JsonObjectWriter::field(std::string_view k, std::uint64_t value) {
    key(k);
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof(buf), value);
    m_out.append(buf, r.ptr);
    return *this;
}

JsonObjectWriter& JsonObjectWriter::field(std::string_view k, bool value) {
    key(k);
    m_out.append(value ? "true" : "false");
    return *this;
}

JsonObjectWriter& JsonObjectWriter::field(std::string_view k,
                                          const std::vector<std::string>& values) {
    key(k);
    m_out.push_back('[');
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) m_out.push_back(',');
        appendJsonString(m_out, values[i]);
    }
    m_out.push_back(']');
    return *this;
}

JsonObjectWriter& JsonObjectWriter::rawField(std::string_view k, std::string_view json) {
    key(k);
    m_out.append(json);
    return *this;
}

void JsonObjectWriter::finish() {
    m_out.push_back('}');
}

namespace {
// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not valid.
std::size_t utf8SequenceLength(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
    return n;
}
}  // namespace

void appendJsonString(std::string& out, std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(static_cast<char>(c));
        } else if (c < 0x20 || c == 0x7f) {
            switch (c) {
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    out.append("\\u00");
                    out.push_back(kHex[c >> 4]);
                    out.push_back(kHex[c & 15]);
            }
        } else if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if (std::size_t n = utf8SequenceLength(s, i); n > 0) {
            out.append(s.substr(i, n));
            i += n - 1;
        } else {
            out.append("\\u00");
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    out.push_back('"');
}

void appendJsonNumber(std::string& out, double value) {
    if (!std::isfinite(value)) {
        out.append("null");
        return;
    }
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof(buf), value);
    out.append(buf, r.ptr);
}

}  // namespace dnshound::core::text
