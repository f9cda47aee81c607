#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dnshound::core::text {

// Builds one JSON object as text, appending into a caller-owned buffer (reused across rows, so
// writing JSON lines costs no allocation per row once the buffer has grown).
class JsonObjectWriter final {
public:
    explicit JsonObjectWriter(std::string& out);
    JsonObjectWriter& field(std::string_view key, std::string_view value);
    JsonObjectWriter& field(std::string_view key, const char* value) {
        return field(key, std::string_view(value));
    }
    JsonObjectWriter& field(std::string_view key, double value);
    JsonObjectWriter& field(std::string_view key, std::int64_t value);
    JsonObjectWriter& field(std::string_view key, std::uint64_t value);
    JsonObjectWriter& field(std::string_view key, int value) {
        return field(key, static_cast<std::int64_t>(value));
    }
    JsonObjectWriter& field(std::string_view key, bool value);
    JsonObjectWriter& field(std::string_view key, const std::vector<std::string>& values);
    // Inserts already-encoded JSON (an object or array built by another writer).
    JsonObjectWriter& rawField(std::string_view key, std::string_view json);
    // Closes the object; the writer must not be used afterwards.
    void finish();

private:
    void key(std::string_view k);
    std::string& m_out;
    bool m_first = true;
};

// Appends `s` as a quoted JSON string (escaping quotes, backslashes and control characters;
// bytes that are not valid UTF-8 are written as \u00XX so the output is always valid JSON).
void appendJsonString(std::string& out, std::string_view s);
// Appends a number with enough digits to round-trip; NaN and infinities become null.
void appendJsonNumber(std::string& out, double value);

}  // namespace dnshound::core::text
