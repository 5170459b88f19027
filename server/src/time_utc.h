// Timestamps: ISO 8601 UTC with seconds, e.g. "2026-11-26T17:12:43Z".
// Thread-safety: may be called from any thread.
#pragma once

#include <string>

namespace ImContactReceiver
{

std::string NowIso8601Utc();

} // namespace ImContactReceiver
