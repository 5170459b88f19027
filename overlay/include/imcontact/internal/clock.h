// imcontact internal: wall-clock time as text (core).
//
// [Internal] No compatibility promise, like imgui_internal.h: for imcontact's own layers,
// the receiver, the tools and the tests. May change in any release.
//
// Thread-safety: any thread (gmtime_r, no shared state).
#pragma once

#include <string>

namespace ImContact
{

// The current time as ISO 8601 UTC with seconds, e.g. "2026-11-26T17:12:43Z": the one
// timestamp format of reports, tickets.json, the outbox and the receiver's database.
std::string NowUtcIso8601();

// The current time in UTC formatted with strftime's 'format' (at most 63 characters out),
// e.g. "%Y%m%dT%H%M%SZ" for file names.
std::string FormatNowUtc(const char* format);

} // namespace ImContact
