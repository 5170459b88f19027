// ThreadSanitizer defaults for programs that run the receiver (TSan builds only).
//
// Debian's libcpp-httplib is not instrumented. It initialises function-local statics
// (the set of methods, the multipart regexes) on whichever worker thread gets there
// first; other workers later read them through the guard's inline fast path, which
// TSan cannot see in uninstrumented code. The result is false reports on memcmp/memcpy
// called from the library and on std::regex matcher code reading those statics. These
// defaults silence exactly that:
//   ignore_noninstrumented_modules=1  accesses by interceptors called from
//                                     uninstrumented libraries (sync is still tracked)
//   race:std::__detail::_*Matcher...  std::regex matching internals (the receiver's
//                                     own code uses no std::regex)
// Both are weak definitions; a program that defines its own wins.
#pragma once

namespace ImContactReceiver
{
// Referenced by receiver.cpp so that the definitions are linked wherever a Receiver is.
void LinkTsanDefaults();
} // namespace ImContactReceiver
