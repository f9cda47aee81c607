#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dnshound::core::text {

class JsonError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class JsonDocument;

// A read-only view of one value inside a JsonDocument (cheap to copy; valid while the document
// lives). Numbers keep their source text, so asFloat() rounds the decimal text straight to float
// (no double rounding) and asDouble() to double.
class JsonValue {
public:
    enum class Type : std::uint8_t { Null, Bool, Number, String, Array, Object };

    Type type() const;
    bool isNull() const { return type() == Type::Null; }
    bool isArray() const { return type() == Type::Array; }
    bool isObject() const { return type() == Type::Object; }
    bool isNumber() const { return type() == Type::Number; }
    bool isString() const { return type() == Type::String; }
    bool isBool() const { return type() == Type::Bool; }

    // Elements of an array or members of an object.
    std::size_t size() const;
    // The member `key` of an object; an invalid value (valid() == false) when absent.
    JsonValue operator[](std::string_view key) const;
    bool valid() const { return m_doc != nullptr; }

    // Conversions throw JsonError when the type does not fit.
    bool asBool() const;
    double asDouble() const;
    float asFloat() const;
    std::int64_t asInt() const;
    std::string asString() const;  // unescaped
    // A number given as a JSON string too ("5E-1"), as XGBoost writes its parameters.
    double asDoubleLenient() const;

    // Iterates the elements of an array.
    class Iterator {
    public:
        JsonValue operator*() const { return JsonValue(m_doc, m_index); }
        Iterator& operator++();
        bool operator!=(const Iterator& o) const { return m_index != o.m_index; }

    private:
        friend class JsonValue;
        Iterator(const JsonDocument* doc, std::uint32_t index) : m_doc(doc), m_index(index) {}
        const JsonDocument* m_doc;
        std::uint32_t m_index;
    };
    Iterator begin() const;
    Iterator end() const;

private:
    friend class JsonDocument;
    JsonValue() = default;
    JsonValue(const JsonDocument* doc, std::uint32_t index) : m_doc(doc), m_index(index) {}
    const JsonDocument* m_doc = nullptr;
    std::uint32_t m_index = 0;
};

// A parsed JSON text (RFC 8259) as a flat array of nodes: one allocation for the whole tree, fast
// enough for a multi-megabyte model file. Object members are a key node followed by its value.
class JsonDocument {
public:
    // Parses `text` (which the document takes over); throws JsonError with the byte offset of the
    // first syntax error.
    static JsonDocument parse(std::string text);

    JsonDocument(JsonDocument&&) noexcept = default;
    JsonDocument& operator=(JsonDocument&&) noexcept = default;
    JsonDocument(const JsonDocument&) = delete;
    JsonDocument& operator=(const JsonDocument&) = delete;

    JsonValue root() const { return JsonValue(this, 0); }

private:
    friend class JsonValue;
    friend class JsonParser;
    JsonDocument() = default;
    struct Node {
        JsonValue::Type type;
        bool escaped = false;      // a string with backslash escapes
        std::uint32_t count = 0;   // elements / members
        std::uint32_t end = 0;     // index after this node's subtree
        std::uint32_t offset = 0;  // source text: number digits, string contents
        std::uint32_t length = 0;
    };
    std::string m_text;
    std::vector<Node> m_nodes;
};

}  // namespace dnshound::core::text
