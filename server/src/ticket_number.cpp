// Random ticket numbers and status tokens.
#include "ticket_number.h"

#include <cstdint>
#include <cstdio>
#include <random>

namespace ImContactReceiver
{

// std::random_device reading /dev/urandom: the kernel CSPRNG, never a seeded PRNG.
// One device per thread, so no locking is needed.
static std::random_device& Device()
{
    thread_local std::random_device device("/dev/urandom");
    return device;
}

std::string NewTicketNumber()
{
    std::uniform_int_distribution<uint32_t> digits(0, 99999999u);
    const uint32_t n = digits(Device());
    char buf[16];
    std::snprintf(buf, sizeof(buf), "%04u-%04u", static_cast<unsigned>(n / 10000u), static_cast<unsigned>(n % 10000u));
    return buf;
}

std::string NewStatusToken()
{
    static const char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(32);
    for (int i = 0; i < 4; i++)
    {
        const uint32_t word = Device()();   // 32 random bits per call
        for (int shift = 28; shift >= 0; shift -= 4) out.push_back(hex[(word >> shift) & 0xFu]);
    }
    return out;
}

bool IsTicketNumberFormat(const std::string& s)
{
    if (s.size() != 9 || s[4] != '-') return false;
    for (size_t i = 0; i < s.size(); i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9')) return false;
    return true;
}

bool ConstantTimeEquals(const std::string& expected, const std::string& given)
{
    volatile unsigned char diff = static_cast<unsigned char>(expected.size() != given.size());
    for (size_t i = 0; i < expected.size(); i++)
    {
        const unsigned char g = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
        diff = static_cast<unsigned char>(diff | (static_cast<unsigned char>(expected[i]) ^ g));
    }
    return diff == 0;
}

} // namespace ImContactReceiver
