// libFuzzer target for the DNS wire parser (not built by default). Build and run, e.g.:
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -I. \
//     tests/fuzz/fuzz_dns_message.cpp core/formats/dns_message.cpp core/event/ip_address.cpp \
//     -o fuzz_dns_message
//   ./fuzz_dns_message -max_len=1024
// The input is one DNS message; its first two bytes also pick an offset for readDnsName. The
// message is copied into a buffer of exactly its size, so any read past it is caught.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "core/formats/dns_message.h"

using namespace dnshound::core::formats;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::uint8_t> wire(data, data + size);
    const std::span<const std::uint8_t> message(wire.data(), wire.size());
    DnsNameBuffer buffer;
    DnsMessage msg;
    if (parseDnsMessage(message, msg, buffer) == DnsError::None) {
        if (msg.qname.size() > 254) std::abort();
        for (const char c : msg.qname)
            if (c >= 'A' && c <= 'Z') std::abort();
    }
    if (size >= 2) {
        const std::size_t at = (static_cast<std::size_t>(data[0]) << 8 | data[1]) % size;
        std::size_t length = 0, next = 0;
        if (readDnsName(message, at, buffer, length, next) == DnsError::None &&
            (length > 254 || next <= at || next > size))
            std::abort();
    }
    return 0;
}
