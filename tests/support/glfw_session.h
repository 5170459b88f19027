// One GLFW initialisation per test process, with GLFW's error text kept for the failure
// message. Shared by the GL tests (gl_test_window.h) and the panel's GL host tests.
#pragma once

#include <GLFW/glfw3.h>

#include <cstdio>
#include <string>

namespace ImContactTest
{

inline std::string g_GlfwLastError;

inline void OnGlfwError(int code, const char* description)
{
    char buf[32];
    snprintf(buf, sizeof(buf), "GLFW error 0x%X: ", code);
    g_GlfwLastError = buf + std::string(description ? description : "");
}

struct GlfwSession
{
    bool        Ok = false;
    std::string Error;
    GlfwSession()
    {
        glfwSetErrorCallback(OnGlfwError);
        Ok = glfwInit() == GLFW_TRUE;
        if (!Ok)
            Error = g_GlfwLastError;
    }
    // No glfwTerminate() on purpose: it closes the X display, which dlclose()s Mesa's DRI
    // driver, and LeakSanitizer then reports the driver's still-owned allocations (112
    // bytes with llvmpipe) as leaks in ASan builds. The process exits right after.
};

inline GlfwSession& Glfw()
{
    static GlfwSession session;
    return session;
}

} // namespace ImContactTest
