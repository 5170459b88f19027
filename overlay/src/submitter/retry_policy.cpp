// When a queued report is tried again (see retry_policy.h).
#include "retry_policy.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace ImContact
{

bool IsRetryableFailure(Failure why, int http_status)
{
    switch (why)
    {
    case Failure::Unreachable:
    case Failure::Timeout:
    case Failure::ServerError:
    case Failure::BadResponse:
        return true;
    case Failure::Rejected:
        return http_status == 429 || http_status == 408;
    default:
        return false;
    }
}

int64_t BackoffDelayMs(const RetryPolicy& policy, int failed_attempts, double unit_random)
{
    const double max_delay = std::max(0, policy.MaxDelayMs);
    const double initial = std::min<double>(std::max(0, policy.InitialDelayMs), max_delay);
    const double multiplier = std::max(1.0, policy.Multiplier);
    const int exponent = std::max(0, failed_attempts - 1);
    // pow() may reach infinity for long outages; min() brings it back.
    double delay = std::min(max_delay, initial * std::pow(multiplier, std::min(exponent, 1000)));
    const double jitter = std::clamp(policy.Jitter, 0.0, 1.0);
    const double u = std::clamp(unit_random, 0.0, 1.0);
    delay *= 1.0 - jitter + 2.0 * jitter * u;
    return static_cast<int64_t>(std::min(max_delay, std::max(0.0, delay)));
}

int64_t CappedRetryAfterMs(const RetryPolicy& policy, int64_t retry_after_ms)
{
    if (retry_after_ms <= 0) return 0;
    return std::min<int64_t>(retry_after_ms, std::max(0, policy.MaxRetryAfterMs));
}

int64_t NextAttemptDelayMs(const RetryPolicy& policy, int failed_attempts, double unit_random, int64_t retry_after_ms)
{
    return std::max(BackoffDelayMs(policy, failed_attempts, unit_random), CappedRetryAfterMs(policy, retry_after_ms));
}

namespace
{
int MonthIndex(const char* name)
{
    static const char* months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    for (int i = 0; i < 12; ++i)
        if (std::strcmp(name, months[i]) == 0) return i;
    return -1;
}

bool ValidTime(int day, int hour, int minute, int second)
{
    return day >= 1 && day <= 31 && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 60;
}

struct DateParts
{
    char mon[4] = {};
    int  day = 0, year = 0, hour = 0, minute = 0, second = 0;
    bool two_digit_year = false;
};

// sscanf with a trailing %n: true when all 'fields' matched and nothing follows.
template <typename... Args>
bool ScanWhole(const std::string& s, const char* format, int fields, int* consumed, Args... args)
{
    *consumed = 0;
    return std::sscanf(s.c_str(), format, args..., consumed) == fields && static_cast<size_t>(*consumed) == s.size();
}

bool ScanHttpDate(const std::string& s, DateParts* p)
{
    char wday[16] = {}, zone[4] = {};
    int n = 0;
    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
    if (ScanWhole(s, "%3[A-Za-z], %2d %3[A-Za-z] %4d %2d:%2d:%2d %3s%n", 8, &n, wday, &p->day, p->mon, &p->year,
                  &p->hour, &p->minute, &p->second, zone))
        return std::strcmp(zone, "GMT") == 0;
    // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"
    if (ScanWhole(s, "%15[A-Za-z], %2d-%3[A-Za-z]-%2d %2d:%2d:%2d %3s%n", 8, &n, wday, &p->day, p->mon, &p->year,
                  &p->hour, &p->minute, &p->second, zone))
    {
        p->two_digit_year = true;
        return std::strcmp(zone, "GMT") == 0;
    }
    // asctime: "Sun Nov  6 08:49:37 1994"
    return ScanWhole(s, "%3[A-Za-z] %3[A-Za-z] %2d %2d:%2d:%2d %4d%n", 7, &n, wday, p->mon, &p->day, &p->hour,
                     &p->minute, &p->second, &p->year);
}

// The three HTTP-date formats, parsed without the C locale's help (a host may have set
// LC_TIME to a language whose month names are not English).
bool ParseHttpDate(const std::string& s, std::time_t now, std::time_t* out)
{
    DateParts p;
    if (!ScanHttpDate(s, &p)) return false;
    const int month = MonthIndex(p.mon);
    if (month < 0 || !ValidTime(p.day, p.hour, p.minute, p.second)) return false;
    int year = p.year;
    if (p.two_digit_year)
    {
        // RFC 9110: a two-digit year more than 50 years in the future is in the past century.
        std::tm now_tm{};
        gmtime_r(&now, &now_tm);
        const int this_year = now_tm.tm_year + 1900;
        year += this_year / 100 * 100;
        if (year > this_year + 50) year -= 100;
    }
    std::tm t{};
    t.tm_year = year - 1900;
    t.tm_mon = month;
    t.tm_mday = p.day;
    t.tm_hour = p.hour;
    t.tm_min = p.minute;
    t.tm_sec = p.second;
    *out = timegm(&t);
    return *out != static_cast<std::time_t>(-1);
}
} // namespace

bool ParseRetryAfter(const std::string& raw, std::time_t now, int64_t* delay_ms)
{
    size_t b = 0, e = raw.size();
    while (b < e && std::isspace(static_cast<unsigned char>(raw[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(raw[e - 1]))) --e;
    const std::string value = raw.substr(b, e - b);
    if (value.empty()) return false;
    if (value.find_first_not_of("0123456789") == std::string::npos)
    {
        // delta-seconds; absurdly long values are capped later, so saturate here.
        int64_t seconds = 0;
        for (char c : value)
        {
            seconds = seconds * 10 + (c - '0');
            if (seconds > 100ll * 365 * 24 * 3600) break;
        }
        *delay_ms = seconds * 1000;
        return true;
    }
    std::time_t when = 0;
    if (!ParseHttpDate(value, now, &when)) return false;
    *delay_ms = when <= now ? 0 : static_cast<int64_t>(when - now) * 1000;
    return true;
}

} // namespace ImContact
