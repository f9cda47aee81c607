#include "core/sample/dga_algorithms.h"

#include <stdexcept>
#include <string>
#include <unordered_set>

#include "core/sample/seeded_random.h"

namespace dnshound::core::sample {

namespace {

// Collects distinct names; the algorithms can revisit a state, so a repeat is skipped, and a
// generator that keeps repeating is a bug rather than a reason to loop forever.
class DistinctNames final {
public:
    explicit DistinctNames(std::size_t count) : m_count(count) {
        m_names.reserve(count);
        m_seen.reserve(count * 2);
    }
    bool full() const { return m_names.size() >= m_count; }
    void offer(std::string name) {
        if (++m_attempts > m_count * 64 + 4096)
            throw std::logic_error("DGA generator keeps repeating names: " + name);
        if (m_seen.insert(name).second) m_names.push_back(std::move(name));
    }
    std::vector<std::string> take() { return std::move(m_names); }

private:
    std::size_t m_count;
    std::size_t m_attempts = 0;
    std::vector<std::string> m_names;
    std::unordered_set<std::string> m_seen;
};

std::uint32_t dateSalt(CivilDate date) {
    return static_cast<std::uint32_t>(mixBits(static_cast<std::uint64_t>(daysFromCivil(date))));
}

// Ramnit-style: Park-Miller minimal standard generator computed with Schrage's factorisation,
// taken modulo 2^32 as the original 32-bit code does; length 8 + r(12), letters 'a' + r(25).
std::vector<std::string> ramnit(std::uint64_t seed, CivilDate date, std::size_t count) {
    std::uint32_t state = static_cast<std::uint32_t>(seed ^ (seed >> 32)) ^ dateSalt(date);
    if (state == 0) state = 0x2F1C7E35u;
    auto draw = [&state](std::uint32_t modulus) {
        state = 16807u * (state % 127773u) - 2836u * (state / 127773u);
        return state % modulus;
    };
    DistinctNames names(count);
    while (!names.full()) {
        const std::uint32_t length = 8 + draw(12);
        const std::uint32_t domainSeed = state;
        std::string name;
        name.reserve(length + 4);
        for (std::uint32_t i = 0; i < length; ++i)
            name.push_back(static_cast<char>('a' + draw(25)));
        name += ".com";
        state = domainSeed * state;  // next domain's seed mixes its start and end state
        if (state == 0) state = domainSeed ^ 0x5DEECE66u;
        names.offer(std::move(name));
    }
    return names.take();
}

// Banjori-style: a long base domain whose first four letters are rewritten from each other on
// every step (each mapped back into a-z); the rest of the base stays, which is what makes the
// family recognisable. When the four-letter state cycles, the next four letters start turning
// too, like an odometer.
std::vector<std::string> banjori(std::uint64_t seed, CivilDate date, std::size_t count) {
    static constexpr std::array<std::string_view, 4> kBases{
        "earnestnessbiophysicalohax", "lavenderquarrelsomeunderwriting",
        "hollowmarketsofttoothbrushing", "whisperedgravitationalmonkey"};
    const std::uint64_t mixed = mixBits(seed);
    std::string label(kBases[mixed % kBases.size()]);
    auto wrap = [](int c) { return static_cast<char>('a' + ((c - 'a') % 26 + 26) % 26); };
    auto step = [&label, &wrap](std::size_t at) {
        char* d = label.data() + at;
        d[0] = wrap(d[0] + d[3]);
        d[1] = wrap(d[0] + 2 * d[1]);
        d[2] = wrap(d[0] + d[2] - 1);
        d[3] = wrap(d[1] + d[2] + d[3]);
    };
    // The malware starts from the base domain; a configuration seed and the date move the
    // starting point so that different infections and days try different names.
    const std::uint64_t skip = (mixed >> 8) % 509 + static_cast<std::uint64_t>(dateSalt(date) % 61);
    for (std::uint64_t i = 0; i < skip; ++i) step(0);
    DistinctNames names(count);
    std::unordered_set<std::string> statesSeen;
    while (!names.full()) {
        step(0);
        if (!statesSeen.insert(label.substr(0, 4)).second) {
            // The four-letter state cycled: turn the next four letters once and go on.
            statesSeen.clear();
            step(4);
            statesSeen.insert(label.substr(0, 4));
        }
        names.offer(label + ".com");
    }
    return names.take();
}

// Tinba-style: every domain is twelve letters computed from the letters of the previous domain
// and a seed string through a 32-bit LCG; the TLD rotates through the configured list.
std::vector<std::string> tinba(std::uint64_t seed, CivilDate date, std::size_t count) {
    static constexpr std::array<std::string_view, 5> kTlds{".com", ".net", ".in", ".ru", ".biz"};
    SeededRandom configRandom(mixBits(seed ^ 0x7469'6E62'61ull));
    std::string seedString(10, 'a');
    for (char& c : seedString) c = static_cast<char>('a' + configRandom.below(26));
    std::string previous(12, 'a');
    for (char& c : previous) c = static_cast<char>('a' + configRandom.below(26));
    std::uint32_t seedSum = dateSalt(date) & 0xFFFFu;
    for (char c : seedString) seedSum += static_cast<unsigned char>(c);
    DistinctNames names(count);
    std::size_t index = 0;
    while (!names.full()) {
        std::uint32_t acc = seedSum;
        for (char c : previous) acc = acc * 31u + static_cast<unsigned char>(c);
        std::string next(12, 'a');
        for (std::size_t j = 0; j < next.size(); ++j) {
            acc = (acc + static_cast<unsigned char>(previous[j])) * 214013u + 2531011u;
            next[j] = static_cast<char>('a' + ((acc >> 16) & 0x7FFFu) % 26);
        }
        previous = next;
        next += kTlds[index++ % kTlds.size()];
        names.offer(std::move(next));
    }
    return names.take();
}

// Our own word list for the word-pair family: common English words of 4-9 letters.
constexpr std::array<std::string_view, 128> kWords{
    "able",    "account", "action",  "advice",  "afraid",  "against", "animal",   "answer",
    "appear",  "arrive",  "autumn",  "balance", "battle",  "beauty",  "believe",  "between",
    "border",  "bottle",  "branch",  "bright",  "broken",  "brother", "butter",   "camera",
    "captain", "careful", "castle",  "center",  "chance",  "change",  "charge",   "chicken",
    "circle",  "climb",   "clothes", "coffee",  "collect", "common",  "company",  "corner",
    "country", "couple",  "courage", "crystal", "danger",  "decide",  "degree",   "desert",
    "dinner",  "doctor",  "double",  "dragon",  "during",  "eastern", "either",   "energy",
    "engine",  "enough",  "evening", "example", "family",  "famous",  "father",   "feather",
    "finger",  "flower",  "follow",  "forest",  "forward", "friend",  "future",   "garden",
    "gentle",  "golden",  "govern",  "guitar",  "harbor",  "health",  "heavy",    "history",
    "honest",  "hunter",  "island",  "journey", "kitchen", "ladder",  "language", "letter",
    "listen",  "little",  "machine", "market",  "master",  "matter",  "middle",   "minute",
    "mirror",  "moment",  "monkey",  "morning", "mother",  "motion",  "nature",   "number",
    "object",  "orange",  "orchard", "painter", "pattern", "people",  "picture",  "planet",
    "pocket",  "police",  "prepare", "present", "promise", "purple",  "question", "rabbit",
    "reason",  "record",  "river",   "saddle",  "season",  "secret",  "silver",   "window"};

std::vector<std::string> suppobox(std::uint64_t seed, CivilDate date, std::size_t count) {
    if (count > kSuppoboxMaxDomains)
        throw std::invalid_argument("suppobox: at most " + std::to_string(kSuppoboxMaxDomains) +
                                    " names a day");
    static constexpr std::array<std::string_view, 4> kTlds{".net", ".net", ".net", ".com"};
    constexpr std::uint64_t kPairs = kWords.size() * kWords.size();
    static_assert((kPairs & (kPairs - 1)) == 0, "the pair permutation needs a power of two");
    // Odd multipliers, xor-shifts and additions modulo 2^14 are each bijective, so this walks
    // every word pair once in a scrambled daily order and never repeats a pair.
    const std::uint64_t daySeed =
        mixBits(seed ^ (static_cast<std::uint64_t>(dateSalt(date)) << 17));
    const std::uint64_t m1 = (daySeed | 1) & (kPairs - 1);
    const std::uint64_t m2 = ((daySeed >> 16) | 1) & (kPairs - 1);
    const std::uint64_t offset = (daySeed >> 32) & (kPairs - 1);
    auto permute = [&](std::uint64_t x) {
        x = (x * m1 + offset) & (kPairs - 1);
        x ^= x >> 7;
        x = (x * m2) & (kPairs - 1);
        x ^= x >> 5;
        return x;
    };
    DistinctNames names(count);
    for (std::uint64_t i = 0; !names.full(); ++i) {
        const std::uint64_t pair = permute(i);
        const std::size_t first = pair / kWords.size();
        const std::size_t second = pair % kWords.size();
        if (first == second) continue;
        std::string name(kWords[first]);
        name += kWords[second];
        name += kTlds[(pair >> 3) % kTlds.size()];
        names.offer(std::move(name));
    }
    return names.take();
}

}  // namespace

std::string_view dgaFamilyName(DgaFamily family) {
    switch (family) {
        case DgaFamily::Ramnit:
            return "ramnit";
        case DgaFamily::Banjori:
            return "banjori";
        case DgaFamily::Tinba:
            return "tinba";
        case DgaFamily::Suppobox:
            return "suppobox";
    }
    return "unknown";
}

std::optional<DgaFamily> dgaFamilyFromName(std::string_view name) {
    for (DgaFamily f : kDgaFamilies)
        if (dgaFamilyName(f) == name) return f;
    return std::nullopt;
}

std::vector<std::string> generateDgaDomains(DgaFamily family, std::uint64_t seed, CivilDate date,
                                            std::size_t count) {
    switch (family) {
        case DgaFamily::Ramnit:
            return ramnit(seed, date, count);
        case DgaFamily::Banjori:
            return banjori(seed, date, count);
        case DgaFamily::Tinba:
            return tinba(seed, date, count);
        case DgaFamily::Suppobox:
            return suppobox(seed, date, count);
    }
    throw std::invalid_argument("unknown DGA family");
}

}  // namespace dnshound::core::sample
