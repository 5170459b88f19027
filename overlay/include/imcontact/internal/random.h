// imcontact internal: random identifiers (core).
//
// [Internal] No compatibility promise, like imgui_internal.h: for imcontact's own layers,
// the receiver, the tools and the tests. May change in any release.
//
// Thread-safety: any thread (each call reads the system's random source itself).
#pragma once

#include <cstdint>
#include <string>

namespace ImContact
{

// 'count' bytes from the operating system's random source (/dev/urandom through
// std::random_device), hex-encoded in lower case: 2 * count characters.
std::string RandomHex(size_t count);

// A report's idempotency key: 128 random bits as 32 lower-case hex digits. The submitter
// gives one to every report that has none; imcontact-send prints it.
std::string NewIdempotencyKey();

// A random 32-bit value from the same source, e.g. a temporary file's suffix.
uint32_t RandomU32();

} // namespace ImContact
