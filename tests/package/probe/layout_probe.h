// ODR probe for the package tests: the Dear ImGui layout as one translation unit sees it.
//
//   ImContactPackageTest::LayoutInThisUnit()   evaluated in the caller's translation unit:
//                                           static, so each unit has its own copy (an
//                                           ordinary inline function would be merged by
//                                           the linker into one, hiding the very mismatch
//                                           the probe looks for)
//   ImContactPackageTest::LibraryLayout()   defined in library_layout.cpp, which the test
//                                           adds to the panel's own target, so it is
//                                           compiled with exactly the panel's flags
// The two must agree, or the host and the panel disagree on ImGui's structs (an ODR
// violation). HostConfigSeen says whether the host's IMGUI_USER_CONFIG reached that
// translation unit (the host config defines IMCONTACT_TEST_HOST_IMCONFIG).
// Thread: any. Owns nothing.
#pragma once

#include "imgui.h"

#include <cstddef>
#include <cstdio>

namespace ImContactPackageTest
{

struct Layout
{
    size_t IO = 0, DrawVert = 0, Wchar = 0, DrawIdx = 0;
    int    VersionNum = 0;
    bool   HostConfigSeen = false;
};

static inline Layout LayoutInThisUnit()
{
    Layout l;
    l.IO = sizeof(ImGuiIO);
    l.DrawVert = sizeof(ImDrawVert);
    l.Wchar = sizeof(ImWchar);
    l.DrawIdx = sizeof(ImDrawIdx);
    l.VersionNum = IMGUI_VERSION_NUM;
#ifdef IMCONTACT_TEST_HOST_IMCONFIG
    l.HostConfigSeen = true;
#endif
    return l;
}

Layout LibraryLayout();

inline void PrintLayout(const char* who, const Layout& l)
{
    std::printf("%-8s IMGUI_VERSION_NUM=%d sizeof(ImGuiIO)=%zu sizeof(ImDrawVert)=%zu sizeof(ImWchar)=%zu "
                "sizeof(ImDrawIdx)=%zu host imconfig=%s\n",
                who, l.VersionNum, l.IO, l.DrawVert, l.Wchar, l.DrawIdx, l.HostConfigSeen ? "yes" : "no");
}

inline bool SameLayout(const Layout& a, const Layout& b)
{
    return a.IO == b.IO && a.DrawVert == b.DrawVert && a.Wchar == b.Wchar && a.DrawIdx == b.DrawIdx &&
           a.VersionNum == b.VersionNum && a.HostConfigSeen == b.HostConfigSeen;
}

} // namespace ImContactPackageTest
