// A host's IMGUI_USER_CONFIG that keeps Debian's prebuilt libimgui.a layout (no ImWchar /
// ImDrawIdx change): it routes IM_ASSERT to the host's handler and marks that it was seen.
#pragma once

#define IMCONTACT_TEST_HOST_IMCONFIG 1
void HostAssertFailed(const char* expr, const char* file, int line);
#define IM_ASSERT(_EXPR) ((_EXPR) ? (void)0 : HostAssertFailed(#_EXPR, __FILE__, __LINE__))
