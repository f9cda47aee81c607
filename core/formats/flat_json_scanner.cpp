#include "core/formats/flat_json_scanner.h"

#include "core/text/json_string.h"

namespace dnshound::core::formats {

namespace {
constexpr int kMaxDepth = 64;

bool isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
}  // namespace

void FlatJsonScanner::skipSpace() {
    while (m_pos < m_text.size()) {
        const char c = m_text[m_pos];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') break;
        ++m_pos;
    }
}

bool FlatJsonScanner::scanString(std::string_view& raw) {
    // At the opening quote.
    const std::size_t start = ++m_pos;
    while (m_pos < m_text.size()) {
        const char c = m_text[m_pos];
        if (c == '"') {
            raw = m_text.substr(start, m_pos - start);
            ++m_pos;
            return true;
        }
        if (static_cast<unsigned char>(c) < 0x20) return false;
        if (c == '\\') {
            if (++m_pos >= m_text.size()) return false;
            const char e = m_text[m_pos];
            if (e == 'u') {
                if (m_pos + 4 >= m_text.size()) return false;
                for (int i = 1; i <= 4; ++i)
                    if (!isHex(m_text[m_pos + static_cast<std::size_t>(i)])) return false;
                m_pos += 4;
            } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' &&
                       e != 'r' && e != 't') {
                return false;
            }
        }
        ++m_pos;
    }
    return false;
}

bool FlatJsonScanner::scanNumber(std::string_view& raw) {
    const std::size_t start = m_pos;
    auto digits = [&] {
        const std::size_t from = m_pos;
        while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9') ++m_pos;
        return m_pos > from;
    };
    if (m_pos < m_text.size() && m_text[m_pos] == '-') ++m_pos;
    if (!digits()) return false;
    if (m_pos < m_text.size() && m_text[m_pos] == '.') {
        ++m_pos;
        if (!digits()) return false;
    }
    if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
        ++m_pos;
        if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-')) ++m_pos;
        if (!digits()) return false;
    }
    raw = m_text.substr(start, m_pos - start);
    return true;
}

bool FlatJsonScanner::scanNested(Member& member) {
    // Validates brackets and strings; values inside are checked only lexically.
    const std::size_t start = m_pos;
    char stack[kMaxDepth];
    int depth = 0;
    bool expectFirst = m_text[m_pos] == '[';
    while (m_pos < m_text.size()) {
        const char c = m_text[m_pos];
        if (c == '[' || c == '{') {
            if (depth == kMaxDepth) return false;
            stack[depth++] = c == '[' ? ']' : '}';
            ++m_pos;
            continue;
        }
        if (c == ']' || c == '}') {
            if (depth == 0 || stack[depth - 1] != c) return false;
            ++m_pos;
            if (--depth == 0) {
                member.raw = m_text.substr(start, m_pos - start);
                return true;
            }
            continue;
        }
        if (c == '"') {
            std::string_view s;
            if (!scanString(s)) return false;
            if (expectFirst && depth == 1 && !member.hasFirstString) {
                member.firstString = s;
                member.hasFirstString = true;
            }
            continue;
        }
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')
            return false;
        ++m_pos;
    }
    return false;
}

bool FlatJsonScanner::next(Member& member) {
    if (m_failed || m_done) return false;
    member = Member{};
    skipSpace();
    if (!m_started) {
        if (m_pos >= m_text.size() || m_text[m_pos] != '{') return fail();
        m_started = true;
        ++m_pos;
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == '}') {
            ++m_pos;
            skipSpace();
            m_done = true;
            return m_pos == m_text.size() ? false : fail();
        }
    } else {
        if (m_pos >= m_text.size()) return fail();
        if (m_text[m_pos] == '}') {
            ++m_pos;
            skipSpace();
            m_done = true;
            return m_pos == m_text.size() ? false : fail();
        }
        if (m_text[m_pos] != ',') return fail();
        ++m_pos;
        skipSpace();
    }
    if (m_pos >= m_text.size() || m_text[m_pos] != '"' || !scanString(member.key)) return fail();
    skipSpace();
    if (m_pos >= m_text.size() || m_text[m_pos] != ':') return fail();
    ++m_pos;
    skipSpace();
    if (m_pos >= m_text.size()) return fail();
    const char c = m_text[m_pos];
    if (c == '"') {
        member.kind = Kind::String;
        if (!scanString(member.raw)) return fail();
    } else if (c == '[' || c == '{') {
        member.kind = c == '[' ? Kind::Array : Kind::Object;
        if (!scanNested(member)) return fail();
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        member.kind = Kind::Number;
        if (!scanNumber(member.raw)) return fail();
    } else {
        member.kind = Kind::Literal;
        for (std::string_view lit : {"true", "false", "null"}) {
            if (m_text.substr(m_pos, lit.size()) == lit) {
                member.raw = m_text.substr(m_pos, lit.size());
                m_pos += lit.size();
                return true;
            }
        }
        return fail();
    }
    return true;
}

bool FlatJsonScanner::decodeString(std::string_view raw, std::string& out) {
    return text::decodeJsonString(raw, out);
}

}  // namespace dnshound::core::formats
