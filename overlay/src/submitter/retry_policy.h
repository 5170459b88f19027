// imcontact: when a queued report is tried again (internal to imcontact_submitter).
//
// Backoff after the n-th failed attempt (n >= 1):
//   min(MaxDelayMs, InitialDelayMs * Multiplier^(n-1)) * (1 - Jitter + 2 * Jitter * u),
//   u uniform in [0, 1), the result again capped by MaxDelayMs.
// A receiver's Retry-After (delta-seconds, or an HTTP-date in any of the three formats
// of RFC 9110) is honoured up to MaxRetryAfterMs: the next attempt waits for the larger
// of the backoff and the (capped) Retry-After.
//
// Thread-safety: every function is pure and may be called from any thread.
#pragma once

#include "imcontact/imcontact_submitter.h"

#include <cstdint>
#include <ctime>
#include <string>

namespace ImContact
{

// Which failed attempts are tried again: connection failures, timeouts, 5xx, 429, 408,
// and a 2xx that was not a receipt (a captive portal, a proxy). Not: other 4xx.
bool IsRetryableFailure(Failure why, int http_status);

int64_t BackoffDelayMs(const RetryPolicy& policy, int failed_attempts, double unit_random);

// Parses a Retry-After value. False when it is neither delta-seconds nor an HTTP-date.
// An HTTP-date in the past gives 0. 'now' is the current UTC time (time(nullptr)).
bool ParseRetryAfter(const std::string& value, std::time_t now, int64_t* delay_ms);

// The delay before the next attempt: the backoff, or the capped Retry-After when that is
// longer. 'retry_after_ms' < 0: the receiver sent none.
int64_t NextAttemptDelayMs(const RetryPolicy& policy, int failed_attempts, double unit_random, int64_t retry_after_ms);

// The capped Retry-After (0 when none).
int64_t CappedRetryAfterMs(const RetryPolicy& policy, int64_t retry_after_ms);

} // namespace ImContact
