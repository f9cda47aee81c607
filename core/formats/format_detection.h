#pragma once

#include <string>
#include <string_view>

#include "core/formats/event_source.h"

namespace dnshound::core::formats {

// Decides the format from the first bytes of the (decompressed) content: Zeek TSV headers
// (`#separator`, `#fields`) or JSON objects → Zeek; unbound's "unbound[pid:tid] info:" lines →
// Unbound; pcap/pcapng magic → Pcap; anything else → Heidgaf.
InputFormat detectFormatFromContent(std::string_view head);

// Reads the start of `path` (through gzip when compressed) and applies detectFormatFromContent.
InputFormat detectFormat(const std::string& path);

// True for pcap (either byte order, µs or ns) and pcapng magic.
bool isCaptureMagic(std::string_view head);

}  // namespace dnshound::core::formats
