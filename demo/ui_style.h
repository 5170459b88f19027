// Fonts and colours of the demo's Dear ImGui UI, scaled for HiDPI screens.
#pragma once

namespace Demo
{

// 'scale' is the window's content scale (glfwGetWindowContentScale). Loads DejaVu Sans
// when the system has it (Finnish letters, dashes, the ✉ of the contact menu item),
// else Dear ImGui's built-in font.
void SetupStyleAndFonts(float scale);

} // namespace Demo
