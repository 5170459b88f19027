// A host's IMGUI_USER_CONFIG that changes Dear ImGui's layout: 32-bit draw indices
// (ImWchar goes to 32 bits through IMGUI_USE_WCHAR32, set by the host's imgui_config
// target), and the host's IM_ASSERT handler. ImGui is built from source with it.
#pragma once

#define IMCONTACT_TEST_HOST_IMCONFIG 1
#define ImDrawIdx unsigned int
void HostAssertFailed(const char* expr, const char* file, int line);
#define IM_ASSERT(_EXPR) ((_EXPR) ? (void)0 : HostAssertFailed(#_EXPR, __FILE__, __LINE__))
