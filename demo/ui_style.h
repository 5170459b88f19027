// Fonts and colours of the demo's Dear ImGui UI, scaled for HiDPI screens.
#pragma once

namespace Demo
{

// HiDPI: 'content_scale' is glfwGetWindowContentScale(); 'framebuffer_scale' is framebuffer
// pixels per window coordinate (1 on X11, where GLFW_SCALE_TO_MONITOR enlarges the window
// instead; 2 on a Retina Mac or scaled Wayland). The UI is sized content/framebuffer times
// in window coordinates and its font rasterised at content scale, so text stays sharp.
// Loads DejaVu Sans when the system has it (Finnish letters, dashes, the ✉ of the contact
// menu item), else Dear ImGui's built-in font.
void SetupStyleAndFonts(float content_scale, float framebuffer_scale);

} // namespace Demo
