#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dnshound::core::formats {

// Walks the members of one JSON object without building a tree or allocating: keys and values
// are views into the text. Nested arrays and objects are validated and skipped as a whole; of an
// array, the first string element is reported (Zeek's "answers"). Strings are reported raw
// (escapes intact); decodeString() unescapes into a caller's buffer.
class FlatJsonScanner final {
public:
    enum class Kind : std::uint8_t { String, Number, Literal, Array, Object };

    struct Member {
        std::string_view key;  // raw, escapes intact
        Kind kind = Kind::Literal;
        std::string_view raw;          // String: between the quotes; others: the token text
        std::string_view firstString;  // Array: raw first string element, if any
        bool hasFirstString = false;
    };

    explicit FlatJsonScanner(std::string_view text) : m_text(text) {}

    // Next member; false at the end of the object or on malformed input (then failed()).
    bool next(Member& member);
    bool failed() const { return m_failed; }

    // Unescapes a raw JSON string into `out` (reused; UTF-8 for \u escapes). False when invalid.
    static bool decodeString(std::string_view raw, std::string& out);

private:
    bool fail() {
        m_failed = true;
        return false;
    }
    void skipSpace();
    bool scanString(std::string_view& raw);
    bool scanNumber(std::string_view& raw);
    bool scanNested(Member& member);

    std::string_view m_text;
    std::size_t m_pos = 0;
    bool m_started = false;
    bool m_done = false;
    bool m_failed = false;
};

}  // namespace dnshound::core::formats
