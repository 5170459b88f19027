// The matrix host's imconfig (IMGUI_USER_CONFIG): a studio's typical changes, so that
// the panel is proven to compile with the host's ImGui configuration, not ImGui's default
// (the struct layouts differ: ImWchar 4 bytes, ImDrawIdx 4 bytes), and to use the host's
// IM_ASSERT handler.
#pragma once

#define IMGUI_USE_WCHAR32
#define ImDrawIdx unsigned int

void MatrixHostAssertFailed(const char* expr, const char* file, int line);
#define IM_ASSERT(_EXPR) ((_EXPR) ? (void)0 : MatrixHostAssertFailed(#_EXPR, __FILE__, __LINE__))
