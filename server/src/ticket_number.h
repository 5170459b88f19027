// Ticket numbers and status tokens: random, from the operating system's CSPRNG.
//
// A ticket number is 8 random digits written NNNN-NNNN: short enough to read aloud
// over the phone (R13), 10^8 values. It is not a secret; the status token is.
// A status token is 128 random bits as 32 lower-case hex digits.
// Thread-safety: all functions may be called from any thread.
#pragma once

#include <string>

namespace ImContactReceiver
{

std::string NewTicketNumber();
std::string NewStatusToken();
// True for exactly four digits, '-', four digits.
bool IsTicketNumberFormat(const std::string& s);
// Compares a secret without an early exit: the time taken depends only on the
// length of 'expected', not on where 'given' first differs.
bool ConstantTimeEquals(const std::string& expected, const std::string& given);

} // namespace ImContactReceiver
