#include "core/text/json_reader.h"

#include <charconv>
#include <cstdlib>
#include <limits>
#include <type_traits>

#include "core/text/json_string.h"

namespace dnshound::core::text {

using Type = JsonValue::Type;

class JsonParser {
public:
    explicit JsonParser(JsonDocument& doc) : m_doc(doc), m_s(doc.m_text) {}

    void run() {
        if (m_s.size() >= std::numeric_limits<std::uint32_t>::max())
            throw JsonError("JSON text too large");
        skipSpace();
        value(0);
        skipSpace();
        if (m_pos != m_s.size()) fail("trailing characters after the JSON value");
    }

private:
    static constexpr int kMaxDepth = 256;

    [[noreturn]] void fail(const char* what) const {
        throw JsonError(std::string("JSON: ") + what + " at byte " + std::to_string(m_pos));
    }
    void skipSpace() {
        while (m_pos < m_s.size() && (m_s[m_pos] == ' ' || m_s[m_pos] == '\n' ||
                                      m_s[m_pos] == '\r' || m_s[m_pos] == '\t'))
            ++m_pos;
    }
    char peek() const { return m_pos < m_s.size() ? m_s[m_pos] : '\0'; }
    std::uint32_t push(Type t) {
        m_doc.m_nodes.push_back({t});
        m_doc.m_nodes.back().offset = static_cast<std::uint32_t>(m_pos);
        return static_cast<std::uint32_t>(m_doc.m_nodes.size() - 1);
    }
    void finish(std::uint32_t node) {
        m_doc.m_nodes[node].end = static_cast<std::uint32_t>(m_doc.m_nodes.size());
    }
    void literal(std::string_view word, Type t) {
        if (m_s.compare(m_pos, word.size(), word) != 0) fail("unexpected character");
        const std::uint32_t n = push(t);
        m_doc.m_nodes[n].length = static_cast<std::uint32_t>(word.size());
        m_pos += word.size();
        finish(n);
    }

    void value(int depth) {
        if (depth > kMaxDepth) fail("nesting too deep");
        switch (peek()) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Type::Bool);
            case 'f':
                return literal("false", Type::Bool);
            case 'n':
                return literal("null", Type::Null);
            default:
                return number();
        }
    }

    void array(int depth) {
        const std::uint32_t n = push(Type::Array);
        ++m_pos;
        skipSpace();
        std::uint32_t count = 0;
        if (peek() == ']') {
            ++m_pos;
        } else {
            for (;;) {
                skipSpace();
                value(depth + 1);
                ++count;
                skipSpace();
                const char c = peek();
                ++m_pos;
                if (c == ']') break;
                if (c != ',') fail("expected ',' or ']'");
            }
        }
        m_doc.m_nodes[n].count = count;
        finish(n);
    }

    void object(int depth) {
        const std::uint32_t n = push(Type::Object);
        ++m_pos;
        skipSpace();
        std::uint32_t count = 0;
        if (peek() == '}') {
            ++m_pos;
        } else {
            for (;;) {
                skipSpace();
                if (peek() != '"') fail("expected a member name");
                string();
                skipSpace();
                if (peek() != ':') fail("expected ':'");
                ++m_pos;
                skipSpace();
                value(depth + 1);
                ++count;
                skipSpace();
                const char c = peek();
                ++m_pos;
                if (c == '}') break;
                if (c != ',') fail("expected ',' or '}'");
            }
        }
        m_doc.m_nodes[n].count = count;
        finish(n);
    }

    void string() {
        ++m_pos;  // opening quote
        const std::uint32_t n = push(Type::String);
        bool escaped = false;
        while (m_pos < m_s.size() && m_s[m_pos] != '"') {
            const auto c = static_cast<unsigned char>(m_s[m_pos]);
            if (c < 0x20) fail("control character in string");
            if (c == '\\') {
                escaped = true;
                ++m_pos;
                if (m_pos >= m_s.size()) break;
            }
            ++m_pos;
        }
        if (m_pos >= m_s.size()) fail("unterminated string");
        auto& node = m_doc.m_nodes[n];
        node.length = static_cast<std::uint32_t>(m_pos - node.offset);
        node.escaped = escaped;
        ++m_pos;  // closing quote
        finish(n);
    }

    void number() {
        const std::uint32_t n = push(Type::Number);
        const std::size_t start = m_pos;
        if (peek() == '-') ++m_pos;
        auto digits = [&] {
            const std::size_t from = m_pos;
            while (m_pos < m_s.size() && m_s[m_pos] >= '0' && m_s[m_pos] <= '9') ++m_pos;
            return m_pos - from;
        };
        if (digits() == 0) fail("unexpected character");
        if (peek() == '.') {
            ++m_pos;
            if (digits() == 0) fail("digits expected after '.'");
        }
        if (peek() == 'e' || peek() == 'E') {
            ++m_pos;
            if (peek() == '+' || peek() == '-') ++m_pos;
            if (digits() == 0) fail("digits expected in exponent");
        }
        m_doc.m_nodes[n].length = static_cast<std::uint32_t>(m_pos - start);
        finish(n);
    }

    JsonDocument& m_doc;
    const std::string& m_s;
    std::size_t m_pos = 0;
};

