#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

namespace dnshound::core::model {

// The benign-list names a trainer's cleaning suspected of being DGA (see benign_cleaning.h),
// kept beside the model ("models/dga.suspects.txt") so that `dnshound-cli test` can mark them.
// The file holds 64-bit FNV-1a hashes of the normalised names, one hex number a line, after '#'
// comment lines: the data set's names stay out of the repository.
class BenignSuspects {
public:
    static std::uint64_t hashOf(std::string_view name);
    void add(std::string_view name) { m_hashes.insert(hashOf(name)); }
    bool contains(std::string_view name) const { return m_hashes.contains(hashOf(name)); }
    std::size_t size() const { return m_hashes.size(); }

    // Writes the hashes in ascending order, after `comment` (one '#' line per line of it).
    void save(const std::string& path, const std::string& comment) const;
    // Reads a file written by save; throws std::runtime_error when it is unreadable or malformed.
    static BenignSuspects load(const std::string& path);
    // The suspects beside `modelPath`, if that file exists.
    static std::optional<BenignSuspects> besideModel(const std::string& modelPath);

private:
    std::unordered_set<std::uint64_t> m_hashes;
};

}  // namespace dnshound::core::model
