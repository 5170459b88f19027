// Random identifiers (see imcontact/internal/random.h).
#include "imcontact/internal/random.h"

#include <random>

namespace ImContact
{

uint32_t RandomU32()
{
    std::random_device rd;   // /dev/urandom on Linux with libstdc++
    return static_cast<uint32_t>(rd());
}

std::string RandomHex(size_t count)
{
    static const char kDigits[] = "0123456789abcdef";
    std::random_device rd;
    std::string out;
    out.reserve(count * 2);
    uint32_t word = 0;
    for (size_t i = 0; i < count; ++i)
    {
        if (i % 4 == 0) word = static_cast<uint32_t>(rd());
        const unsigned byte = (word >> ((i % 4) * 8)) & 0xFFu;
        out.push_back(kDigits[byte >> 4]);
        out.push_back(kDigits[byte & 0xFu]);
    }
    return out;
}

std::string NewIdempotencyKey() { return RandomHex(16); }

} // namespace ImContact
