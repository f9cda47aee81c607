#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dnshound::core::model {

// FIPS 180-4 SHA-256, incremental. Used to pin a model file to its manifest.
class Sha256 final {
public:
    Sha256();
    void update(const void* data, std::size_t size);
    void update(std::string_view s) { update(s.data(), s.size()); }
    // Lower-case hex digest; the object must not be updated afterwards.
    std::string hexDigest();

    static std::string ofString(std::string_view s);
    // Throws std::runtime_error when the file cannot be read.
    static std::string ofFile(const std::string& path);

private:
    void blocks(const std::uint8_t* p, std::size_t count);  // SHA-NI where the CPU has it
    void block(const std::uint8_t* p);                      // portable, one block
    std::array<std::uint32_t, 8> m_state;
    std::array<std::uint8_t, 64> m_buffer{};
    std::size_t m_buffered = 0;
    std::uint64_t m_length = 0;
};

}  // namespace dnshound::core::model
