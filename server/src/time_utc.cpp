// ISO 8601 UTC timestamps.
#include "time_utc.h"

#include <chrono>
#include <ctime>

namespace ImContactReceiver
{

std::string NowIso8601Utc()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

} // namespace ImContactReceiver
