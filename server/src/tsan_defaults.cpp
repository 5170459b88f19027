// See tsan_defaults.h.
#include "tsan_defaults.h"

#if defined(__SANITIZE_THREAD__)
extern "C" __attribute__((weak)) const char* __tsan_default_options()
{
    return "ignore_noninstrumented_modules=1";
}

extern "C" __attribute__((weak)) const char* __tsan_default_suppressions()
{
    return "race:std::__detail::_CharMatcher\n"
           "race:std::__detail::_AnyMatcher\n"
           "race:std::__detail::_BracketMatcher\n"
           "race:std::__detail::_RegexTranslatorBase\n";
}
#endif

namespace ImContactReceiver
{
void LinkTsanDefaults() {}
} // namespace ImContactReceiver
