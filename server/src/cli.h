// The imcontact-receiver command line: serve, list, show, set-status, export-screenshot,
// export-attachment.
// RunCli() is the whole program; main.cpp only calls it.
// Exit codes: 0 success, 1 the operation failed (no such ticket, database error...),
// 2 bad usage (unknown command or option, missing argument).
#pragma once

#include <iosfwd>

namespace ImContactReceiver
{

int RunCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

} // namespace ImContactReceiver