JsonDocument JsonDocument::parse(std::string text) {
    JsonDocument doc;
    doc.m_text = std::move(text);
    doc.m_nodes.reserve(doc.m_text.size() / 6 + 16);
    JsonParser(doc).run();
    return doc;
}

namespace {

template <typename T>
T parseNumber(std::string_view s) {
    T v{};
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc::result_out_of_range) {
        // Overflow: +-infinity, underflow: zero or a denormal, as strtof / strtod give them.
        const std::string text(s);
        if constexpr (std::is_same_v<T, float>)
            return std::strtof(text.c_str(), nullptr);
        else
            return std::strtod(text.c_str(), nullptr);
    }
    if (ec != std::errc() || end != s.data() + s.size())
        throw JsonError("JSON: '" + std::string(s) + "' is not a number");
    return v;
}

std::string unescape(std::string_view s) {
    std::string out;
    if (!decodeJsonString(s, out)) throw JsonError("JSON: bad escape in string");
    return out;
}

}  // namespace

Type JsonValue::type() const {
    if (!m_doc) throw JsonError("JSON: value absent");
    return m_doc->m_nodes[m_index].type;
}

std::size_t JsonValue::size() const {
    const Type t = type();
    if (t != Type::Array && t != Type::Object) throw JsonError("JSON: not an array or object");
    return m_doc->m_nodes[m_index].count;
}

JsonValue JsonValue::operator[](std::string_view key) const {
    if (type() != Type::Object) throw JsonError("JSON: not an object");
    const auto& nodes = m_doc->m_nodes;
    std::uint32_t i = m_index + 1;
    for (std::uint32_t m = 0; m < nodes[m_index].count; ++m) {
        const auto& k = nodes[i];
        const std::string_view raw(m_doc->m_text.data() + k.offset, k.length);
        if (k.escaped ? unescape(raw) == key : raw == key) return JsonValue(m_doc, i + 1);
        i = nodes[i + 1].end;
    }
    return {};
}

bool JsonValue::asBool() const {
    if (type() != Type::Bool) throw JsonError("JSON: not a boolean");
    return m_doc->m_text[m_doc->m_nodes[m_index].offset] == 't';
}

double JsonValue::asDouble() const {
    if (type() != Type::Number) throw JsonError("JSON: not a number");
    const auto& n = m_doc->m_nodes[m_index];
    return parseNumber<double>(std::string_view(m_doc->m_text.data() + n.offset, n.length));
}

float JsonValue::asFloat() const {
    if (type() != Type::Number) throw JsonError("JSON: not a number");
    const auto& n = m_doc->m_nodes[m_index];
    return parseNumber<float>(std::string_view(m_doc->m_text.data() + n.offset, n.length));
}

std::int64_t JsonValue::asInt() const {
    if (type() != Type::Number) throw JsonError("JSON: not a number");
    const auto& n = m_doc->m_nodes[m_index];
    const std::string_view s(m_doc->m_text.data() + n.offset, n.length);
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size())
        throw JsonError("JSON: '" + std::string(s) + "' is not an integer");
    return v;
}

std::string JsonValue::asString() const {
    if (type() != Type::String) throw JsonError("JSON: not a string");
    const auto& n = m_doc->m_nodes[m_index];
    const std::string_view raw(m_doc->m_text.data() + n.offset, n.length);
    return n.escaped ? unescape(raw) : std::string(raw);
}

double JsonValue::asDoubleLenient() const {
    if (type() == Type::String) return parseNumber<double>(asString());
    return asDouble();
}

JsonValue::Iterator& JsonValue::Iterator::operator++() {
    m_index = m_doc->m_nodes[m_index].end;
    return *this;
}

JsonValue::Iterator JsonValue::begin() const {
    if (type() != Type::Array) throw JsonError("JSON: not an array");
    return Iterator(m_doc, m_index + 1);
}

JsonValue::Iterator JsonValue::end() const {
    if (type() != Type::Array) throw JsonError("JSON: not an array");
    return Iterator(m_doc, m_doc->m_nodes[m_index].end);
}

}  // namespace dnshound::core::text
