// See key_taps.h.
#include "key_taps.h"

#include "imgui.h"
#include "imgui_impl_glfw.h"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <vector>

#if IMGUI_VERSION_NUM < 18700
namespace
{
struct HeldRelease
{
    GLFWwindow* Window;
    int Key, Scancode, Mods;
};
GLFWkeyfun g_backend = nullptr;          // the backend's key callback (ImGui_ImplGlfw_KeyCallback)
std::vector<int> g_pressed;              // keys pressed in this frame's events
std::vector<HeldRelease> g_held;         // their releases, handed over once the frame is done

void KeyCallback(GLFWwindow* window, int key, int scancode, int action, int mods)
{
    if (action == GLFW_PRESS) g_pressed.push_back(key);
    if (action == GLFW_RELEASE && std::find(g_pressed.begin(), g_pressed.end(), key) != g_pressed.end())
    {
        g_held.push_back({ window, key, scancode, mods });   // ImGui has not seen it down yet
        return;
    }
    if (g_backend) g_backend(window, key, scancode, action, mods);
}
} // namespace

void InstallKeyTapKeeper(GLFWwindow* window)
{
    g_backend = glfwSetKeyCallback(window, KeyCallback);
}

void ReleaseHeldKeyTaps()
{
    g_pressed.clear();
    std::vector<HeldRelease> held;
    held.swap(g_held);
    for (const HeldRelease& r : held)
        if (g_backend) g_backend(r.Window, r.Key, r.Scancode, GLFW_RELEASE, r.Mods);
}
#else
void InstallKeyTapKeeper(GLFWwindow*) {}   // Dear ImGui 1.87+ queues the events itself
void ReleaseHeldKeyTaps() {}
#endif
