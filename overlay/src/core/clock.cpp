// Wall-clock time as text (see imcontact/internal/clock.h).
#include "imcontact/internal/clock.h"

#include <ctime>

namespace ImContact
{

std::string FormatNowUtc(const char* format)
{
    const std::time_t now = std::time(nullptr);
    std::tm tm_utc{};
    gmtime_r(&now, &tm_utc);
    char buf[64];
    const size_t n = std::strftime(buf, sizeof(buf), format, &tm_utc);
    return std::string(buf, n);
}

std::string NowUtcIso8601() { return FormatNowUtc("%Y-%m-%dT%H:%M:%SZ"); }

} // namespace ImContact
