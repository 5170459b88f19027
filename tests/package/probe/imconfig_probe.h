// Probe for the package tests: did the host's IMGUI_USER_CONFIG reach a translation unit?
// (The host configs define IMCONTACT_TEST_HOST_IMCONFIG.) The panel's own layout check
// (ImContact::CompiledImGuiLayout vs IMCONTACT_IMGUI_LAYOUT_HERE) compares sizes; an
// imconfig that only routes IM_ASSERT to the host's handler changes no size, so the
// tests also ask the panel's compile whether it saw the host's imconfig.
//   HostImconfigSeenHere()    evaluated in the caller's unit: static, so each unit has
//                             its own copy (an ordinary inline function would be merged
//                             by the linker into one, hiding the very difference asked for)
//   LibrarySawHostImconfig()  library_probe.cpp, added by the tests to the panel's own
//                             target, so compiled with exactly the panel's flags
// Thread: any. Owns nothing.
#pragma once

#include "imgui.h"

namespace ImContactPackageTest
{

static inline bool HostImconfigSeenHere()
{
#ifdef IMCONTACT_TEST_HOST_IMCONFIG
    return true;
#else
    return false;
#endif
}

bool LibrarySawHostImconfig();

} // namespace ImContactPackageTest
